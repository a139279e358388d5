package io.playknn.knn.brute;

import static org.assertj.core.api.Assertions.assertThat;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.Neighbors;
import io.playknn.knn.RandomMatrices;
import io.playknn.matrix.SparseMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Per-query scratch memory is bounded by the index's {@code threads} option, not by the number of
 * caller threads: 64 threads querying one index at once (k-nearest on the sparse and dense paths,
 * radius, ad-hoc vectors) all get the single-threaded answers, and the index creates at most
 * {@code threads} scratch buffers.
 */
class ScratchBoundTest {
  private static final int CALLERS = 64;

  @ParameterizedTest(name = "{0} threads, {1}")
  @CsvSource({"1, COSINE", "4, COSINE", "3, EUCLIDEAN"})
  void manyCallerThreads_createAtMostThreadsScratchBuffers(int threads, Metric metric)
      throws Exception {
    SparseMatrix m = RandomMatrices.continuous(7, 300, 80, 0.3, true);
    KnnOptions options =
        KnnOptions.builder().algorithm("brute").metric(metric).threads(threads).build();
    BruteForceIndex index = new BruteForceIndex(m, options, QueryPlan.Tuning.DEFAULT);
    BruteForceIndex reference = new BruteForceIndex(m, options, QueryPlan.Tuning.DEFAULT);
    int items = m.rows();
    Neighbors[] expected = new Neighbors[items];
    Neighbors[] expectedRadius = new Neighbors[items];
    for (int i = 0; i < items; i++) {
      expected[i] = reference.kneighbors(i, 10);
      expectedRadius[i] = reference.radiusNeighbors(i, 0.9);
    }
    Neighbors vector = reference.kneighbors(m.row(5), 7);
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < CALLERS; c++) {
        int first = c;
        done.add(
            callers.submit(
                () -> {
                  start.await();
                  for (int r = 0; r < 40; r++) {
                    int i = (first * 37 + r * 11) % items;
                    assertThat(index.kneighbors(i, 10)).as("item %d", i).isEqualTo(expected[i]);
                    assertThat(index.radiusNeighbors(i, 0.9))
                        .as("radius item %d", i)
                        .isEqualTo(expectedRadius[i]);
                    assertThat(index.kneighbors(m.row(5), 7)).isEqualTo(vector);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(index.scratchBuffersCreated()).isBetween(1, threads);
  }
}
