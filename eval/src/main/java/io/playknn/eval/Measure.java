package io.playknn.eval;

/**
 * The per-user measures a report averages over test users; definitions and references are on the
 * {@link RankingMetrics} method each one names. Catalogue coverage, a single number per recommender
 * rather than a per-user mean, is reported apart.
 */
public enum Measure {
  /** {@link RankingMetrics#hit}. */
  HIT_RATE("hit_rate", "HR"),
  /** {@link RankingMetrics#precision}. */
  PRECISION("precision", "P"),
  /** {@link RankingMetrics#recall}. */
  RECALL("recall", "R"),
  /** {@link RankingMetrics#ndcg}. */
  NDCG("ndcg", "NDCG"),
  /** {@link RankingMetrics#averagePrecision}; its mean is MAP. */
  MAP("map", "MAP"),
  /** {@link RankingMetrics#reciprocalRank}; its mean is MRR. */
  MRR("mrr", "MRR"),
  /** {@link RankingMetrics#meanPopularity}: popularity bias, lower is less biased. */
  POPULARITY("mean_popularity", "pop"),
  /** {@link RankingMetrics#novelty}: mean self-information in bits, higher is more novel. */
  NOVELTY("novelty", "novelty");

  private final String id;
  private final String label;

  Measure(String id, String label) {
    this.id = id;
    this.label = label;
  }

  /**
   * @return the snake-case name used in CSV and JSON, e.g. {@code "ndcg"}
   */
  public String id() {
    return id;
  }

  /**
   * @return the short column label of the text table, e.g. {@code "NDCG"}
   */
  public String label() {
    return label;
  }
}
