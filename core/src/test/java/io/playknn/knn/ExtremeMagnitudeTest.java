package io.playknn.knn;

import static org.assertj.core.api.Assertions.assertThat;

import io.playknn.matrix.DenseMatrix;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values at the ends of the double range: rows scaled by 1e±300 (cosine, every provider and input
 * form), rows near {@link Double#MAX_VALUE} (not zero rows), and Euclidean distances of finite
 * points far beyond 1e154 (finite, and ordered as exact arithmetic orders them). Seeds are in the
 * test names.
 */
class ExtremeMagnitudeTest {
  private static final MathContext EXACT = MathContext.DECIMAL128;

  private static NearestNeighbors fit(Object items, String algorithm, Metric metric) {
    KnnOptions options = KnnOptions.builder().algorithm(algorithm).metric(metric).build();
    return items instanceof DenseMatrix
        ? NearestNeighbors.fit((DenseMatrix) items, options)
        : NearestNeighbors.fit((SparseMatrix) items, options);
  }

  private static double[][] randomRows(long seed, int rows, int d) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] m = new double[rows][d];
    for (double[] row : m) {
      for (int j = 0; j < d; j++) {
        row[j] = random.nextInt(4) == 0 ? 0 : random.nextDouble(-1, 1);
      }
    }
    return m;
  }

  private static void assertIdentical(NearestNeighbors expected, NearestNeighbors actual, int k, String what) {
    for (int i = 0; i < expected.size(); i++) {
      Neighbors e = expected.kneighbors(i, k);
      Neighbors a = actual.kneighbors(i, k);
      assertThat(a.indices()).as("%s item %d", what, i).containsExactly(e.indices());
      assertThat(a.distances()).as("%s item %d", what, i).containsExactly(e.distances());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void cosine_rowsScaledBy1e300And1eMinus300_everyProviderEqualsBruteAndTheUnscaledRows(long seed) {
    double[][] rows = randomRows(seed, 60, 4);
    double[][] scaled = new double[rows.length][];
    for (int r = 0; r < rows.length; r++) {
      double s = r % 3 == 0 ? 1e300 : r % 3 == 1 ? 1e-300 : 1;
      scaled[r] = Arrays.stream(rows[r]).map(v -> v * s).toArray();
    }
    DenseMatrix dense = DenseMatrix.of(scaled);
    NearestNeighbors brute = fit(dense.toSparse(), "brute", Metric.COSINE);
    assertIdentical(brute, fit(dense, "ball_tree", Metric.COSINE), 7, "dense ball_tree");
    assertIdentical(brute, fit(dense.toSparse(), "ball_tree", Metric.COSINE), 7, "sparse ball_tree");
    assertIdentical(brute, fit(dense, "brute", Metric.COSINE), 7, "dense brute");
    // Scaling a row does not change its direction: the neighbours of the unscaled rows (to rounding).
    NearestNeighbors plain = fit(DenseMatrix.of(rows), "brute", Metric.COSINE);
    for (int i = 0; i < rows.length; i++) {
      Neighbors e = plain.kneighbors(i, 7);
      Neighbors a = brute.kneighbors(i, 7);
      for (int rank = 0; rank < e.size(); rank++) {
        assertThat(a.distance(rank)).as("seed %d item %d rank %d", seed, i, rank)
            .isCloseTo(e.distance(rank), Offset.offset(1e-12));
      }
    }
  }

  @Test
  void cosine_rowNearMaxValue_isNotAZeroRow() {
    double big = Double.MAX_VALUE;
    double[][] rows = {{big, big / 2, 0}, {2, 1, 0}, {0, 0, 1}, {-big, -big, -big}, {-1, -1, -1}};
    for (String algorithm : List.of("brute", "ball_tree")) {
      for (Object items : List.of(DenseMatrix.of(rows), DenseMatrix.of(rows).toSparse())) {
        NearestNeighbors knn = fit(items, algorithm, Metric.COSINE);
        String what = algorithm + " " + items.getClass().getSimpleName();
        Neighbors n0 = knn.kneighbors(0, 1);
        assertThat(n0.indices()).as(what).containsExactly(1);
        assertThat(n0.distance(0)).as(what).isLessThan(1e-12);
        Neighbors n3 = knn.kneighbors(3, 1);
        assertThat(n3.indices()).as(what).containsExactly(4);
        assertThat(n3.distance(0)).as(what).isLessThan(1e-12);
        Neighbors adHoc = knn.kneighbors(SparseVector.of(3, new int[] {0, 1}, new double[] {big, big / 2}), 2);
        assertThat(adHoc.indices()).as(what).containsExactly(0, 1);
        assertThat(adHoc.distance(1)).as(what).isLessThan(1e-12);
      }
    }
    assertThat(DenseMatrix.of(rows).toSparse().normalizeRows().rowNorms()[0]).isCloseTo(1, Offset.offset(1e-15));
  }

  /** Exact squared distance of two dense points, for the order of the true distances. */
  private static BigDecimal exactSquared(double[] a, double[] b) {
    BigDecimal sum = BigDecimal.ZERO;
    for (int j = 0; j < a.length; j++) {
      BigDecimal diff = new BigDecimal(a[j]).subtract(new BigDecimal(b[j]));
      sum = sum.add(diff.multiply(diff));
    }
    return sum;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13, 14})
  void euclidean_pointsFarBeyond1e154_areFiniteAndOrderedAsExactArithmetic(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = 40;
    int d = 3;
    double[][] points = new double[n][d];
    for (double[] p : points) {
      for (int j = 0; j < d; j++) {
        // Magnitudes from 1e160 to 1e300; some coordinates zero, some of opposite sign.
        p[j] = random.nextInt(5) == 0 ? 0 : random.nextDouble(-1, 1) * Math.pow(10, 160 + random.nextInt(141));
      }
    }
    DenseMatrix dense = DenseMatrix.of(points);
    NearestNeighbors brute = fit(dense.toSparse(), "brute", Metric.EUCLIDEAN);
    for (int q = 0; q < n; q++) {
      Neighbors all = brute.kneighbors(q, n - 1);
      assertThat(all.size()).isEqualTo(n - 1);
      double previousExact = 0;
      for (int rank = 0; rank < all.size(); rank++) {
        double exact = exactSquared(points[q], points[all.index(rank)]).sqrt(EXACT).doubleValue();
        assertThat(all.distance(rank)).as("seed %d item %d rank %d", seed, q, rank)
            .isFinite().isCloseTo(exact, Percentage.withPercentage(1e-10));
        // Ascending in exact arithmetic, up to the rounding that makes distances tie (then by index).
        assertThat(exact).as("seed %d item %d rank %d: exact order", seed, q, rank)
            .isGreaterThanOrEqualTo(previousExact * (1 - 1e-12));
        if (rank > 0 && all.distance(rank) == all.distance(rank - 1)) {
          assertThat(all.index(rank)).isGreaterThan(all.index(rank - 1));
        }
        previousExact = exact;
      }
    }
    assertIdentical(brute, fit(dense, "ball_tree", Metric.EUCLIDEAN), 5, "dense ball_tree");
    assertIdentical(brute, fit(dense.toSparse(), "ball_tree", Metric.EUCLIDEAN), 5, "sparse ball_tree");
    NearestNeighbors tree = fit(dense, "ball_tree", Metric.EUCLIDEAN);
    for (int i = 0; i < n; i++) {
      Neighbors b = brute.radiusNeighbors(i, 1e300);
      assertThat(tree.radiusNeighbors(i, 1e300).indices()).as("radius item %d", i).containsExactly(b.indices());
    }
  }
}
