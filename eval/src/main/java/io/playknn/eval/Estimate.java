package io.playknn.eval;

/**
 * A sample mean with a two-sided confidence interval.
 *
 * @param mean the sample mean
 * @param lower lower end of the interval ({@code NaN} when {@code n < 2})
 * @param upper upper end of the interval ({@code NaN} when {@code n < 2})
 * @param n the sample size (number of users)
 */
public record Estimate(double mean, double lower, double upper, int n) {
  /**
   * @return half the interval's width
   */
  public double halfWidth() {
    return (upper - lower) / 2;
  }
}
