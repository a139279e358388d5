package io.playknn.knn.brute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.matrix.SparseMatrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The all-items build with a head block ({@link HeadBlock}) gives the same table, bit for bit, as
 * the build without one and as single queries, for head sizes around the sweep size, on
 * popularity-skewed data where the head rows take most of their neighbours from deliveries.
 */
class HeadBlockTest {
  private static final int ITEMS = 700;
  private static final int USERS = 500;

  /**
   * Zipf-like listener counts, values with ties, a few items with no listener and a few that share
   * a listener with nobody else (their rows end with fewer than k neighbours below distance 1).
   */
  private static SparseMatrix skewed(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    SparseMatrix.Builder b = SparseMatrix.builder(ITEMS, USERS + 10);
    for (int i = 0; i < ITEMS; i++) {
      if (i % 97 == 13) {
        continue;
      }
      if (i % 101 == 7) {
        b.add(i, USERS + (i % 10), 1.0);
        continue;
      }
      int listeners = Math.min(USERS, 2 + (int) (USERS * 0.7 / Math.pow(i + 1, 0.8)));
      for (int l = 0; l < listeners; l++) {
        b.add(i, random.nextInt(USERS), random.nextInt(3) == 0 ? 1.0 : 0.5 * random.nextInt(5));
      }
    }
    return b.build();
  }

  private static NearestNeighbors fit(SparseMatrix m, int threads, int head) {
    return new BruteForceIndex(
        m,
        KnnOptions.builder().algorithm("brute").metric(Metric.COSINE).threads(threads).build(),
        new QueryPlan.Tuning(QueryPlan.Kernel.ROWS, head, HeadFirstQuery.DEFAULT_SPLIT));
  }

  @ParameterizedTest(name = "head {0}")
  @ValueSource(ints = {1, HeadBlock.ROWS - 1, HeadBlock.ROWS, HeadBlock.ROWS + 1, 300, ITEMS})
  void allItemsTable_withHeadBlock_equalsTableWithoutAndSingleQueries(int head) {
    for (long seed = 1; seed <= 3; seed++) {
      SparseMatrix m = skewed(seed);
      NearestNeighbors plain = fit(m, 1, 0);
      for (int k : new int[] {1, 25, 120}) {
        NeighborTable expected = plain.kneighborsAll(k);
        for (int threads : new int[] {1, 2}) {
          NeighborTable actual = fit(m, threads, head).kneighborsAll(k);
          assertThat(actual)
              .as("seed %d head %d k %d threads %d", seed, head, k, threads)
              .isEqualTo(expected);
        }
        for (int item = 0; item < ITEMS; item += 7) {
          assertThat(expected.row(item))
              .as("seed %d k %d item %d", seed, k, item)
              .isEqualTo(plain.kneighbors(item, k));
        }
      }
    }
  }

  @Test
  void batchOfSomeItems_doesNotUseTheHeadBlock_andEqualsTheTable() {
    SparseMatrix m = skewed(9);
    NearestNeighbors knn = fit(m, 2, 200);
    NeighborTable all = knn.kneighborsAll(30);
    int[] some = {650, 3, 0, 199, 200, 3};
    NeighborTable part = knn.kneighbors(some, 30, (done, total) -> {});
    for (int r = 0; r < some.length; r++) {
      assertThat(part.row(r)).as("item %d", some[r]).isEqualTo(all.row(some[r]));
    }
  }

  @Test
  void headSizeOutsideItsRange_isRejected() {
    SparseMatrix m = skewed(1);
    assertThatThrownBy(() -> fit(m, 1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("headSize must be in [0, 16384], was -1");
    assertThatThrownBy(() -> fit(m, 1, HeadBlock.MAX_HEAD + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("headSize must be in [0, 16384], was 16385");
  }
}
