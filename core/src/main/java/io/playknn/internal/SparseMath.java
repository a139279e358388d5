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
    double max = 0;
    for (int p = from; p < to; p++) {
      max = Math.max(max, Math.abs(values[p]));
    }
    if (max == 0) {
      return 0;
    }
    double scaled = 0;
    for (int p = from; p < to; p++) {
      double x = values[p] / max;
      scaled += x * x;
    }
    return max * Math.sqrt(scaled);
  }
}
