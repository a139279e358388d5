package io.playknn.eval;

import io.playknn.internal.Checks;
import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Confidence intervals and paired tests over per-user values. All methods are pure functions.
 *
 * <p>References: the Student t-interval and paired t-test, e.g. Wasserman, <i>All of Statistics</i>
 * (2004), §6.3.2 and §10.4 (computed with commons-math3 {@link TDistribution} and {@link TTest});
 * the Wilcoxon signed-rank test, Wilcoxon (1945) "Individual comparisons by ranking methods", with
 * the normal approximation and tie correction as in SciPy's {@code
 * scipy.stats.wilcoxon(zero_method="wilcox", correction=False, method="approx")}.
 */
public final class Statistics {
  /** The confidence level of every interval in this package: 95%. */
  public static final double LEVEL = 0.95;

  private Statistics() {}

  /**
   * The mean with its Student t confidence interval: {@code mean ± t(1 - (1 - level) / 2, n - 1) ×
   * s / sqrt(n)}, {@code s} the sample standard deviation ({@code n - 1} denominator).
   *
   * @param values the per-user values, finite
   * @param level the confidence level in {@code (0, 1)}
   * @return the estimate; for {@code n < 2} the bounds are {@code NaN}; when every value is equal
   *     the interval is the single point
   * @throws IllegalArgumentException if {@code values} is empty, a value is not finite or the level
   *     is outside {@code (0, 1)}
   */
  public static Estimate mean(double[] values, double level) {
    Objects.requireNonNull(values, "values");
    Checks.require(values.length > 0, "values must not be empty");
    Checks.require(level > 0 && level < 1, "level must be in (0, 1), was %s", level);
    int n = values.length;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      Checks.finite("values[" + i + "]", values[i]);
      sum += values[i];
    }
    double mean = sum / n;
    if (n < 2) {
      return new Estimate(mean, Double.NaN, Double.NaN, n);
    }
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(squares / (n - 1));
    if (sd == 0) {
      return new Estimate(mean, mean, mean, n);
    }
    double t = new TDistribution(null, n - 1).inverseCumulativeProbability(1 - (1 - level) / 2);
    double half = t * sd / Math.sqrt(n);
    return new Estimate(mean, mean - half, mean + half, n);
  }

  /**
   * {@link #mean(double[], double)} at {@link #LEVEL}.
   *
   * @param values the per-user values
   * @return the estimate with its 95% interval
   */
  public static Estimate mean(double[] values) {
    return mean(values, LEVEL);
  }

  /**
   * Compares two recommenders' per-user values of one metric.
   *
   * @param metric the metric's name (for the record)
   * @param first the first recommender's name
   * @param a the first recommender's values, one per user
   * @param second the second recommender's name
   * @param b the second recommender's values, same users in the same order
   * @return the paired t-test and Wilcoxon signed-rank test of {@code a - b}
   * @throws IllegalArgumentException if the arrays differ in length or hold fewer than 2 users
   */
  public static PairedTest paired(
      String metric, String first, double[] a, String second, double[] b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    Checks.require(
        a.length == b.length,
        "paired samples must have equal lengths, were %d and %d",
        a.length,
        b.length);
    Checks.require(a.length >= 2, "paired samples need at least 2 users, had %d", a.length);
    double[] d = new double[a.length];
    boolean allZero = true;
    for (int i = 0; i < d.length; i++) {
      d[i] = a[i] - b[i];
      allZero &= d[i] == 0;
    }
    Estimate difference = mean(d);
    double t;
    double p;
    if (allZero) {
      t = 0;
      p = 1;
    } else {
      TTest test = new TTest();
      t = test.pairedT(a, b);
      p = test.pairedTTest(a, b);
    }
    double[] w = wilcoxon(d);
    return new PairedTest(metric, first, second, difference, t, p, w[0], w[1]);
  }

  /**
   * The Wilcoxon signed-rank test of paired differences, zeros dropped, normal approximation with
   * tie correction and no continuity correction.
   *
   * @param differences the per-user differences
   * @return {@code {z, two-sided p}}; {@code {0, 1}} when no difference is non-zero
   */
  static double[] wilcoxon(double[] differences) {
    double[] nonZero = Arrays.stream(differences).filter(x -> x != 0).toArray();
    int n = nonZero.length;
    if (n == 0) {
      return new double[] {0, 1};
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(Math.abs(nonZero[x]), Math.abs(nonZero[y])));
    double positiveRankSum = 0;
    double tieTerm = 0;
    for (int start = 0; start < n; ) {
      int end = start;
      double magnitude = Math.abs(nonZero[order[start]]);
      while (end < n && Math.abs(nonZero[order[end]]) == magnitude) {
        end++;
      }
      double rank = (start + 1 + end) / 2.0; // average of ranks start+1 .. end
      for (int r = start; r < end; r++) {
        if (nonZero[order[r]] > 0) {
          positiveRankSum += rank;
        }
      }
      double ties = end - start;
      tieTerm += ties * ties * ties - ties;
      start = end;
    }
    // In double: n * (n + 1) overflows an int from n = 46,341 (a run over the full data's users).
    double m = n;
    double expected = m * (m + 1) / 4.0;
    double variance = m * (m + 1) * (2 * m + 1) / 24.0 - tieTerm / 48.0;
    if (variance <= 0) {
      return new double[] {0, 1};
    }
    double z = (positiveRankSum - expected) / Math.sqrt(variance);
    double p = 2 * new NormalDistribution(null, 0, 1).cumulativeProbability(-Math.abs(z));
    return new double[] {z, Math.min(1, p)};
  }
}
