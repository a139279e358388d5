package io.playknn.knn.brute;

import io.playknn.internal.Parallel;
import io.playknn.knn.ProgressListener;
import java.util.Arrays;

/**
 * The {@link QueryPlan.Kernel#GRAM} batch kernel, for catalogues whose item × item similarity
 * matrix fits ({@code size² <=} {@link #MAX_CELLS}): each pair once (symmetry halves the work),
 * row {@code a}'s upper part {@code (a, b > a)} scattered ({@link Scatter#add}) over {@code a}'s
 * features in increasing order by one task of the parallel loop, whatever the thread count; the
 * upper triangle is then mirrored and each row's top {@code k} selected by {@link Selection}. Cells never touched hold 0: items sharing no feature are at distance 1.
 */
final class GramCosineBatch {
  /** Largest similarity matrix used: 4M cells = 32 MiB, i.e. up to 2,048 items. */
  static final long MAX_CELLS = 1L << 22;

  private GramCosineBatch() {}

  /** @return whether a catalogue of {@code size} items is small enough */
  static boolean fits(int size) {
    return (long) size * size <= MAX_CELLS;
  }

  /** Computes every row of {@code batch} (its fallback is not needed: rows are complete). */
  static void run(IndexLists lists, RowBatch.Batch batch) {
    int n = lists.items();
    int[] itemPointers = lists.itemPointers();
    int[] itemFeatures = lists.itemFeatures();
    int[] featurePointers = lists.featurePointers();
    int[] featureItems = lists.featureItems();
    double[] featureValues = lists.featureValues();
    int threads = batch.threads();
    double[] gram = new double[n * n];
    // Where each stored (item, feature) entry sits in its feature's item list.
    int[] positions = new int[featureItems.length];
    int[] cursor = Arrays.copyOf(itemPointers, n);
    for (int f = 0; f + 1 < featurePointers.length; f++) {
      for (int s = featurePointers[f]; s < featurePointers[f + 1]; s++) {
        positions[cursor[featureItems[s]]++] = s;
      }
    }
    // Upper triangle, row by row: row a gets v_a · v_b for every b after a in each of a's
    // features' lists, features in increasing order. Row a (n doubles) stays in cache.
    Parallel.forEach(batch.executor(), threads, n, t -> null, (unused, a) -> {
      int row = a * n;
      for (int p = itemPointers[a]; p < itemPointers[a + 1]; p++) {
        int x = positions[p];
        Scatter.add(
            featureValues[x], featureItems, featureValues, x + 1,
            featurePointers[itemFeatures[p] + 1], gram, row, null, null, 0);
      }
    }, ProgressListener.NONE);
    // Mirror into the lower triangle in square blocks (cache-friendly transposition).
    int block = 64;
    int blocks = (n + block - 1) / block;
    Parallel.forEach(batch.executor(), threads, blocks, t -> null, (unused, bi) -> {
      int bFrom = bi * block;
      int bTo = Math.min(n, bFrom + block);
      for (int aFrom = 0; aFrom < bTo; aFrom += block) {
        int aTo = Math.min(n, aFrom + block);
        for (int b = bFrom; b < bTo; b++) {
          int row = b * n;
          for (int a = aFrom; a < Math.min(aTo, b); a++) {
            gram[row + a] = gram[a * n + b];
          }
        }
      }
    }, ProgressListener.NONE);
    int[] queries = batch.queries();
    int perRow = batch.perRow();
    Parallel.forEach(batch.executor(), threads, queries.length, t -> new Selection(n), (selection, i) ->
        selection.select(
            gram, queries[i], n, perRow, batch.indices(), batch.distances(), i * perRow),
        ProgressListener.NONE);
  }

  /**
   * Top-k of one dense row: a histogram of the distances over {@link #BUCKETS} equal buckets of
   * {@code [0, 2]} ({@code floor(d * 1024)}, branch-free and monotone) finds the bucket of the
   * k-th smallest; the buckets below it are placed by a counting sort, the boundary bucket ranked
   * exactly, and an insertion pass orders candidates that share a bucket. Finer at small distances
   * than {@link CandidateSelection}'s buckets, which suit the sparse rows' small similarities.
   */
  static final class Selection {
    static final int BUCKETS = 2049;

    private final double[] distances;
    private final int[] buckets;
    private final int[] histogram = new int[BUCKETS];
    private final int[] kept;
    private final double[] keptDistances;

    Selection(int n) {
      distances = new double[n];
      buckets = new int[n];
      kept = new int[n];
      keptDistances = new double[n];
    }

    void select(
        double[] gram, int q, int n, int k, int[] outIndices, double[] outDistances, int offset) {
      if (k == 0) {
        return;
      }
      int row = q * n;
      int[] hist = histogram;
      Arrays.fill(hist, 0);
      for (int j = 0; j < n; j++) {
        double d = CandidateSelection.cosineDistance(gram[row + j]);
        distances[j] = d;
        int b = (int) (d * 1024.0);
        buckets[j] = b;
        hist[b]++;
      }
      hist[buckets[q]]--;
      buckets[q] = BUCKETS; // the query itself: never kept
      int below = 0;
      int boundary = 0;
      while (below + hist[boundary] < k) {
        below += hist[boundary++];
      }
      // Counting sort of the buckets below the boundary (the histogram becomes each bucket's
      // next free slot); the boundary bucket gathers after them.
      int start = 0;
      for (int b = 0; b < boundary; b++) {
        int count = hist[b];
        hist[b] = start;
        start += count;
      }
      int inside = below;
      for (int j = 0; j < n; j++) {
        int b = buckets[j];
        if (b < boundary) {
          int at = hist[b]++;
          kept[at] = j;
          keptDistances[at] = distances[j];
        } else if (b == boundary) {
          kept[inside] = j;
          keptDistances[inside++] = distances[j];
        }
      }
      // Rank the boundary bucket exactly; order the candidates that share a bucket below it.
      CandidateSelection.insertionSort(kept, keptDistances, below, inside);
      CandidateSelection.insertionSort(kept, keptDistances, 0, below);
      System.arraycopy(kept, 0, outIndices, offset, k);
      System.arraycopy(keptDistances, 0, outDistances, offset, k);
    }
  }
}
