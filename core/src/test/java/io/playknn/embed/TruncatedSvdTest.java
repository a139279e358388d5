package io.playknn.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.knn.RandomMatrices;
import io.playknn.matrix.DenseMatrix;
import io.playknn.matrix.Npz;
import io.playknn.matrix.SparseMatrix;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.stream.LongStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TruncatedSvd} against a direct dense decomposition (commons-math3 {@link
 * SingularValueDecomposition} of the whole matrix, centred by hand for PCA): singular values within
 * 1e-6 relative, coordinates within 1e-6 of {@code U Σ} under the same sign rule, explained
 * variance as computed directly from the dense data; and the reference matrix's top singular values
 * against power iteration.
 */
class TruncatedSvdTest {

  static LongStream seeds() {
    return LongStream.of(1, 2, 3, 42, 1234567);
  }

  private static double[][] dense(SparseMatrix m, boolean centered) {
    double[][] a = DenseMatrix.fromSparse(m).toArrays();
    if (centered) {
      for (int c = 0; c < m.columns(); c++) {
        double mean = 0;
        for (double[] row : a) {
          mean += row[c];
        }
        mean /= a.length;
        for (double[] row : a) {
          row[c] -= mean;
        }
      }
    }
    return a;
  }

  /** Dense oracle: U Σ with the sign rule (largest-magnitude entry of each U column positive). */
  private static double[][] denseCoordinates(SingularValueDecomposition svd, int k) {
    RealMatrix u = svd.getU();
    double[] s = svd.getSingularValues();
    double[][] out = new double[u.getRowDimension()][k];
    for (int j = 0; j < k; j++) {
      int largest = 0;
      for (int r = 1; r < u.getRowDimension(); r++) {
        if (Math.abs(u.getEntry(r, j)) > Math.abs(u.getEntry(largest, j))) {
          largest = r;
        }
      }
      double sign = u.getEntry(largest, j) < 0 ? -1 : 1;
      for (int r = 0; r < out.length; r++) {
        out[r][j] = sign * u.getEntry(r, j) * s[j];
      }
    }
    return out;
  }

