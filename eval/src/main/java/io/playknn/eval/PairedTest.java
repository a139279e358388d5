package io.playknn.eval;

/**
 * A paired comparison of two recommenders on one metric over the same users: the per-user
 * differences {@code d_u = a_u - b_u}.
 *
 * @param metric the metric compared
 * @param first the first recommender's name ({@code a})
 * @param second the second recommender's name ({@code b})
 * @param difference mean of {@code d} with its 95% t-interval
 * @param tStatistic paired t statistic {@code mean(d) / (sd(d) / sqrt(n))}; 0 when every {@code
 *     d_u} is 0
 * @param tPValue two-sided p-value of the paired t-test; 1 when every {@code d_u} is 0
 * @param wilcoxonZ standardised Wilcoxon signed-rank statistic (zeros dropped, average ranks for
 *     ties, tie-corrected variance, no continuity correction); 0 when every {@code d_u} is 0
 * @param wilcoxonPValue its two-sided normal-approximation p-value; 1 when every {@code d_u} is 0
 */
public record PairedTest(
    String metric,
    String first,
    String second,
    Estimate difference,
    double tStatistic,
    double tPValue,
    double wilcoxonZ,
    double wilcoxonPValue) {}
