package io.playknn.examples;

import io.playknn.matrix.SparseMatrix;
import java.util.SplittableRandom;

/**
 * The first two principal components of the rows of a sparse matrix, by subspace (block power)
 * iteration on the covariance, without densifying: products with the centred matrix {@code X -
 * 1 mean^T} are computed as {@code X v - (mean . v) 1}. A small fallback for the artist map until a
 * library truncated SVD is available.
 *
 * @param x each row's score on the first component
 * @param y each row's score on the second component
 * @param explained the fraction of the total variance each component explains
 * @param iterations iterations until no loading moved by more than 1e-12 (or the limit)
 */
record Pca2(double[] x, double[] y, double[] explained, int iterations) {

  /**
   * Computes the projection.
   *
   * @param m rows are the points (artists), columns the features (users); at least 3 rows
   * @param seed seeds the start vectors (the result does not depend on it beyond rounding and sign)
   * @param maxIterations iteration limit
   * @return the scores of every row on the first two components, signs chosen so the largest
   *     loading of each component is positive
   */
  static Pca2 of(SparseMatrix m, long seed, int maxIterations) {
    int n = m.rows();
    int d = m.columns();
    if (n < 3 || d < 2) {
      throw new IllegalArgumentException("need at least 3 rows and 2 columns, was " + n + " x " + d);
    }
    double[] mean = m.columnSums();
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[][] v = new double[2][d];
    for (double[] vi : v) {
      for (int j = 0; j < d; j++) {
        vi[j] = random.nextDouble() - 0.5;
      }
    }
    orthonormalise(v);
    double[][] scores = new double[2][];
    double[] lambda = new double[2];
    int it = 0;
    for (; it < maxIterations; it++) {
      double[][] next = new double[2][];
      for (int c = 0; c < 2; c++) {
        scores[c] = times(m, mean, v[c]);
        next[c] = transposeTimes(m, mean, scores[c]);
      }
      orthonormalise(next);
      double change = 0;
      for (int c = 0; c < 2; c++) {
        double sign = Math.signum(dot(next[c], v[c]));
        for (int j = 0; j < d; j++) {
          change = Math.max(change, Math.abs(next[c][j] - sign * v[c][j]));
        }
      }
      v = next;
      if (change < 1e-12) {
        break;
      }
    }
    for (int c = 0; c < 2; c++) {
      int largest = 0;
      for (int j = 1; j < d; j++) {
        if (Math.abs(v[c][j]) > Math.abs(v[c][largest])) {
          largest = j;
        }
      }
      if (v[c][largest] < 0) {
        for (int j = 0; j < d; j++) {
          v[c][j] = -v[c][j];
        }
      }
      scores[c] = times(m, mean, v[c]);
      lambda[c] = dot(scores[c], scores[c]);
    }
    // Total variance (times n - 1) = squared Frobenius norm of the centred matrix.
    double total = 0;
    for (int p = 0; p < m.nonZeros(); p++) {
      total += m.valueAt(p) * m.valueAt(p);
    }
    total -= n * dot(mean, mean);
    return new Pca2(scores[0], scores[1], new double[] {lambda[0] / total, lambda[1] / total}, it);
  }

  /** (X - 1 mean^T) v. */
  static double[] times(SparseMatrix m, double[] mean, double[] v) {
    double shift = dot(mean, v);
    double[] out = new double[m.rows()];
    for (int r = 0; r < m.rows(); r++) {
      double s = 0;
      for (int p = m.rowStart(r); p < m.rowEnd(r); p++) {
        s += m.valueAt(p) * v[m.columnAt(p)];
      }
      out[r] = s - shift;
    }
    return out;
  }

  /** (X - 1 mean^T)^T u. */
  static double[] transposeTimes(SparseMatrix m, double[] mean, double[] u) {
    double[] out = new double[m.columns()];
    double sum = 0;
    for (int r = 0; r < m.rows(); r++) {
      sum += u[r];
      for (int p = m.rowStart(r); p < m.rowEnd(r); p++) {
        out[m.columnAt(p)] += m.valueAt(p) * u[r];
      }
    }
    for (int j = 0; j < out.length; j++) {
      out[j] -= mean[j] * sum;
    }
    return out;
  }

  private static void orthonormalise(double[][] v) {
    for (int c = 0; c < v.length; c++) {
      for (int b = 0; b < c; b++) {
        double proj = dot(v[c], v[b]);
        for (int j = 0; j < v[c].length; j++) {
          v[c][j] -= proj * v[b][j];
        }
      }
      double norm = Math.sqrt(dot(v[c], v[c]));
      for (int j = 0; j < v[c].length; j++) {
        v[c][j] /= norm;
      }
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
