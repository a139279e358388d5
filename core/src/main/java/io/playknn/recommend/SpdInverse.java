package io.playknn.recommend;

import io.playknn.internal.Parallel;

/**
 * The inverse of a dense symmetric positive definite matrix by Cholesky factorisation, on flat
 * row-major {@code double[]} arrays: {@code A = L Lᵀ} (row-oriented, each entry a dot product of two
 * contiguous row prefixes), {@code M = L⁻¹} by forward substitution one column at a time (columns in
 * parallel), and {@code A⁻¹ = Mᵀ M} (rows in parallel). About {@code n³/2} multiply-adds and two
 * {@code n × n} arrays.
 */
final class SpdInverse {
  private SpdInverse() {}

  /**
   * Inverts {@code a} in place.
   *
   * @param a row-major {@code n × n}, symmetric positive definite; replaced by its inverse
   * @param n the order
   * @param threads threads for the parallel stages
   * @throws IllegalArgumentException if a pivot is not positive (not positive definite to
   *     working precision)
   */
  static void invert(double[] a, int n, int threads) {
    // 1. Cholesky: the lower triangle of `a` becomes L.
    for (int i = 0; i < n; i++) {
      int ri = i * n;
      for (int j = 0; j <= i; j++) {
        int rj = j * n;
        double sum = a[ri + j] - dot(a, ri, a, rj, j);
        if (i == j) {
          if (!(sum > 0)) {
            throw new IllegalArgumentException(
                "matrix is not positive definite: pivot " + i + " is " + sum
                    + " (raise the regularisation)");
          }
          a[ri + i] = Math.sqrt(sum);
        } else {
          a[ri + j] = sum / a[rj + j];
        }
      }
    }
    // 2. Column j of M = L^-1 (zero above the diagonal) goes to row j of mt.
    double[] mt = new double[a.length];
    Parallel.forEach(
        threads,
        n,
        t -> null,
        (unused, j) -> {
          int rj = j * n;
          mt[rj + j] = 1.0 / a[rj + j];
          for (int i = j + 1; i < n; i++) {
            int ri = i * n;
            mt[rj + i] = -dot(a, ri + j, mt, rj + j, i - j) / a[ri + i];
          }
        },
        (done, total) -> {});
    // 3. inverse(i, j) = sum over k >= max(i, j) of M(k, i) M(k, j) = mt row i . mt row j.
    Parallel.forEach(
        threads,
        n,
        t -> null,
        (unused, i) -> {
          int ri = i * n;
          for (int j = i; j < n; j++) {
            int rj = j * n;
            double sum = dot(mt, ri + j, mt, rj + j, n - j);
            a[ri + j] = sum;
            a[rj + i] = sum;
          }
        },
        (done, total) -> {});
  }

  /**
   * {@code Σ_k x[xFrom + k] × y[yFrom + k]} for {@code k < length}, in four interleaved partial
   * sums (independent chains the CPU can overlap), added in a fixed order.
   */
  static double dot(double[] x, int xFrom, double[] y, int yFrom, int length) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int k = 0;
    for (; k + 3 < length; k += 4) {
      s0 += x[xFrom + k] * y[yFrom + k];
      s1 += x[xFrom + k + 1] * y[yFrom + k + 1];
      s2 += x[xFrom + k + 2] * y[yFrom + k + 2];
      s3 += x[xFrom + k + 3] * y[yFrom + k + 3];
    }
    for (; k < length; k++) {
      s0 += x[xFrom + k] * y[yFrom + k];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
