package io.playknn.lastfm;

/**
 * The order of the matrix's user columns. Neighbours depend on it only through rounding: cosine
 * and Euclidean distances are sums over users, formed in column order, so another order can move
 * a distance by an ulp or so and swap two neighbours whose distances tie to that precision (on
 * the full-size synthetic data the benchmark's checksum of the table is the same for both).
 * Speed depends on it more, because a kNN query reads the user lists of the query artist's
 * listeners in column order.
 */
public enum UserOrder {
  /** By total plays, descending, ties by user key (the reference's column order; the default). */
  PLAYS,
  /**
   * By audience: users who play the most played artist first, and within each group those who
   * play the second most played artist first, and so on over the {@value #AUDIENCE_ARTISTS} most
   * played artists; users with the same pattern in {@link #PLAYS} order. The listeners of each
   * popular artist then sit in a few runs of columns (the most played artist's in one), so the
   * lists its on-the-fly query reads lie together in memory: fewer cache and TLB misses for the
   * popular artists' queries, with the same neighbours up to rounding (the figures are in
   * {@code docs/PERFORMANCE.md} and {@code benchmarks/EXPERIMENTS.md}).
   */
  AUDIENCE;

  /** Number of most played artists whose audiences {@link #AUDIENCE} orders by. */
  public static final int AUDIENCE_ARTISTS = 63;
}
