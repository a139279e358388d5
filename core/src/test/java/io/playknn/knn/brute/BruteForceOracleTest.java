package io.playknn.knn.brute;

import static org.assertj.core.api.Assertions.assertThat;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NaiveTestProvider;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.knn.Neighbors;
import io.playknn.knn.RandomMatrices;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded randomized property test: {@code brute} equals the naive double loop of {@link
 * NaiveTestProvider} on random sparse matrices (same indices in the same order, distances within
 * 1e-12), for k-nearest, radius and ad-hoc vector queries, both metrics, through every batch
 * kernel and head-block size of {@link QueryPlan.Tuning}. The seed is in each test's name and
 * failure message.
 */
class BruteForceOracleTest {
  static LongStream seeds() {
    return LongStream.range(0, 24).map(i -> 0x9E3779B97F4A7C15L * (i + 1));
  }

  private static void assertSame(Neighbors expected, Neighbors actual, String what) {
    assertThat(actual.indices()).as(what).containsExactly(expected.indices());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.distance(i))
          .as("%s rank %d", what, i)
          .isCloseTo(expected.distance(i), org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void brute_equalsNaiveLoop(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int rows = 1 + random.nextInt(60);
    int columns = 1 + random.nextInt(40);
    double density = 0.02 + 0.3 * random.nextDouble();
    SparseMatrix m =
        random.nextBoolean()
            ? RandomMatrices.withTies(seed, rows, columns, density)
            : RandomMatrices.continuous(seed, rows, columns, density, random.nextBoolean());
    for (Metric metric : Metric.values()) {
      KnnOptions.Builder o = KnnOptions.builder().metric(metric).threads(1 + random.nextInt(3));
      QueryPlan.Kernel kernel = QueryPlan.Kernel.values()[random.nextInt(3)];
      // Head blocks of every size, from none to more than all items.
      int head = random.nextInt(rows + 3);
      NearestNeighbors brute =
          new BruteForceIndex(
              m, o.algorithm("brute").build(),
              new QueryPlan.Tuning(kernel, head, HeadFirstQuery.DEFAULT_SPLIT));
      NearestNeighbors naive = NearestNeighbors.fit(m, o.algorithm(NaiveTestProvider.NAME).build());
      String where = "seed " + seed + " " + metric + " kernel " + kernel + " head " + head + " " + m;
      for (int k : new int[] {1, 3, Math.max(1, rows - 1), rows + 5}) {
        NeighborTable all = brute.kneighborsAll(k);
        for (int item = 0; item < rows; item++) {
          Neighbors expected = naive.kneighbors(item, k);
          assertSame(expected, brute.kneighbors(item, k), where + " item " + item + " k " + k);
          assertSame(expected, all.row(item), where + " batch item " + item + " k " + k);
        }
      }
      double radius = metric == Metric.COSINE ? 2 * random.nextDouble() : 3 * random.nextDouble();
      for (int item = 0; item < rows; item++) {
        assertSame(
            naive.radiusNeighbors(item, radius),
            brute.radiusNeighbors(item, radius),
            where + " item " + item + " radius " + radius);
      }
      SparseVector q = RandomMatrices.continuous(seed + 1, 1, columns, density, false).row(0);
      assertSame(naive.kneighbors(q, 5), brute.kneighbors(q, 5), where + " vector query");
      assertSame(
          naive.radiusNeighbors(q, radius),
          brute.radiusNeighbors(q, radius),
          where + " vector radius " + radius);
    }
  }

  /**
   * The rows kernel on a popularity-skewed matrix, where popular items take the dense
   * path (plain accumulation, index-order scan) and the rest the sparse one (touched list), and
   * the most popular ones, in the all-items table, a head block of a random size (their pairs with
   * the other items delivered from those items' rows): every row equals the naive loop, and the
   * single query bit for bit.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void rowsKernel_skewedPopularity_equalsNaiveLoop(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int items = 200 + random.nextInt(400);
    int users = 100 + random.nextInt(300);
    SparseMatrix.Builder b = SparseMatrix.builder(items, users);
    for (int i = 0; i < items; i++) {
      // Zipf-like listener counts: a few items reach most users, most items a handful.
      int listeners = Math.min(users, 1 + (int) (users * 0.8 / Math.pow(i + 1, 0.9)));
      for (int l = 0; l < listeners; l++) {
        b.add(i, random.nextInt(users), random.nextInt(4) == 0 ? 1.0 : random.nextDouble());
      }
    }
    SparseMatrix m = b.build();
    int head = new int[] {0, 1, 1 + random.nextInt(items), items + 3}[random.nextInt(4)];
    NearestNeighbors brute =
        new BruteForceIndex(
            m,
            KnnOptions.builder().algorithm("brute").threads(1 + random.nextInt(3)).build(),
            new QueryPlan.Tuning(QueryPlan.Kernel.ROWS, head, HeadFirstQuery.DEFAULT_SPLIT));
    NearestNeighbors naive =
        NearestNeighbors.fit(m, KnnOptions.builder().algorithm(NaiveTestProvider.NAME).build());
    for (int k : new int[] {1, 10, 40}) {
      NeighborTable all = brute.kneighborsAll(k);
      for (int item = 0; item < items; item++) {
        String where = "seed " + seed + " head " + head + " " + m + " item " + item + " k " + k;
        assertSame(naive.kneighbors(item, k), all.row(item), where);
        assertThat(all.row(item)).as(where).isEqualTo(brute.kneighbors(item, k));
      }
    }
  }
}