  private static void assertMatchesDense(SparseMatrix m, TruncatedSvd svd, int k, boolean centered, double tolerance, String what) {
    Embedding e = svd.fit(m);
    double[][] a = dense(m, centered);
    SingularValueDecomposition direct = new SingularValueDecomposition(new Array2DRowRealMatrix(a));
    double[] expected = direct.getSingularValues();
    double[] actual = e.singularValues();
    assertThat(actual).hasSize(k);
    for (int j = 0; j < k; j++) {
      assertThat(actual[j])
          .as("%s singular value %d of %s", what, j, Arrays.toString(Arrays.copyOf(expected, k)))
          .isCloseTo(expected[j], Offset.offset(tolerance * expected[j]));
    }
    double[][] coordinates = denseCoordinates(direct, k);
    for (int r = 0; r < m.rows(); r++) {
      for (int j = 0; j < k; j++) {
        assertThat(e.coordinates().get(r, j))
            .as("%s coordinate (%d, %d)", what, r, j)
            .isCloseTo(coordinates[r][j], Offset.offset(tolerance * expected[0]));
      }
    }
    // Components: orthonormal rows with A vᵀ = coordinates.
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double dot = 0;
        for (int c = 0; c < m.columns(); c++) {
          dot += e.components().get(i, c) * e.components().get(j, c);
        }
        assertThat(dot).as("%s components %d.%d", what, i, j).isCloseTo(i == j ? 1 : 0, Offset.offset(1e-9));
      }
    }
    // Explained variance, directly: coordinates' sample variance over the columns' total.
    double total = 0;
    for (int c = 0; c < m.columns(); c++) {
      total += variance(column(a, c));
    }
    assertThat(e.totalVariance()).as(what + " total variance").isCloseTo(total, Offset.offset(1e-9 * total));
    double[] ratio = e.explainedVarianceRatio();
    for (int j = 0; j < k; j++) {
      double v = variance(column(coordinates, j));
      assertThat(e.explainedVariance()[j]).as("%s variance %d", what, j).isCloseTo(v, Offset.offset(tolerance * total));
      assertThat(ratio[j]).as("%s ratio %d", what, j).isCloseTo(v / total, Offset.offset(tolerance));
      if (centered) {
        assertThat(ratio[j] * total * (m.rows() - 1))
            .isCloseTo(expected[j] * expected[j], Offset.offset(tolerance * expected[0] * expected[0]));
      }
    }
  }

  private static double[] column(double[][] a, int c) {
    double[] out = new double[a.length];
    for (int r = 0; r < a.length; r++) {
      out[r] = a[r][c];
    }
    return out;
  }

  private static double variance(double[] x) {
    double mean = Arrays.stream(x).sum() / x.length;
    double ss = 0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    return ss / Math.max(1, x.length - 1);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void fit_truncatedMatchesDenseDecomposition(long seed) {
    // A random matrix has a flat spectrum (sigma_16 / sigma_5 near 0.7), the hard case for a
    // range finder: the default 7 power iterations leave errors near 1e-6, so this uses 20.
    SparseMatrix m = RandomMatrices.continuous(seed, 60, 40, 0.2, false);
    TruncatedSvd svd = TruncatedSvd.builder(5).powerIterations(20).seed(seed).build();
    assertMatchesDense(m, svd, 5, false, 1e-6, "seed " + seed + " svd");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void fit_pcaMatchesDenseDecompositionOfCentredMatrix(long seed) {
    SparseMatrix m = RandomMatrices.continuous(seed, 60, 40, 0.2, true);
    TruncatedSvd pca = TruncatedSvd.builder(4).centered(true).powerIterations(20).seed(seed).build();
    assertMatchesDense(m, pca, 4, true, 1e-6, "seed " + seed + " pca");
  }

  @Test
  void fit_fullRangeIsExact() {
    SparseMatrix m = RandomMatrices.withTies(9, 30, 12, 0.3);
    // 3 + 10 oversamples >= 12 columns: the range is the whole column space.
    assertMatchesDense(m, TruncatedSvd.builder(3).powerIterations(0).build(), 3, false, 1e-10, "full range");
    assertMatchesDense(
        m, TruncatedSvd.builder(12).centered(true).powerIterations(0).build(), 12, true, 1e-9, "full range pca");
  }

  @Test
  void fit_isDeterministicBySeed() {
    SparseMatrix m = RandomMatrices.continuous(5, 50, 30, 0.2, false);
    TruncatedSvd a = TruncatedSvd.builder(3).seed(7).build();
    assertThat(a.fit(m).coordinates()).isEqualTo(a.fit(m).coordinates());
    assertThat(TruncatedSvd.builder(3).seed(7).build().fit(m).components())
        .isEqualTo(a.fit(m).components());
  }

  @Test
  void build_rejectsBadOptions() {
    SparseMatrix m = RandomMatrices.continuous(5, 6, 4, 0.5, false);
    assertThatThrownBy(() -> TruncatedSvd.builder(5).build().fit(m))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("components must be <= min(rows, columns) = min(6, 4), was 5");
    assertThatThrownBy(() -> TruncatedSvd.builder(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("components must be >= 1, was 0");
    assertThatThrownBy(() -> TruncatedSvd.builder(1).oversamples(-1).build())
        .hasMessageContaining("oversamples");
    assertThatThrownBy(() -> TruncatedSvd.builder(1).powerIterations(-2).build())
        .hasMessageContaining("powerIterations must be >= 0, was -2");
  }

  private static SparseMatrix reference() throws IOException {
    try (InputStream in = TruncatedSvdTest.class.getResourceAsStream("/lastfm-seed/artist_user_mtrx.npz")) {
      return Npz.read(in);
    }
  }

  @Test
  void fit_referenceMatrixTopSingularValues() throws IOException {
    SparseMatrix m = reference();
    Embedding e = TruncatedSvd.builder(10).seed(42).build().fit(m);
    double[] s = e.singularValues();
    double[] ratio = e.explainedVarianceRatio();
    System.out.println("reference matrix (" + m.rows() + " x " + m.columns() + ") top 10 singular values:");
    for (int j = 0; j < s.length; j++) {
      System.out.printf(java.util.Locale.ROOT, "  sigma_%d = %.10f  (explained variance ratio %.6f)%n", j + 1, s[j], ratio[j]);
    }
    for (int j = 0; j < s.length; j++) {
      assertThat(s[j]).as("sigma_%d", j + 1).isPositive();
      if (j > 0) {
        assertThat(s[j]).as("sigma_%d", j + 1).isLessThanOrEqualTo(s[j - 1]);
      }
    }
    // Oracle: power iteration on AᵀA from the all-ones vector, to convergence.
    double top = powerIteration(m);
    System.out.printf(java.util.Locale.ROOT, "  power iteration sigma_1 = %.10f%n", top);
    assertThat(s[0]).isCloseTo(top, Offset.offset(1e-6 * top));
  }

  private static double powerIteration(SparseMatrix m) {
    double[] v = new double[m.columns()];
    Arrays.fill(v, 1 / Math.sqrt(m.columns()));
    double sigma = 0;
    for (int it = 0; it < 10_000; it++) {
      double[] av = new double[m.rows()];
      for (int r = 0; r < m.rows(); r++) {
        for (int p = m.rowStart(r); p < m.rowEnd(r); p++) {
          av[r] += m.valueAt(p) * v[m.columnAt(p)];
        }
      }
      double[] w = new double[m.columns()];
      for (int r = 0; r < m.rows(); r++) {
        for (int p = m.rowStart(r); p < m.rowEnd(r); p++) {
          w[m.columnAt(p)] += m.valueAt(p) * av[r];
        }
      }
      double norm = Math.sqrt(Arrays.stream(w).map(x -> x * x).sum());
      double next = Math.sqrt(norm);
      for (int c = 0; c < w.length; c++) {
        v[c] = w[c] / norm;
      }
      if (Math.abs(next - sigma) <= 1e-15 * next) {
        return next;
      }
      sigma = next;
    }
    return sigma;
  }
}
