package io.playknn.knn.brute;

import io.playknn.knn.NeighborHeap;
import java.util.Arrays;

/**
 * The {@code k} best of a collected list of (item, distance) candidates in the result contract's
 * order (smaller distance, then smaller index), selected without a heap:
 *
 * <ol>
 *   <li>A histogram of the similarities {@code 1 - distance}, filled as candidates are added (32
 *       buckets per binade from 2^-16 up to 1, one bucket below), gives the bucket {@code b} that
 *       holds the {@code k}-th best. The bucket is a non-decreasing function of the similarity, so
 *       every candidate in a higher bucket has a strictly smaller distance than every candidate
 *       in {@code b}, and every candidate in a lower bucket a strictly larger one: the higher
 *       buckets are kept whole, the lower ones dropped.
 *   <li>The kept higher buckets are placed by a counting sort on the bucket, best first, and an
 *       insertion pass puts each bucket's few candidates in exact (distance, index) order.
 *   <li>The places left go to the best of bucket {@code b}: sorted whole when it is small,
 *       otherwise by quickselect ({@link #kthSmallest}) for the threshold distance, ties at it
 *       broken by smaller index, and the kept ones sorted as longs (the distance's bits with the
 *       low bits replaced by the position), each run of equal keys then put in exact order.
 * </ol>
 *
 * <p>This selects exactly the pairs a bounded heap would keep, in the same order. The quickselect
 * is written here rather than taken from commons-math3's {@code KthSelector} because that one
 * selects over a whole array: a copy per row. The static methods are the heap-based selection of
 * the dense paths, shared by the single query and the batch.
 *
 * <p>Reusable; not thread-safe (one per worker).
 */
final class CandidateSelection {
  /** @return the cosine distance of a normalised dot product, {@code 1 - dot} clipped to [0, 2] */
  static double cosineDistance(double dot) {
    double d = 1.0 - dot;
    return d < 0 ? 0 : (d > 2 ? 2 : d);
  }

  /** @return whether a cosine top-k heap is final: full, and every kept distance below 1 */
  static boolean complete(NeighborHeap heap) {
    return heap.isFull() && (heap.size() == 0 || heap.worstDistance() < 1.0);
  }

  /**
   * Scans the accumulator over the items {@code [from, to)} in index order, clearing it, and
   * offers every item with a non-zero dot except {@code self} to {@code heap} (reset by the
   * caller, possibly holding pairs already), each first compared with the heap's worst distance.
   * Items with a zero dot (distance 1) are not offered: the caller finishes a heap that is not
   * {@link #complete} another way.
   */
  static void denseSelect(int self, int from, int to, double[] dots, NeighborHeap heap) {
    double worst =
        heap.isFull() && heap.size() > 0 ? heap.worstDistance() : Double.POSITIVE_INFINITY;
    for (int j = from; j < to; j++) {
      double dot = dots[j];
      if (dot != 0) {
        dots[j] = 0;
        double d = cosineDistance(dot);
        if (d <= worst && j != self) {
          heap.offer(j, d);
          worst = heap.isFull() ? heap.worstDistance() : Double.POSITIVE_INFINITY;
        }
      }
    }
  }

  /** Ranges shorter than this are finished by insertion sort. */
  private static final int INSERTION = 16;
  /** A boundary bucket with at most this many candidates is sorted whole. */
  private static final int SMALL = 32;
  /** Similarities at most 2^-16 share histogram bucket 0. */
  private static final double SMALLEST_BUCKETED = 0x1p-16;
  /** The biased exponent of {@link #SMALLEST_BUCKETED}. */
  private static final int SMALLEST_EXPONENT = Math.getExponent(SMALLEST_BUCKETED) + 1023;
  /** Mantissa bits below the 5 a bucket keeps. */
  private static final int BUCKET_SHIFT = 52 - 5;
  /** Bucket 0, then 32 per binade from 2^-16 to 1, and 1 itself. */
  private static final int BUCKETS = 2 + 16 * 32;

  private final int[] items;
  private final double[] distances;
  /** Scratch for the quickselect, which reorders it. */
  private final double[] work;
  /** Candidates per bucket; during {@link #selectInto}, the next free output slot per bucket. */
  private final int[] histogram = new int[BUCKETS];
  private final short[] buckets;
  private double[] keptDistances;
  private int[] keptItems;
  private long[] sortKeys;
  private int size;

  /**
   * @param capacity the most candidates ever collected at once (the item count)
   */
  CandidateSelection(int capacity) {
    items = new int[capacity];
    distances = new double[capacity];
    work = new double[capacity];
    buckets = new short[capacity];
    keptDistances = new double[0];
    keptItems = new int[0];
    sortKeys = new long[0];
  }

