package io.playknn.knn.brute;

import io.playknn.knn.Neighbors;
import io.playknn.knn.spi.NeighborHeap;
import io.playknn.knn.spi.NeighborOrder;
import java.util.Arrays;

/**
 * The {@code k} best of collected (item, distance) candidates in contract order, exactly the pairs
 * a bounded heap would keep, without offering each to a heap (a few sift operations per candidate,
 * see {@code benchmarks/EXPERIMENTS.md}). A histogram of the similarities {@code 1 - distance} (32
 * buckets per binade from 2^-16 up to 1, one below; non-decreasing in the similarity) gives the
 * bucket {@code b} of the {@code k}-th best: higher buckets are kept whole, placed by a counting
 * sort and ordered within buckets; the places left go to the best of bucket {@code b}; lower
 * buckets are dropped. The static methods are the heap-based selection of the dense paths.
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
   * caller), each first compared with the heap's worst distance. Items with a zero dot (distance
   * 1) are not offered: the caller finishes a heap that is not {@link #complete} another way.
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
  /** Candidates per bucket; during {@link #selectInto}, the next free output slot per bucket. */
  private final int[] histogram = new int[BUCKETS];
  private final short[] buckets;
  private final NeighborHeap heap = new NeighborHeap(0);
  private int size;

  /** @param capacity the most candidates ever collected at once (the item count) */
  CandidateSelection(int capacity) {
    items = new int[capacity];
    distances = new double[capacity];
    buckets = new short[capacity];
  }

  /** Forgets the collected candidates. */
  void clear() {
    if (size > 0) {
      Arrays.fill(histogram, 0);
      size = 0;
    }
  }

  /** Collects one candidate, each item at most once between clears, distance in [0, 2]. */
  void add(int item, double distance) {
    int b = bucket(distance);
    items[size] = item;
    distances[size] = distance;
    buckets[size] = (short) b;
    histogram[b]++;
    size++;
  }

  /** @return the histogram bucket of a distance: non-decreasing in {@code 1 - distance} */
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
   * Writes the {@code min(k, size())} best candidates, best first, at {@code offset} of the two
   * arrays, and forgets them all.
   *
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
    // Within a bucket the order is arbitrary: an insertion pass makes it exact (it moves
    // candidates only within their bucket), or a sort when there are many.
    if (better <= SMALL * 8) {
      insertionSort(outIndices, outDistances, offset, offset + better);
    } else {
      it.unimi.dsi.fastutil.Arrays.quickSort(
          offset,
          offset + better,
          (x, y) -> NeighborOrder.compare(outDistances[x], outIndices[x], outDistances[y], outIndices[y]),
          (x, y) -> swap(outIndices, outDistances, x, y));
    }
    selectBest(boundary, m - better, outIndices, outDistances, offset + better);
    Arrays.fill(histogram, 0);
    size = 0;
    return m;
  }

  /** Writes the {@code m} best of the first {@code n} candidates, {@code 0 <= m <= n}, in order. */
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
    heap.reset(m);
    for (int c = 0; c < n; c++) {
      heap.offer(items[c], distances[c]);
    }
    heap.drainInto(outIndices, outDistances, offset);
  }

  private static void swap(int[] indices, double[] distances, int x, int y) {
    int i = indices[x];
    indices[x] = indices[y];
    indices[y] = i;
    double d = distances[x];
    distances[x] = distances[y];
    distances[y] = d;
  }

  /** Sorts {@code [from, to)} of the two arrays by (distance, index), in place. */
  static void insertionSort(int[] indices, double[] distances, int from, int to) {
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
}
