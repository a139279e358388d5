package io.playknn.knn.brute;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A helper thread for one heavy dense query (opt-in: {@link BruteForceIndex#QUERY_PREFETCH}). It
 * reads one word per cache line of the user lists the query thread is about to accumulate, at
 * most {@value #AHEAD} lists ahead of it, so that the query thread finds them in the shared cache
 * instead of waiting on memory for every list start. It only reads: the query thread still forms
 * every product and every sum, in the same order, so results are identical with or without it.
 *
 * <p>Why: with users in play-count order, the most listened artist of the full-size data reads
 * 108K lists of about 600 bytes, 1.4 KB apart, and streaming them took about three times as long
 * as reading the same bytes in one run (a scratch measurement, recorded in {@code
 * benchmarks/results/full-scale-query-experiments.txt}); Java has no prefetch instruction, and a load that misses stalls the thread that issues it,
 * so the touching has to happen on another core. The helper costs a second core for the length of
 * the query; on a machine whose cores are busy it is only overhead, which is why it is off by
 * default.
 */
final class ListPrefetcher {
  /** Most lists the helper runs ahead of the query thread (about 75 KB of lists). */
  static final int AHEAD = 128;
  /** Lists the query thread accumulates between two publications of its position. */
  static final int STEP = 64;

  private static final ExecutorService HELPERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "playknn-list-prefetch");
            t.setDaemon(true);
            return t;
          });

  /** Keeps the touching loads from being optimised away. */
  @SuppressWarnings("unused")
  private static volatile long sink;

  private final int[] qFeatures;
  private final int[] featurePointers;
  private final int[] featureItems;
  private final double[] featureValues;
  private volatile int position;
  private volatile boolean stop;

  private ListPrefetcher(
      int[] qFeatures, int[] featurePointers, int[] featureItems, double[] featureValues) {
    this.qFeatures = qFeatures;
    this.featurePointers = featurePointers;
    this.featureItems = featureItems;
    this.featureValues = featureValues;
  }

  /**
   * {@link BruteForceIndex#denseAccumulate} with a helper touching the lists ahead: same
   * arguments, same result to the last bit.
   */
  static void denseAccumulate(
      int[] qFeatures,
      double[] qValues,
      int from,
      int to,
      int[] featurePointers,
      int[] featureItems,
      double[] featureValues,
      double[] dots) {
    ListPrefetcher helper =
        new ListPrefetcher(qFeatures, featurePointers, featureItems, featureValues);
    helper.position = from; // published before the helper starts, which happens-after submit
    Future<?> touching = HELPERS.submit(() -> helper.touch(from, to));
    try {
      for (int p = from; p < to; p += STEP) {
        helper.position = p;
        BruteForceIndex.denseAccumulate(
            qFeatures, qValues, p, Math.min(to, p + STEP), featurePointers, featureItems,
            featureValues, dots);
      }
    } finally {
      helper.stop = true;
      awaitQuietly(touching);
    }
  }

  /** The helper's loop: touches lists {@code [from, to)}, keeping within the window. */
  private void touch(int from, int to) {
    long sum = 0;
    for (int p = from; p < to; p++) {
      if ((p & (STEP - 1)) == 0) {
        if (stop) {
          break;
        }
        int at = position;
        if (p < at + STEP) {
          // Fallen behind the query thread: touching what it has read is wasted.
          p = Math.min(to - 1, at + STEP);
        }
        while (p > position + AHEAD && !stop) {
          Thread.onSpinWait();
        }
      }
      int f = qFeatures[p];
      int start = featurePointers[f];
      int end = featurePointers[f + 1];
      if (start == end) {
        continue;
      }
      for (int s = start; s < end; s += 16) {
        sum += featureItems[s];
      }
      for (int s = start; s < end; s += 8) {
        sum += Double.doubleToRawLongBits(featureValues[s]);
      }
      sum += featureItems[end - 1] + Double.doubleToRawLongBits(featureValues[end - 1]);
    }
    sink = sum;
  }

  /** Waits for the helper, which stops within {@value #STEP} lists of being told to. */
  private static void awaitQuietly(Future<?> touching) {
    boolean interrupted = false;
    while (true) {
      try {
        touching.get();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException e) {
        // The helper only reads; a failure there cannot affect the query's result.
        break;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
