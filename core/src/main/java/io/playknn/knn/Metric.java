package io.playknn.knn;

import java.util.Locale;

/** The distance between two item vectors. */
public enum Metric {
  /**
   * Cosine distance {@code 1 - cos(a, b)}, in {@code [0, 2]} (clipped there against rounding), as
   * scikit-learn's {@code metric="cosine"}. A zero vector has cosine similarity 0 with everything,
   * so it is at distance exactly 1 from every vector, itself and other zero vectors included.
   */
  COSINE("cosine"),
  /** Euclidean distance {@code sqrt(sum((a_i - b_i)^2))}. */
  EUCLIDEAN("euclidean");

  private final String id;

  Metric(String id) {
    this.id = id;
  }

  /** @return the lower-case name used in options and model files, e.g. {@code "cosine"} */
  public String id() {
    return id;
  }

  /**
   * Parses a metric name, case-insensitively.
   *
   * @param name {@code "cosine"} or {@code "euclidean"}
   * @return the metric
   * @throws IllegalArgumentException naming the accepted values if {@code name} is none of them
   */
  public static Metric parse(String name) {
    for (Metric m : values()) {
      if (m.id.equals(name.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "metric must be one of [cosine, euclidean], was \"" + name + "\"");
  }
}
