package io.playknn.knn.brute;

import io.playknn.internal.Parallel;
import io.playknn.knn.ProgressListener;
import io.playknn.knn.spi.NeighborHeap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.IntFunction;

/**
 * The {@link QueryPlan.Kernel#ROWS} batch kernel: each row on the path {@link QueryPlan#row} gives
 * it (sparse rows selected by {@link CandidateSelection}), finished by the {@link Fallback} if it
 * cannot fill its places below distance 1, its pairs with head items handed to the {@link
 * HeadBlock}.
 */
final class RowBatch {
  /** Rows per unit of the parallel loop. */
  static final int BLOCK = 64;

  private RowBatch() {}

  /** Writes item {@code item}'s row, computed on the single-query path, at {@code offset}. */
  @FunctionalInterface
  interface Fallback {
    void complete(int item, int[] indices, double[] distances, int offset);
  }

  /**
   * A batch: row {@code i} of {@code queries} goes to {@code indices} and {@code distances} at
   * {@code i * perRow}, {@code perRow = min(k, items - 1)}, computed on {@code threads} threads.
   */
  record Batch(int[] queries, int perRow, Executor executor, int threads, int[] indices,
      double[] distances, Fallback fallback) {}

  /** Per-thread state; the head block's sweeper and offers are null without one. */
  private record Workspace(
      Scratch scratch, CandidateSelection selection, HeadBlock.Sweeper sweeper,
      HeadBlock.Offers offers) {
    Workspace(int items, HeadBlock head) {
      this(new Scratch(items), new CandidateSelection(items),
          head == null ? null : head.new Sweeper(), head == null ? null : head.new Offers());
    }
  }

  /**
   * Computes every row of {@code batch}, the first {@code head} (0 unless the queries are every
   * item in index order) as a {@link HeadBlock}, reporting progress in queries.
   */
  static void run(
      QueryPlan plan, IndexLists lists, Batch batch, int head, ProgressListener progress) {
    int[] queries = batch.queries();
    HeadBlock headBlock =
        head > 0 && batch.perRow() > 0
            ? new HeadBlock(head, lists, batch.perRow(), batch.indices(), batch.distances())
            : null;
    int first = headBlock == null ? 0 : headBlock.size();
    int sweeps = headBlock == null ? 0 : headBlock.sweeps();
    int blocks = (queries.length - first + BLOCK - 1) / BLOCK;
    List<Workspace> workspaces = Collections.synchronizedList(new ArrayList<>());
    IntFunction<Workspace> workspace = t -> {
      Workspace w = new Workspace(lists.items(), headBlock);
      workspaces.add(w);
      return w;
    };
    Parallel.forEach(batch.executor(), batch.threads(), sweeps + blocks, workspace, (w, unit) -> {
      if (unit < sweeps) {
        w.sweeper().run(unit, w.selection(), w.offers());
        return;
      }
      int from = first + (unit - sweeps) * BLOCK;
      for (int b = from, to = Math.min(queries.length, from + BLOCK); b < to; b++) {
        row(plan, lists, w, batch, b, headBlock);
      }
    }, (done, total) -> {
      long rows = Math.min(done, sweeps) * (long) HeadBlock.ROWS + Math.max(0, done - sweeps) * BLOCK;
      progress.update(Math.min(rows, queries.length), queries.length);
    });
    if (headBlock != null) {
      workspaces.forEach(w -> w.offers().flush());
      for (int a = 0; a < first; a++) {
        headBlock.finish(a, batch.fallback());
      }
    }
  }

  /** Row {@code b} of the batch, on the path the plan gives it. */
  private static void row(
      QueryPlan plan, IndexLists lists, Workspace w, Batch batch, int b, HeadBlock headBlock) {
    int q = batch.queries()[b];
    Query query = lists.row(q);
    int perRow = batch.perRow();
    int offset = b * perRow;
    int[] outIndices = batch.indices();
    double[] outDistances = batch.distances();
    Scratch s = w.scratch();
    double[] dots = s.dots;
    int head = headBlock == null ? 0 : headBlock.size();
    boolean complete;
    if (plan.row(lists.updates(query)) == QueryPlan.Path.DENSE) {
      NeighborHeap heap = s.heap;
      heap.reset(perRow);
      Scatter.query(lists, query, dots, null, null);
      for (int j = 0; j < head; j++) {
        if (dots[j] != 0) {
          w.offers().offer(j, q, CandidateSelection.cosineDistance(dots[j]));
        }
      }
      CandidateSelection.denseSelect(q, 0, lists.items(), dots, heap);
      complete = CandidateSelection.complete(heap);
      if (complete) {
        heap.drainInto(outIndices, outDistances, offset);
      }
      heap.reset(0);
    } else {
      int[] touched = s.touched;
      int count = Scatter.query(lists, query, dots, s.seen, touched);
      CandidateSelection selection = w.selection();
      selection.clear();
      for (int t = 0; t < count; t++) {
        int j = touched[t];
        if (j != q) {
          double d = CandidateSelection.cosineDistance(dots[j]);
          selection.add(j, d);
          if (j < head) {
            w.offers().offer(j, q, d);
          }
        }
        dots[j] = 0;
        s.seen[j] = false;
      }
      int kept = selection.selectInto(perRow, outIndices, outDistances, offset);
      complete = kept == perRow && (kept == 0 || outDistances[offset + kept - 1] < 1.0);
    }
    if (!complete) {
      batch.fallback().complete(q, outIndices, outDistances, offset);
    }
  }
}
