package io.playknn.knn.balltree;

import static org.assertj.core.api.Assertions.assertThat;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.Neighbors;
import io.playknn.knn.RandomMatrices;
import io.playknn.matrix.SparseMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Scratch memory of one index queried by 64 threads at once is bounded by the documented rule: at
 * most {@link KnnOptions#threads()} buffers are kept between queries, not one per calling thread.
 */
class BallTreeScratchTest {
  @Test
  void kneighbors_64CallerThreads_keepAtMostThreadsScratchBuffers() throws Exception {
    SparseMatrix m = RandomMatrices.continuous(5, 300, 8, 0.6, true);
    int threads = 3;
    NearestNeighbors knn = NearestNeighbors.fit(m,
        KnnOptions.builder().algorithm("ball_tree").metric(Metric.EUCLIDEAN).threads(threads).build());
    BallTreeIndex index = (BallTreeIndex) knn;
    List<Neighbors> expected = new ArrayList<>();
    for (int item = 0; item < m.rows(); item++) {
      expected.add(knn.kneighbors(item, 5));
    }
    int callers = 64;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      CyclicBarrier start = new CyclicBarrier(callers);
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        int first = c;
        done.add(pool.submit(() -> {
          start.await();
          int wrong = 0;
          for (int round = 0; round < 20; round++) {
            int item = (first * 7 + round * 13) % m.rows();
            wrong += knn.kneighbors(item, 5).equals(expected.get(item)) ? 0 : 1;
            assertThat(index.scratchKept()).isLessThanOrEqualTo(threads);
          }
          return wrong;
        }));
      }
      for (Future<Integer> f : done) {
        assertThat(f.get()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(index.scratchKept()).isBetween(1, threads);
  }
}
