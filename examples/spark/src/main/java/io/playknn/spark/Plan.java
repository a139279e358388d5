package io.playknn.spark;

import io.playknn.internal.Checks;
import io.playknn.matrix.SparseMatrix;
import java.util.ArrayList;
import java.util.List;

/**
 * How one run is cut into tasks, chosen in one place: the mode, and either the item ranges of
 * {@link Mode#BROADCAST} or the item blocks of {@link Mode#BLOCKED}. Immutable.
 *
 * <p>The memory rule: a fitted cosine {@code brute} index holds its rows twice (items × users and
 * the transpose, {@value #BYTES_PER_NON_ZERO} bytes per stored entry with the broadcast copy they
 * are fitted from) and, per task thread, scratch arrays of {@value #BYTES_PER_ITEM_PER_THREAD}
 * bytes per item. Broadcast mode needs that for the whole matrix on every executor, with one
 * thread per concurrent task; blocked mode needs it only for the union of two blocks per task.
 *
 * @param mode {@link Mode#BROADCAST} or {@link Mode#BLOCKED}, never {@link Mode#AUTO}
 * @param bounds item boundaries: range or block {@code i} is {@code [bounds[i], bounds[i + 1])}
 */
record Plan(Mode mode, int[] bounds) {
  /** Bytes per stored entry of an index with the matrix it was fitted from. */
  static final long BYTES_PER_NON_ZERO = 36;
  /** Scratch bytes per item for each thread of a fitted index. */
  static final long BYTES_PER_ITEM_PER_THREAD = 33;

  /** Copies the bounds. */
  Plan {
    bounds = bounds.clone();
  }

  /** @return a copy of the item boundaries */
  @Override
  public int[] bounds() {
    return bounds.clone();
  }

  /** @return the number of ranges or blocks */
  int parts() {
    return bounds.length - 1;
  }

  /**
   * Estimates the memory an index over some rows needs.
   *
   * @param items rows indexed
   * @param nonZeros their stored entries
   * @param threads threads querying it at once
   * @return bytes
   */
  static long indexBytes(long items, long nonZeros, int threads) {
    return BYTES_PER_NON_ZERO * nonZeros + BYTES_PER_ITEM_PER_THREAD * items * threads;
  }

  /**
   * Chooses the plan.
   *
   * @param m the matrix
   * @param mode the mode asked for
   * @param budget bytes an executor may give the index (all its concurrent tasks together)
   * @param tasksPerExecutor tasks an executor runs at once
   * @param ranges item ranges in broadcast mode, or 0 for four per task slot
   * @param slots task slots of the cluster
   * @param blockItems items per block in blocked mode, or 0 to fit the budget
   * @return the plan
   */
  static Plan choose(
      SparseMatrix m, Mode mode, long budget, int tasksPerExecutor, int ranges, int slots,
      int blockItems) {
    int n = m.rows();
    boolean fits = indexBytes(n, m.nonZeros(), tasksPerExecutor) <= budget;
    Mode chosen = mode == Mode.AUTO ? (fits ? Mode.BROADCAST : Mode.BLOCKED) : mode;
    if (chosen == Mode.BROADCAST) {
      return new Plan(chosen, equalWork(m, ranges > 0 ? ranges : 4 * slots));
    }
    int size = blockItems > 0 ? blockItems : blockItemsWithin(m, budget / tasksPerExecutor);
    Checks.atLeast("blockItems", size, 1);
    int blocks = Math.max(1, (int) ((n + (long) size - 1) / size));
    int[] bounds = new int[blocks + 1];
    for (int b = 0; b <= blocks; b++) {
      bounds[b] = (int) Math.min(n, (long) b * size);
    }
    return new Plan(chosen, bounds);
  }

  /**
   * @return the largest number of items per block such that the heaviest union of two blocks fits
   *     {@code budget} (at least 1)
   */
  private static int blockItemsWithin(SparseMatrix m, long budget) {
    int n = m.rows();
    int size = Math.max(1, n);
    while (size > 1 && heaviestPair(m, size) > budget) {
      size = (size + 1) / 2;
    }
    return size;
  }

  /** @return the index bytes of the heaviest union of two blocks of {@code size} items */
  private static long heaviestPair(SparseMatrix m, int size) {
    int n = m.rows();
    List<Long> nnz = new ArrayList<>();
    for (int from = 0; from < n; from += size) {
      int to = Math.min(n, from + size);
      nnz.add((long) m.rowEnd(to - 1) - m.rowStart(from));
    }
    nnz.sort(null);
    long top = nnz.isEmpty() ? 0 : nnz.get(nnz.size() - 1);
    long second = nnz.size() < 2 ? 0 : nnz.get(nnz.size() - 2);
    return indexBytes(Math.min(n, 2L * size), top + second, 1);
  }

  /**
   * Cuts the items into at most {@code parts} consecutive ranges of about equal work, the work of
   * an item being its multiply-adds (the summed list lengths of its users): a popular item costs
   * far more than a rare one.
   */
  private static int[] equalWork(SparseMatrix m, int parts) {
    int n = m.rows();
    long[] perUser = new long[m.columns()];
    for (int p = 0; p < m.nonZeros(); p++) {
      perUser[m.columnAt(p)]++;
    }
    long[] work = new long[n];
    long total = 0;
    for (int r = 0; r < n; r++) {
      long w = 1;
      for (int p = m.rowStart(r); p < m.rowEnd(r); p++) {
        w += perUser[m.columnAt(p)];
      }
      work[r] = w;
      total += w;
    }
    int wanted = Math.max(1, Math.min(parts, n));
    List<Integer> cuts = new ArrayList<>();
    cuts.add(0);
    long sum = 0;
    for (int r = 0; r < n; r++) {
      sum += work[r];
      long target = total * cuts.size() / wanted;
      if (sum >= target && r + 1 < n && cuts.size() < wanted) {
        cuts.add(r + 1);
      }
    }
    cuts.add(n);
    int[] bounds = new int[cuts.size()];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = cuts.get(i);
    }
    return bounds;
  }
}
