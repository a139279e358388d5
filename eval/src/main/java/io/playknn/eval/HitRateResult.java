package io.playknn.eval;

/**
 * The reference's hit rate, measured correctly.
 *
 * @param users users measured (sample size)
 * @param skipped users of the sample left out because they played nothing
 * @param k recommendations per user
 * @param hits total hits over all measured users
 * @param rate {@code hits / (users × k)}, with the 95% t-interval of the per-user rates {@code
 *     hits_u / k} (their mean equals {@code rate})
 */
public record HitRateResult(int users, int skipped, int k, long hits, Estimate rate) {}
