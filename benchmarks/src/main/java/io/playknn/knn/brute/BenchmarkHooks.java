package io.playknn.knn.brute;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.NearestNeighbors;
import io.playknn.matrix.SparseMatrix;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Fits {@code brute} indexes with other settings of its package-private {@link QueryPlan.Tuning},
 * for A/B runs of its paths. Not API: it lives in the benchmarks jar, which runs on the class
 * path, in the package of the class it reaches. Every setting gives the same results.
 */
public final class BenchmarkHooks {
  /** The keys {@link #fit} takes. */
  public static final Set<String> KEYS = Set.of("batch_kernel", "head_size", "query_split");

  private BenchmarkHooks() {}

  /**
   * @param items the matrix to index
   * @param options the index's options (algorithm ignored: always {@code brute})
   * @param tuning keys from {@link #KEYS}: {@code batch_kernel} ({@code auto}, {@code gram} or
   *     {@code rows}), {@code head_size} and {@code query_split} (0 turns either off); a missing
   *     key keeps the default
   * @return a cosine or Euclidean {@code brute} index of {@code items}
   * @throws IllegalArgumentException for an unknown key, naming the known ones, or a value out of
   *     range
   */
  public static NearestNeighbors fit(
      SparseMatrix items, KnnOptions options, Map<String, String> tuning) {
    Objects.requireNonNull(items, "items");
    for (String key : tuning.keySet()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "brute tuning key must be one of " + KEYS + ", was " + key);
      }
    }
    QueryPlan.Tuning d = QueryPlan.Tuning.DEFAULT;
    String kernel = tuning.getOrDefault("batch_kernel", d.kernel().name());
    return new BruteForceIndex(
        items,
        options,
        new QueryPlan.Tuning(
            QueryPlan.Kernel.valueOf(kernel.toUpperCase(Locale.ROOT)),
            Integer.parseInt(tuning.getOrDefault("head_size", String.valueOf(d.headSize()))),
            Integer.parseInt(tuning.getOrDefault("query_split", String.valueOf(d.querySplit())))));
  }
}