  /** Forgets the collected candidates. */
  void clear() {
    if (size > 0) {
      Arrays.fill(histogram, 0);
      size = 0;
    }
  }

  /**
   * Collects one candidate; each item at most once between clears.
   *
   * @param item the candidate's index
   * @param distance its distance, in {@code [0, 2]} (a cosine distance)
   */
  void add(int item, double distance) {
    int b = bucket(distance);
    items[size] = item;
    distances[size] = distance;
    buckets[size] = (short) b;
    histogram[b]++;
    size++;
  }

  /**
   * @return the histogram bucket of a distance: a non-decreasing function of {@code 1 -
   *     distance}, 0 for similarities at most 2^-16
   */
  static int bucket(double distance) {
    double similarity = 1.0 - distance;
    if (!(similarity > SMALLEST_BUCKETED)) {
      return 0;
    }
    return 1 + (int) (Double.doubleToRawLongBits(similarity) >>> BUCKET_SHIFT)
        - (SMALLEST_EXPONENT << (52 - BUCKET_SHIFT));
  }

  /** @return the number of candidates collected */
  int size() {
    return size;
  }

  /**
   * Writes the {@code min(k, size())} best candidates, best first, and forgets them all.
   *
   * @param k places wanted, {@code >= 0}
   * @param outIndices receives the items at {@code offset}
   * @param outDistances receives their distances at {@code offset}
   * @param offset where the best goes
   * @return the number written
   */
  int selectInto(int k, int[] outIndices, double[] outDistances, int offset) {
    int n = size;
    int m = Math.min(k, n);
    if (m == 0) {
      clear();
      return 0;
    }
    // The bucket b of the m-th best: the buckets above it hold `better` < m candidates, all kept.
    int b;
    int better;
    if (n == m) {
      b = -1;
      better = n;
    } else {
      b = BUCKETS - 1;
      better = 0;
      while (better + histogram[b] < m) {
        better += histogram[b];
        b--;
      }
    }
    // Counting sort by bucket (best bucket first) of the candidates above b; those in b gather
    // at the front of the candidate arrays.
    int start = offset;
    for (int c = BUCKETS - 1; c > b; c--) {
      int count = histogram[c];
      histogram[c] = start;
      start += count;
    }
    int boundary = 0;
    for (int i = 0; i < n; i++) {
      int bk = buckets[i];
      if (bk > b) {
        int at = histogram[bk]++;
        outIndices[at] = items[i];
        outDistances[at] = distances[i];
      } else if (bk == b) {
        items[boundary] = items[i];
        distances[boundary] = distances[i];
        boundary++;
      }
    }
    // Within a bucket the order is arbitrary: an insertion pass makes it exact, bucket by bucket
    // when there are many (a large k could put many candidates in one bucket).
    if (better <= SMALL * 8) {
      insertionSort(outIndices, outDistances, offset, offset + better);
    } else {
      int from = offset;
      for (int c = BUCKETS - 1; c > b; c--) {
        int to = histogram[c];
        sortRange(outIndices, outDistances, from, to);
        from = to;
      }
    }
    selectBest(boundary, m - better, outIndices, outDistances, offset + better);
    Arrays.fill(histogram, 0);
    size = 0;
    return m;
  }

  /**
   * Writes the {@code m} best of the first {@code n} candidates, {@code 0 <= m <= n}, in order.
   */
  private void selectBest(int n, int m, int[] outIndices, double[] outDistances, int offset) {
    if (m == 0) {
      return;
    }
    if (n <= SMALL) {
      insertionSort(items, distances, 0, n);
      System.arraycopy(items, 0, outIndices, offset, m);
      System.arraycopy(distances, 0, outDistances, offset, m);
      return;
    }
    ensureKept(m);
    System.arraycopy(distances, 0, work, 0, n);
    double threshold = kthSmallest(work, 0, n, m - 1);
    int kept = 0;
    int ties = 0;
    // Strictly better candidates all stay (fewer than m of them); the ties at the threshold,
    // moved to the front of items, compete for the remaining places by smaller index.
    for (int c = 0; c < n; c++) {
      double d = distances[c];
      if (d < threshold) {
        keptDistances[kept] = d;
        keptItems[kept] = items[c];
        kept++;
      } else if (d == threshold) {
        items[ties++] = items[c];
      }
    }
    if (ties > m - kept) {
      Arrays.sort(items, 0, ties);
    }
    for (int t = 0; kept < m; t++, kept++) {
      keptDistances[kept] = threshold;
      keptItems[kept] = items[t];
    }
    sortKept(m, outIndices, outDistances, offset);
  }

