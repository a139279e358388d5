package io.playknn.knn.brute;

import io.playknn.knn.NeighborHeap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The rows of the most popular items in an all-items build, computed without reading their
 * listeners' lists row by row.
 *
 * <p>The first {@code head} items (popularity order puts the most listened first) are the rows
 * that cost most in the row-by-row kernel: each reads the whole lists of a large share of all
 * features. Here their pairs are split in two:
 *
 * <ul>
 *   <li>head × head, each pair once: for each run of {@value #ROWS} head rows, one sweep over the
 *       features in increasing order multiplies each feature's entries in those rows with the
 *       feature's head items before them, into a small dense accumulator ({@code ROWS × head}
 *       doubles); the pair (earlier item, row) is a candidate of the row and is also offered to
 *       the earlier item's row, as below;
 *   <li>head × the rest: the other rows are computed in full by the row-by-row kernel anyway, and
 *       each of their pairs with a head item is offered to that head row too (through a
 *       per-thread {@link Offers} buffer), after a check against the row's current worst distance
 *       ({@link #accepts}).
 * </ul>
 *
 * <p>Each head row keeps its best pairs in a {@link NeighborHeap} while the build runs; updates
 * hold one of {@value #LOCK_STRIPES} locks, and the heap's worst distance is published for the
 * lock-free check (it only falls, so a stale value lets more pairs through, never fewer). {@link
 * #finish} writes the rows into the table.
 *
 * <p>Exactness: a pair's dot product is formed from the same products in increasing feature order
 * whichever side computes it (the sweep adds them in feature order, a row's list walk too, and
 * {@code x * y == y * x}), so the rows are bit-identical to the single-query path's. Pairs at
 * distance 1 or more are never kept; a head row left with fewer than {@code perRow} neighbours
 * below 1 is completed by the single-query path.
 */
final class HeadBlock {
  /** Head rows per sweep: the sweep's accumulator is {@code ROWS × head} doubles. */
  static final int ROWS = 64;
  /**
   * Default number of head items: the measured optimum among 2,048, 4,096 and 8,192 on the
   * full-size synthetic data ({@code benchmarks/EXPERIMENTS.md}).
   */
  static final int DEFAULT_HEAD = 4096;
  /** Largest head: bounds each thread's sweep accumulator ({@code ROWS × head} doubles, 8 MiB). */
  static final int MAX_HEAD = 16_384;

  private static final int LOCK_STRIPES = 1024;
  /** The published worst distance of a row that is not full: anything below 1 may enter. */
  private static final double NOT_FULL = Math.nextDown(1.0);
  private static final VarHandle WORST = MethodHandles.arrayElementVarHandle(double[].class);

  private final int head;
  // The head part of every feature's list (its items below head), copied into compact CSR
  // arrays so that a sweep reads them in one sequential pass.
  private final int[] headPointers;
  private final int[] headItems;
  private final double[] headValues;
  private final int perRow;
  private final int[] indices;
  private final double[] distances;
  /** Each head row's best pairs so far. */
  private final NeighborHeap[] heaps;
  private final double[] worst;
  private final Object[] locks = new Object[LOCK_STRIPES];

  /**
   * @param head number of head items, {@code >= 1}
   * @param perRow neighbours per row, {@code >= 1}
   * @param indices the output table's indices, row {@code i} at {@code i * perRow}
   * @param distances the output table's distances
   */
  HeadBlock(int head, IndexLists lists, int perRow, int[] indices, double[] distances) {
    this.head = head;
    this.perRow = perRow;
    this.indices = indices;
    this.distances = distances;
    int features = lists.features();
    int[] featurePointers = lists.featurePointers();
    int[] splits = lists.splits(head);
    headPointers = new int[features + 1];
    for (int f = 0; f < features; f++) {
      headPointers[f + 1] = headPointers[f] + (splits[f] - featurePointers[f]);
    }
    headItems = new int[headPointers[features]];
    headValues = new double[headItems.length];
    for (int f = 0; f < features; f++) {
      int n = headPointers[f + 1] - headPointers[f];
      System.arraycopy(lists.featureItems(), featurePointers[f], headItems, headPointers[f], n);
      System.arraycopy(lists.featureValues(), featurePointers[f], headValues, headPointers[f], n);
    }
    heaps = new NeighborHeap[head];
    for (int a = 0; a < head; a++) {
      heaps[a] = new NeighborHeap(perRow);
    }
    worst = new double[head];
    Arrays.fill(worst, NOT_FULL);
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /** @return the number of head items */
  int size() {
    return head;
  }

  /** @return the number of sweeps ({@value #ROWS} rows each) */
  int sweeps() {
    return (head + ROWS - 1) / ROWS;
  }

  /** One thread's sweep state. */
  final class Sweeper {
    private final double[] block = new double[ROWS * head];
    /** Per feature: the first head-list position this thread's sweeps have not passed. */
    private final int[] cursor = Arrays.copyOf(headPointers, headPointers.length - 1);
    private final int[] bestIndices = new int[perRow];
    private final double[] bestDistances = new double[perRow];

    /**
     * Computes head rows {@code [sweep * ROWS, ...)} against the head items before each of them,
     * offering each pair to the earlier item's row too. A thread must run its sweeps in
     * increasing order (its cursors only move forward).
     *
     * @param selection scratch, cleared here
     * @param offers this thread's buffer of pairs for other head rows
     */
    void run(int sweep, CandidateSelection selection, Offers offers) {
      int from = sweep * ROWS;
      int to = Math.min(head, from + ROWS);
      for (int f = 0; f < cursor.length; f++) {
        int end = headPointers[f + 1];
        int s = IndexLists.firstAtLeast(headItems, cursor[f], end, from);
        int start = headPointers[f];
        for (; s < end && headItems[s] < to; s++) {
          // Row a = headItems[s] against the user's head items before it: those end at s.
          Scatter.add(
              headValues[s], headItems, headValues, start, s, block, (headItems[s] - from) * head,
              null, null, 0);
        }
        cursor[f] = s;
      }
      for (int a = from; a < to; a++) {
        int row = (a - from) * head;
        selection.clear();
        for (int c = 0; c < a; c++) {
          double dot = block[row + c];
          if (dot != 0) {
            block[row + c] = 0;
            double d = CandidateSelection.cosineDistance(dot);
            if (d < 1.0) {
              selection.add(c, d);
              if (accepts(c, d)) {
                offers.add(c, a, d);
              }
            }
          }
        }
        int m = selection.selectInto(perRow, bestIndices, bestDistances, 0);
        mergeSorted(a, bestIndices, bestDistances, m);
      }
    }
  }

  /**
   * @param a a head row
   * @param d a candidate's distance
   * @return whether the candidate may enter the row (a cheap, lock-free pre-check before {@link
   *     Offers#add})
   */
  boolean accepts(int a, double d) {
    return d <= (double) WORST.getOpaque(worst, a);
  }

  /**
   * One thread's buffer of pairs for the head rows, applied row by row when it fills (a counting
   * sort by row), so that each row's lock is taken and its heap loaded once for all its pairs in
   * the buffer rather than once per pair.
   */
  final class Offers {
    private static final int CAPACITY = 1 << 14;
    private final int[] rows = new int[CAPACITY];
    private final int[] items = new int[CAPACITY];
    private final double[] ds = new double[CAPACITY];
    private final int[] order = new int[CAPACITY];
    private final int[] starts = new int[head + 1];
    private int size;

    /**
     * Offers {@code (item, d)}, {@code d < 1}, to head row {@code a}.
     *
     * @param a a head row
     * @param item the candidate
     * @param d its distance
     */
    void add(int a, int item, double d) {
      if (size == CAPACITY) {
        flush();
      }
      rows[size] = a;
      items[size] = item;
      ds[size] = d;
      size++;
    }

    /** Applies the buffered pairs, grouped by row (a counting sort), each row under its lock. */
    void flush() {
      Arrays.fill(starts, 0);
      for (int i = 0; i < size; i++) {
        starts[rows[i] + 1]++;
      }
      for (int r = 0; r < head; r++) {
        starts[r + 1] += starts[r];
      }
      for (int i = 0; i < size; i++) {
        order[starts[rows[i]]++] = i;
      }
      // starts[r] now ends row r's group, which begins where row r - 1's ended.
      int begin = 0;
      for (int r = 0; r < head; r++) {
        int end = starts[r];
        if (end > begin) {
          synchronized (locks[r & (LOCK_STRIPES - 1)]) {
            for (int e = begin; e < end; e++) {
              insert(r, items[order[e]], ds[order[e]]);
            }
          }
        }
        begin = end;
      }
      size = 0;
    }
  }

  /** Offers a row's own {@code m} best candidates to its heap. */
  private void mergeSorted(int a, int[] items, double[] ds, int m) {
    synchronized (locks[a & (LOCK_STRIPES - 1)]) {
      for (int r = 0; r < m; r++) {
        insert(a, items[r], ds[r]);
      }
    }
  }

  /** Offers {@code (item, d)} to row {@code a}'s heap, publishing its worst; holds the lock. */
  private void insert(int a, int item, double d) {
    NeighborHeap heap = heaps[a];
    heap.offer(item, d);
    if (heap.isFull()) {
      WORST.setOpaque(worst, a, heap.worstDistance());
    }
  }

  /**
   * Finishes head row {@code a} once every other row is done: writes a full heap into the table,
   * best first, or has the fallback fill a row with fewer than {@code perRow} neighbours below
   * distance 1.
   */
  void finish(int a, RowBatch.Fallback fallback) {
    if (heaps[a].isFull()) {
      heaps[a].drainInto(indices, distances, a * perRow);
    } else {
      fallback.complete(a, indices, distances, a * perRow);
    }
  }
}
