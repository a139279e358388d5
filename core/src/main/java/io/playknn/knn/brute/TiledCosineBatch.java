package io.playknn.knn.brute;

import io.playknn.knn.ProgressListener;
import io.playknn.internal.Checks;
import io.playknn.internal.Parallel;
import io.playknn.knn.spi.NeighborHeap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The all-items (batch) cosine kernel of {@code brute}: sparse accumulation with the candidate
 * space cut into tiles so that each thread's accumulator stays in the L2 cache.
 *
 * <p>Tiling is off by default (see {@link #DEFAULT_TILE}). For a block of queries and one tile of
 * candidate items {@code [base, base + tile)}, each query
 * accumulates {@code q · row} over its features (users) in increasing feature order, reading only
 * the part of each feature's item list that falls in the tile (the lists are sorted by item, so
 * that part is contiguous and located by a precomputed per-feature tile table). After each tile the
 * touched candidates are offered to the query's bounded heap and the accumulator is cleared. Each
 * candidate's dot product is formed from the same products in the same order as the single-query
 * path, so results are bit-identical to {@link BruteForceIndex#kneighbors(int, int)}.
 *
 * <p>Queries whose touched candidates cannot fill {@code k} places at distance below 1 (items that
 * share no feature are at distance exactly 1 and are ranked by index) are completed by the
 * single-query path.
 *
 * <p>For the all-items table (every item, in index order) the first items can be computed as a
 * {@link HeadBlock} instead: their pairs among themselves by a sweep over the features, their
 * pairs with the other items taken from those items' rows, which this kernel computes anyway and
 * hands to the head rows as it selects.
 */
final class TiledCosineBatch {
  /**
   * Default candidate items per tile: no tiling. Measured on the full-size synthetic 360K data
   * (289,889 artists, 2 threads, an early version of the kernel on a VM with 512 KiB of L2 per
   * core), tiles of 32,768 took 33 s against 16 s untiled: the repeated
   * random reads of each user's list per tile cost more than the cache misses they save. Tiling
   * stays selectable ({@code tile_size}) for experiments.
   */
  static final int DEFAULT_TILE = Integer.MAX_VALUE;
  /** Queries per block: their heaps and rows stay hot while the tiles rotate. */
  static final int BLOCK = 64;
  /**
   * A query with at least {@code size / DENSE_FRACTION} multiply-adds is accumulated densely (see
   * {@link #runRow}).
   */
  static final int DENSE_FRACTION = 4;

  private final int size;
  private final int tile;
  private final int tiles;
  private final int[] itemPointers;
  private final int[] itemFeatures;
  private final double[] itemValues;
  private final int[] featurePointers;
  private final int[] featureItems;
  private final double[] featureValues;
  /** {@code tileStarts[f * (tiles + 1) + t]}: first position of feature f's list in tile t. */
  private final int[] tileStarts;
  TiledCosineBatch(
      int size,
      int tile,
      int[] itemPointers,
      int[] itemFeatures,
      double[] itemValues,
      int[] featurePointers,
      int[] featureItems,
      double[] featureValues) {
    this.size = size;
    this.tile = Math.min(tile, Math.max(1, size));
    this.tiles = Math.max(1, (size + this.tile - 1) / this.tile);
    this.itemPointers = itemPointers;
    this.itemFeatures = itemFeatures;
    this.itemValues = itemValues;
    this.featurePointers = featurePointers;
    this.featureItems = featureItems;
    this.featureValues = featureValues;
    int features = featurePointers.length - 1;
    if (tiles == 1) {
      this.tileStarts = null;
    } else {
      long cells = (long) features * (tiles + 1);
      Checks.require(
          cells <= Integer.MAX_VALUE - 8,
          "parameter tile_size %d cuts %d items into %d tiles: the tile table would need %d"
              + " entries (%d features x %d), more than an array holds; use a larger tile",
          this.tile,
          size,
          tiles,
          cells,
          features,
          tiles + 1);
      int[] starts = new int[(int) cells];
      for (int f = 0; f < features; f++) {
        int s = featurePointers[f];
        int end = featurePointers[f + 1];
        int o = f * (tiles + 1);
        for (int t = 0; t < tiles; t++) {
          long limit = (long) (t + 1) * this.tile;
          starts[o + t] = s;
          while (s < end && featureItems[s] < limit) {
            s++;
          }
        }
        starts[o + tiles] = end;
      }
      this.tileStarts = starts;
    }
  }

  /** Per-thread state. */
  private static final class Workspace {
    final double[] dots;
    final boolean[] seen;
    final int[] touched;
    final NeighborHeap[] heaps = new NeighborHeap[BLOCK];
    final CandidateSelection selection;
    /** This thread's head sweeps and pairs for the head rows, or null without a head block. */
    final HeadBlock.Sweeper sweeper;
    final HeadBlock.Offers offers;

    Workspace(int tile, HeadBlock head) {
      sweeper = head == null ? null : head.new Sweeper();
      offers = head == null ? null : head.new Offers();
      selection = new CandidateSelection(tile);
      dots = new double[tile];
      seen = new boolean[tile];
      touched = new int[tile];
      for (int i = 0; i < BLOCK; i++) {
        heaps[i] = new NeighborHeap(0);
      }
    }
  }

  /** Completes one query the slow way when its heap cannot be filled from touched candidates. */
  interface Fallback {
    /**
     * @param item the query item
     * @param indices receives the neighbours' indices at {@code offset}
     * @param distances receives their distances at {@code offset}
     * @param offset where the nearest goes
     */
    void complete(int item, int[] indices, double[] distances, int offset);
  }

  /**
   * Computes the {@code k} nearest of each query item into flat arrays, row {@code i} at {@code i
   * * perRow}.
   *
   * @param queries the items to answer
   * @param k neighbours wanted
   * @param perRow {@code min(k, size - 1)}, the length of every row
   * @param head the number of most popular items to compute as a {@link HeadBlock}, or 0; more
   *     than 0 only when {@code queries} is every item in index order and tiling is off
   * @param threads threads to use
   * @param indices output indices, {@code queries.length * perRow}
   * @param distances output distances, same length
   * @param fallback the single-query path for queries the tiles cannot complete
   * @param progress progress in queries
   */
  void run(
      int[] queries,
      int k,
      int perRow,
      int head,
      int threads,
      int[] indices,
      double[] distances,
      Fallback fallback,
      ProgressListener progress) {
    HeadBlock headBlock =
        head > 0 && perRow > 0 && tiles == 1
            ? new HeadBlock(
                Math.min(head, size), featurePointers, featureItems, featureValues, perRow,
                indices, distances)
            : null;
    int first = headBlock == null ? 0 : headBlock.size();
    int sweeps = headBlock == null ? 0 : headBlock.sweeps();
    int blocks = (queries.length - first + BLOCK - 1) / BLOCK;
    List<Workspace> workspaces = Collections.synchronizedList(new ArrayList<>());
    Parallel.forEach(
        threads,
        sweeps + blocks,
        t -> {
          Workspace w = new Workspace(tile, headBlock);
          workspaces.add(w);
          return w;
        },
        (w, unit) -> {
          if (unit < sweeps) {
            w.sweeper.run(unit, w.selection, w.offers);
            return;
          }
          int from = first + (unit - sweeps) * BLOCK;
          int to = Math.min(queries.length, from + BLOCK);
          if (tiles == 1) {
            for (int b = from; b < to; b++) {
              runRow(w, queries[b], perRow, indices, distances, b * perRow, fallback, headBlock);
            }
          } else {
            runBlock(w, queries, from, to, perRow, indices, distances, fallback);
          }
        },
        (done, total) ->
            progress.update(
                Math.min(
                    (long) queries.length,
                    Math.min(done, sweeps) * (long) HeadBlock.ROWS
                        + Math.max(0, done - sweeps) * (long) BLOCK),
                queries.length));
    if (headBlock != null) {
      for (Workspace w : workspaces) {
        w.offers.flush();
      }
      Parallel.forEach(
          threads,
          (first + BLOCK - 1) / BLOCK,
          t -> null,
          (unused, unit) -> {
            for (int a = unit * BLOCK, to = Math.min(first, a + BLOCK); a < to; a++) {
              headBlock.finish(a, fallback);
            }
          },
          ProgressListener.NONE);
    }
  }

  /**
   * One query, untiled. A query whose multiply-adds reach a quarter of the items ({@link
   * #DENSE_FRACTION}) touches most candidates: it skips the touched-list bookkeeping, scans the
   * accumulator in index order (sequential reads instead of random ones) and offers each candidate
   * to a bounded heap after comparing it with the heap's worst distance. Others track touched
   * candidates and select the best of them without a heap ({@link CandidateSelection}). Both
   * keep the same (distance, index) pairs — an untouched item is at distance 1 either way, and
   * those are ranked by the fallback — so they select the same neighbours.
   */
  private void runRow(
      Workspace w,
      int q,
      int perRow,
      int[] outIndices,
      double[] outDistances,
      int offset,
      Fallback fallback,
      HeadBlock headBlock) {
    double[] dots = w.dots;
    int pBegin = itemPointers[q];
    int pEnd = itemPointers[q + 1];
    boolean complete;
    if (BruteForceIndex.updates(featurePointers, itemFeatures, pBegin, pEnd)
        >= size / DENSE_FRACTION) {
      NeighborHeap heap = w.heaps[0];
      heap.reset(perRow);
      BruteForceIndex.denseAccumulate(
          itemFeatures, itemValues, pBegin, pEnd, featurePointers, featureItems, featureValues,
          dots);
      if (headBlock != null) {
        for (int j = 0, end = headBlock.size(); j < end; j++) {
          double dot = dots[j];
          if (dot != 0) {
            offerToHead(headBlock, w.offers, j, q, BruteForceIndex.cosineDistance(dot));
          }
        }
      }
      BruteForceIndex.denseSelect(q, size, dots, heap);
      complete = BruteForceIndex.complete(heap);
      if (complete) {
        heap.drainInto(outIndices, outDistances, offset);
      }
      heap.reset(0);
    } else {
      int[] touched = w.touched;
      boolean[] seen = w.seen;
      int count =
          BruteForceIndex.accumulate(
              featurePointers, featureItems, featureValues, itemFeatures, itemValues, pBegin, pEnd,
              dots, seen, touched);
      CandidateSelection selection = w.selection;
      selection.clear();
      int head = headBlock == null ? 0 : headBlock.size();
      for (int t = 0; t < count; t++) {
        int j = touched[t];
        if (j != q) {
          double d = BruteForceIndex.cosineDistance(dots[j]);
          selection.add(j, d);
          if (j < head) {
            offerToHead(headBlock, w.offers, j, q, d);
          }
        }
        dots[j] = 0;
        seen[j] = false;
      }
      int kept = selection.selectInto(perRow, outIndices, outDistances, offset);
      complete = kept == perRow && (kept == 0 || outDistances[offset + kept - 1] < 1.0);
    }
    // Items sharing no feature sit at distance 1; if any could still enter, redo the query on
    // the single-query path, which ranks them.
    if (!complete) {
      fallback.complete(q, outIndices, outDistances, offset);
    }
  }

  /** Hands the pair (head row {@code a}, row {@code b}) to the head row if it can enter. */
  private static void offerToHead(
      HeadBlock headBlock, HeadBlock.Offers offers, int a, int b, double d) {
    if (d < 1.0 && headBlock.accepts(a, d)) {
      offers.add(a, b, d);
    }
  }

  private void runBlock(
      Workspace w,
      int[] queries,
      int from,
      int to,
      int perRow,
      int[] outIndices,
      double[] outDistances,
      Fallback fallback) {
    for (int b = from; b < to; b++) {
      w.heaps[b - from].reset(perRow);
    }
    double[] dots = w.dots;
    boolean[] seen = w.seen;
    int[] touched = w.touched;
    for (int t = 0; t < tiles; t++) {
      int base = t * tile;
      for (int b = from; b < to; b++) {
        int q = queries[b];
        int count = 0;
        for (int p = itemPointers[q], pEnd = itemPointers[q + 1]; p < pEnd; p++) {
          int f = itemFeatures[p];
          double qv = itemValues[p];
          int s;
          int end;
          if (tileStarts == null) {
            s = featurePointers[f];
            end = featurePointers[f + 1];
          } else {
            int o = f * (tiles + 1) + t;
            s = tileStarts[o];
            end = tileStarts[o + 1];
          }
          for (; s < end; s++) {
            int j = featureItems[s] - base;
            if (!seen[j]) {
              seen[j] = true;
              touched[count++] = j;
            }
            dots[j] += qv * featureValues[s];
          }
        }
        NeighborHeap heap = w.heaps[b - from];
        for (int c = 0; c < count; c++) {
          int j = touched[c];
          int item = base + j;
          double d = BruteForceIndex.cosineDistance(dots[j]);
          dots[j] = 0;
          seen[j] = false;
          if (item != q) {
            heap.offer(item, d);
          }
        }
      }
    }
    for (int b = from; b < to; b++) {
      NeighborHeap heap = w.heaps[b - from];
      // Items sharing no feature sit at distance 1; if any could still enter, redo the query
      // on the single-query path, which ranks them.
      if (!BruteForceIndex.complete(heap)) {
        heap.reset(0);
        fallback.complete(queries[b], outIndices, outDistances, b * perRow);
      } else {
        heap.drainInto(outIndices, outDistances, b * perRow);
      }
    }
  }
}
