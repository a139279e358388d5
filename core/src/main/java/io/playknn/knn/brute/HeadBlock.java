package io.playknn.knn.brute;

import io.playknn.knn.spi.NeighborHeap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The first {@code head} rows of an all-items build (the most popular items), computed without
 * their own list walks: their pairs among themselves by sweeps (per {@value #ROWS} rows, one pass
 * over the features scatters each entry against the feature's earlier head items into a {@code
 * ROWS × head} accumulator, offering the pair to both rows), their pairs with the other items
 * from those items' rows through per-thread {@link Offers}. Each head row keeps its best pairs
 * below distance 1 in a heap under one of {@value #LOCK_STRIPES} locks, its worst distance
 * published for a lock-free check (it only falls: a stale value lets more through, never fewer);
 * a row left short is completed by the single-query path ({@link #finish}).
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
  // The head part of every feature's list, copied so that a sweep reads it in one pass.
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

  /** Row {@code a} of the output goes to {@code indices} and {@code distances} at {@code a * perRow}. */
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
    Arrays.setAll(heaps, a -> new NeighborHeap(perRow));
    worst = new double[head];
    Arrays.fill(worst, NOT_FULL);
    Arrays.setAll(locks, i -> new Object());
  }

  /** @return the number of head rows */
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
     * into {@code offers}. A thread runs its sweeps in increasing order (its cursors only move
     * forward); {@code selection} is scratch.
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
              offers.offer(c, a, d);
            }
          }
        }
        for (int r = 0, m = selection.selectInto(perRow, bestIndices, bestDistances, 0); r < m; r++) {
          offers.add(a, bestIndices[r], bestDistances[r]);
        }
      }
    }
  }

  /**
   * One thread's buffer of pairs for the head rows, applied row by row when it fills, so that a
   * row's lock is taken once for all its pairs in the buffer rather than once per pair.
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
     * Offers {@code (item, d)} to head row {@code a} if it may enter: below 1 and within the
     * row's published worst (a lock-free check, conservative).
     */
    void offer(int a, int item, double d) {
      if (d < 1.0 && d <= (double) WORST.getOpaque(worst, a)) {
        add(a, item, d);
      }
    }

    /** Buffers {@code (item, d)}, {@code d < 1}, for head row {@code a}. */
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

  /** Offers {@code (item, d)} to row {@code a}'s heap, publishing its worst; holds the lock. */
  private void insert(int a, int item, double d) {
    NeighborHeap heap = heaps[a];
    heap.offer(item, d);
    if (heap.isFull()) {
      WORST.setOpaque(worst, a, heap.worstDistance());
    }
  }

  /** Writes head row {@code a} once all offers are applied, or has the fallback fill it. */
  void finish(int a, RowBatch.Fallback fallback) {
    if (heaps[a].isFull()) {
      heaps[a].drainInto(indices, distances, a * perRow);
    } else {
      fallback.complete(a, indices, distances, a * perRow);
    }
  }
}
