package io.playknn.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.playknn.matrix.SparseMatrix;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sparse power-iteration PCA against a dense eigendecomposition of the covariance. */
class Pca2Test {
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void of_matchesDenseEigendecomposition(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = 30;
    int d = 8;
    double[][] x = new double[n][d];
    SparseMatrix.Builder b = SparseMatrix.builder(n, d);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        if (random.nextDouble() < 0.5) {
          // Column scales make the leading eigenvalues well separated.
          x[i][j] = random.nextDouble() * (d - j);
          b.add(i, j, x[i][j]);
        }
      }
    }
    Pca2 pca = Pca2.of(b.build(), 99, 5000);

    double[] mean = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / n;
      }
    }
    double[][] centred = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        centred[i][j] = x[i][j] - mean[j];
      }
    }
    RealMatrix c = new Array2DRowRealMatrix(centred, false);
    RealMatrix cov = c.transpose().multiply(c);
    EigenDecomposition eig = new EigenDecomposition(cov);
    double total = cov.getTrace();
    // commons-math3 sorts eigenvalues in descending order.
    assertThat(pca.explained()[0]).as("seed %d", seed).isCloseTo(eig.getRealEigenvalue(0) / total, within(1e-9));
    assertThat(pca.explained()[1]).as("seed %d", seed).isCloseTo(eig.getRealEigenvalue(1) / total, within(1e-9));
    for (int comp = 0; comp < 2; comp++) {
      double[] expected = c.operate(eig.getEigenvector(comp)).toArray();
      double[] got = comp == 0 ? pca.x() : pca.y();
      double sign = Math.signum(expected[0]) * Math.signum(got[0]);
      for (int i = 0; i < n; i++) {
        assertThat(got[i]).as("seed %d component %d row %d", seed, comp, i)
            .isCloseTo(sign * expected[i], within(1e-6));
      }
    }
  }
}
