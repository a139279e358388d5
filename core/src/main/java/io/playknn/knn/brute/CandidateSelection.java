package io.playknn.knn.brute;

import it.unimi.dsi.fastutil.doubles.DoubleArrays;
import java.util.Arrays;

/**
 * The {@code k} best of a collected list of (item, distance) candidates in the result contract's
 * order (smaller distance, then smaller index), selected without a heap: the {@code k}-th smallest
 * distance is found by quickselect ({@link #kthSmallest}), the candidates below it are kept, ties
 * at it are broken by smaller index, and only the kept {@code k} are sorted. This selects exactly
 * the pairs a bounded heap would keep.
 *
 * <p>Why not the heap: a sparse row of the full-scale build has about 600 candidates for 100
 * places, and a heap offered them in touched order took a few hundred sift operations per row —
 * about a third of the time of the 260,000 least popular artists on the full-size synthetic data.
 * Selection is linear in the candidates; the final sort touches only {@code k} of them.
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

  private final int[] items;
  private final double[] distances;
  /** Scratch for the quickselect, which reorders it. */
  private final double[] work;
  /**
   * The kept pairs; items are stored as doubles (exact below 2^53) so that fastutil's two-array
   * primitive sort orders them by (distance, index).
   */
  private double[] keptDistances;
  private double[] keptItems;
  private int size;

  /**
   * @param capacity the most candidates ever collected at once (the item count)
   */
  CandidateSelection(int capacity) {
    items = new int[capacity];
    distances = new double[capacity];
    work = new double[capacity];
    keptDistances = new double[0];
    keptItems = new double[0];
  }

  /** Forgets the collected candidates. */
  void clear() {
    size = 0;
  }

  /**
   * Collects one candidate; each item at most once between clears.
   *
   * @param item the candidate's index
   * @param distance its distance, not NaN
   */
  void add(int item, double distance) {
    items[size] = item;
    distances[size] = distance;
    size++;
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
      keptItems = new double[m];
    }
    if (n <= k) {
      for (int c = 0; c < n; c++) {
        keptDistances[c] = distances[c];
        keptItems[c] = items[c];
      }
    } else if (m > 0) {
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
    DoubleArrays.quickSort(keptDistances, keptItems, 0, m);
    for (int c = 0; c < m; c++) {
      outIndices[offset + c] = (int) keptItems[c];
      outDistances[offset + c] = keptDistances[c];
    }
    size = 0;
    return m;
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
