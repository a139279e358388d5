package io.playknn.knn.brute;

import java.util.Arrays;

/**
 * The {@code k} best of a collected list of (item, distance) candidates in the result contract's
 * order (smaller distance, then smaller index), selected without a heap, in three steps:
 *
 * <ol>
 *   <li>A histogram of the similarities {@code 1 - distance}, filled as candidates are added (32
 *       buckets per binade from 2^-16 up to 1, one bucket below), gives the bucket that holds the
 *       {@code k}-th best; every candidate in a lower bucket is dropped. Since the bucket is a
 *       monotone function of the distance, the dropped ones are all strictly worse than the
 *       {@code k}-th best, ties included.
 *   <li>Among the rest, the {@code k}-th smallest distance is found by quickselect ({@link
 *       #kthSmallest}); the candidates below it are kept, and ties at it are broken by smaller
 *       index.
 *   <li>The kept {@code k} are sorted as longs (the distance's bits with the low bits replaced by
 *       the candidate's position, by {@link Arrays#sort(long[], int, int)}) and then finished by
 *       an insertion pass on the exact (distance, index) order, which only has to move candidates
 *       whose distances agree in all but those low bits.
 * </ol>
 *
 * <p>This selects exactly the pairs a bounded heap would keep, in the same order.
 *
 * <p>Why not the heap: a sparse row of the full-scale build has about 600 candidates for 100
 * places, and a heap offered them in touched order took a few hundred sift operations per row —
 * about a third of the time of the 260,000 least popular artists on the full-size synthetic data.
 * Why the histogram and the long sort: a JFR profile of the full-scale build still put a third
 * of the time in this class, in the quickselect over all candidates and in fastutil's
 * two-array sort of the kept ones (whose small ranges use selection sort).
 *
 * <p>The quickselect is written here rather than taken from commons-math3's {@code KthSelector}
 * because that one selects over a whole array: a copy per row, which on the full-scale build
 * (290,000 rows) raised the measured peak heap from 1.1 GB to 2.5 GB.
 *
 * <p>Reusable; not thread-safe (one per worker).
 */
final class CandidateSelection {
  /** Ranges shorter than this are finished by insertion sort. */
  private static final int INSERTION = 16;
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
  private final int[] histogram = new int[BUCKETS];
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
    items[size] = item;
    distances[size] = distance;
    histogram[bucket(distance)]++;
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
    if (keptDistances.length < m) {
      keptDistances = new double[m];
      keptItems = new int[m];
      sortKeys = new long[m];
    }
    if (m == 0) {
      n = 0;
    } else if (n > m) {
      n = dropBelowBucketOfKth(n, m);
    }
    if (n <= m) {
      System.arraycopy(distances, 0, keptDistances, 0, n);
      System.arraycopy(items, 0, keptItems, 0, n);
    } else {
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
    }
    sortKept(m, outIndices, outDistances, offset);
    clear();
    return m;
  }

  /**
   * Keeps only the candidates whose bucket is at least that of the {@code m}-th best (in place,
   * in their order): all candidates at or better than the {@code m}-th best distance stay.
   *
   * @return the number of candidates left, at least {@code m}
   */
  private int dropBelowBucketOfKth(int n, int m) {
    int b = BUCKETS - 1;
    int better = 0;
    while (better + histogram[b] < m) {
      better += histogram[b];
      b--;
    }
    if (b == 0) {
      return n;
    }
    int left = 0;
    for (int c = 0; c < n; c++) {
      double d = distances[c];
      if (bucket(d) >= b) {
        distances[left] = d;
        items[left] = items[c];
        left++;
      }
    }
    return left;
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
      double d = keptDistances[position];
      int item = keptItems[position];
      // Keys equal above the position bits may be out of exact order: insert into place.
      int at = offset + c;
      while (at > offset
          && (outDistances[at - 1] > d || (outDistances[at - 1] == d && outIndices[at - 1] > item))) {
        outDistances[at] = outDistances[at - 1];
        outIndices[at] = outIndices[at - 1];
        at--;
      }
      outDistances[at] = d;
      outIndices[at] = item;
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