  /** Sorts {@code [from, to)} of the output by (distance, index): small ranges by insertion. */
  private void sortRange(int[] outIndices, double[] outDistances, int from, int to) {
    int m = to - from;
    if (m <= SMALL) {
      insertionSort(outIndices, outDistances, from, to);
      return;
    }
    ensureKept(m);
    System.arraycopy(outIndices, from, keptItems, 0, m);
    System.arraycopy(outDistances, from, keptDistances, 0, m);
    sortKept(m, outIndices, outDistances, from);
  }

  private void ensureKept(int m) {
    if (keptDistances.length < m) {
      keptDistances = new double[m];
      keptItems = new int[m];
      sortKeys = new long[m];
    }
  }

  /** Sorts {@code [from, to)} of the two arrays by (distance, index), in place. */
  private static void insertionSort(int[] indices, double[] distances, int from, int to) {
    for (int i = from + 1; i < to; i++) {
      double d = distances[i];
      int item = indices[i];
      int at = i;
      while (at > from
          && (distances[at - 1] > d || (distances[at - 1] == d && indices[at - 1] > item))) {
        distances[at] = distances[at - 1];
        indices[at] = indices[at - 1];
        at--;
      }
      distances[at] = d;
      indices[at] = item;
    }
  }

  /** Sorts the first {@code m} kept pairs by (distance, index) into the output. */
  private void sortKept(int m, int[] outIndices, double[] outDistances, int offset) {
    int positionBits = 32 - Integer.numberOfLeadingZeros(Math.max(1, m - 1));
    long positionMask = (1L << positionBits) - 1;
    for (int c = 0; c < m; c++) {
      // Non-negative doubles order as their bits; + 0.0 turns -0.0 into 0.0.
      sortKeys[c] = (Double.doubleToRawLongBits(keptDistances[c] + 0.0) & ~positionMask) | c;
    }
    Arrays.sort(sortKeys, 0, m);
    for (int c = 0; c < m; c++) {
      int position = (int) (sortKeys[c] & positionMask);
      outDistances[offset + c] = keptDistances[position];
      outIndices[offset + c] = keptItems[position];
    }
    // A run of keys equal above the position bits is in position order, not in exact (distance,
    // index) order. Its distances differ only in those low bits, so (low bits, index) orders it:
    // by insertion when short, else as longs (a long run of exact ties would make insertion
    // quadratic).
    int from = 0;
    while (from < m) {
      long high = sortKeys[from] & ~positionMask;
      int to = from + 1;
      while (to < m && (sortKeys[to] & ~positionMask) == high) {
        to++;
      }
      if (to - from <= SMALL) {
        insertionSort(outIndices, outDistances, offset + from, offset + to);
      } else {
        sortRunByLowBitsThenIndex(outIndices, outDistances, offset + from, offset + to, positionMask);
      }
      from = to;
    }
  }

  /**
   * Sorts a run of distances equal above {@code lowMask} (at most 31 bits) by (low bits, index),
   * in place; indices are non-negative. Rare (long runs of ties), so it may allocate.
   */
  private void sortRunByLowBitsThenIndex(
      int[] outIndices, double[] outDistances, int from, int to, long lowMask) {
    int n = to - from;
    long high = Double.doubleToRawLongBits(outDistances[from] + 0.0) & ~lowMask;
    long[] keys = new long[n];
    for (int c = 0; c < n; c++) {
      long low = Double.doubleToRawLongBits(outDistances[from + c] + 0.0) & lowMask;
      keys[c] = (low << 32) | outIndices[from + c];
    }
    Arrays.sort(keys);
    for (int c = 0; c < n; c++) {
      outIndices[from + c] = (int) keys[c];
      outDistances[from + c] = Double.longBitsToDouble(high | (keys[c] >>> 32));
    }
  }

  /**
   * Quickselect (Hoare partition around a median-of-three value): the value of rank {@code k}
   * within {@code a[from, to)}, which it reorders.
   *
   * @param a values, no NaN
   * @param from first index
   * @param to end index, {@code > from}
   * @param k the wanted rank's index, {@code from <= k < to}
   * @return the value that would sit at {@code a[k]} were the range sorted
   */
  static double kthSmallest(double[] a, int from, int to, int k) {
    int lo = from;
    int hi = to - 1;
    while (hi - lo >= INSERTION) {
      int mid = (lo + hi) >>> 1;
      double pivot = median(a[lo], a[mid], a[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      // Now a[lo..j] <= pivot <= a[i..hi], and everything strictly between j and i equals it.
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return pivot;
      }
    }
    for (int i = lo + 1; i <= hi; i++) {
      double v = a[i];
      int j = i - 1;
      while (j >= lo && a[j] > v) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = v;
    }
    return a[k];
  }

  private static double median(double x, double y, double z) {
    return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
  }
}
