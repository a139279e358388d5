package io.playknn.internal;

/**
 * Arithmetic on sorted sparse rows shared by the providers, so that every provider forms the same
 * sums in the same order and their distances agree to the bit. Not API.
 */
public final class SparseMath {
  private SparseMath() {}

  /**
   * {@code sum((a_i - b_i)^2)} by merging two rows sorted by index, in increasing index order (the
   * order of a dense loop, whose zero terms add nothing).
   *
   * @param aIdx indices of row a
   * @param aVal values of row a
   * @param a first position of row a
   * @param aEnd one past its last position
   * @param bIdx indices of row b
   * @param bVal values of row b
   * @param b first position of row b
   * @param bEnd one past its last position
   * @return the squared Euclidean distance
   */
  public static double squaredDistance(
      int[] aIdx, double[] aVal, int a, int aEnd, int[] bIdx, double[] bVal, int b, int bEnd) {
    double sum = 0;
    while (a < aEnd || b < bEnd) {
      double diff;
      if (b >= bEnd || (a < aEnd && aIdx[a] < bIdx[b])) {
        diff = aVal[a++];
      } else if (a >= aEnd || bIdx[b] < aIdx[a]) {
        diff = -bVal[b++];
      } else {
        diff = aVal[a++] - bVal[b++];
      }
      sum += diff * diff;
    }
    return sum;
  }

  /**
   * The Euclidean distance of two rows sorted by index: {@code sqrt(}{@link #squaredDistance}{@code
   * )}, bit for bit, when the sum of squares is a normal finite number; otherwise (differences near
   * 1.3e154 or beyond, or all below about 1.5e-154) the values are divided by the largest magnitude
   * of either row before squaring, as {@code hypot} and BLAS {@code nrm2} scale, so the distance of
   * finite points is finite whenever it is below {@link Double#MAX_VALUE} and distances of such
   * points keep their order.
   *
   * @param aIdx indices of row a
   * @param aVal values of row a
   * @param a first position of row a
   * @param aEnd one past its last position
   * @param bIdx indices of row b
   * @param bVal values of row b
   * @param b first position of row b
   * @param bEnd one past its last position
   * @return the distance
   */
  public static double distance(
      int[] aIdx, double[] aVal, int a, int aEnd, int[] bIdx, double[] bVal, int b, int bEnd) {
    double sum = squaredDistance(aIdx, aVal, a, aEnd, bIdx, bVal, b, bEnd);
    if (sum >= Double.MIN_NORMAL && sum != Double.POSITIVE_INFINITY) {
      return Math.sqrt(sum);
    }
    double max = Math.max(maxAbs(aVal, a, aEnd), maxAbs(bVal, b, bEnd));
    if (max == 0) {
      return 0;
    }
    double scaled = 0;
    while (a < aEnd || b < bEnd) {
      double diff;
      if (b >= bEnd || (a < aEnd && aIdx[a] < bIdx[b])) {
        diff = aVal[a++] / max;
      } else if (a >= aEnd || bIdx[b] < aIdx[a]) {
        diff = -bVal[b++] / max;
      } else {
        diff = (aVal[a++] - bVal[b++]) / max;
      }
      scaled += diff * diff;
    }
    return max * Math.sqrt(scaled);
  }

  /**
   * The Euclidean distance of two dense vectors, as {@link #distance(int[], double[], int, int,
   * int[], double[], int, int)} computes it for their sparse forms (the zero terms add nothing),
   * for when their plain sum of squares is not a normal finite number.
   *
   * @param x the first vector's values {@code x[xFrom, xFrom + d)}
   * @param xFrom its first position
   * @param y the second vector's values {@code y[yFrom, yFrom + d)}
   * @param yFrom its first position
   * @param d the dimension
   * @return the distance
   */
  public static double scaledDistance(double[] x, int xFrom, double[] y, int yFrom, int d) {
    double max = Math.max(maxAbs(x, xFrom, xFrom + d), maxAbs(y, yFrom, yFrom + d));
    if (max == 0) {
      return 0;
    }
    double scaled = 0;
    for (int j = 0; j < d; j++) {
      double diff = (x[xFrom + j] - y[yFrom + j]) / max;
      scaled += diff * diff;
    }
    return max * Math.sqrt(scaled);
  }

  private static double scaledSumOfSquares(double[] values, int from, int to, double max) {
    double scaled = 0;
    for (int p = from; p < to; p++) {
      double x = values[p] / max;
      scaled += x * x;
    }
    return scaled;
  }

  private static double maxAbs(double[] values, int from, int to) {
    double max = 0;
    for (int p = from; p < to; p++) {
      max = Math.max(max, Math.abs(values[p]));
    }
    return max;
  }

  /**
   * The L2 norm of {@code values[from, to)}: {@code sqrt(sum(v^2))} in index order, as the
   * reference computes it, unless that sum overflows or underflows (values near 1e154 or beyond,
   * or near 1e-154 or below); then the values are divided by the largest magnitude first.
   *
   * @param values the values
   * @param from first position
   * @param to one past the last position
   * @return the norm, 0 for an empty or all-zero range
   */
  public static double norm(double[] values, int from, int to) {
    double sum = 0;
    for (int p = from; p < to; p++) {
      sum += values[p] * values[p];
    }
    if (sum != Double.POSITIVE_INFINITY && sum >= Double.MIN_NORMAL) {
      return Math.sqrt(sum);
    }
    double max = maxAbs(values, from, to);
    if (max == 0) {
      return 0;
    }
    return max * Math.sqrt(scaledSumOfSquares(values, from, to, max));
  }

  /**
   * Divides {@code values[from, to)} by their {@linkplain #norm L2 norm}, in place, so that the
   * range has unit length whenever it is not all zeros: {@code v / norm} when the norm is finite
   * (as {@code SparseMatrix.normalizeRows} has always done), {@code (v / max|v|) / sqrt(sum((v /
   * max|v|)^2))} when the norm itself overflows (values near {@link Double#MAX_VALUE}), so that such
   * a row is never taken for a zero row. An all-zero range is left as it is.
   *
   * @param values the values, overwritten
   * @param from first position
   * @param to one past the last position
   */
  public static void normalize(double[] values, int from, int to) {
    double norm = norm(values, from, to);
    if (norm == 0) {
      return;
    }
    if (norm != Double.POSITIVE_INFINITY) {
      for (int p = from; p < to; p++) {
        values[p] /= norm;
      }
      return;
    }
    double max = maxAbs(values, from, to);
    double root = Math.sqrt(scaledSumOfSquares(values, from, to, max));
    for (int p = from; p < to; p++) {
      values[p] = values[p] / max / root;
    }
  }
}
