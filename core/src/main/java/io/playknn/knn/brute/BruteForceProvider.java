package io.playknn.knn.brute;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NearestNeighborsProvider;
import io.playknn.matrix.SparseMatrix;
import java.util.Objects;

/**
 * The {@code "brute"} provider: exact search that never densifies the input. A query scores only
 * the items that share at least one feature (user) with it, by accumulating products over the
 * query's features through the transposed matrix; the paths it may take are described once in
 * the package's {@code QueryPlan} and all give the same results. Declares no parameters.
 *
 * <p>Cosine: rows L2-normalised at fit time, distance {@code 1 - dot} clipped to {@code [0, 2]},
 * zero rows at distance 1 from everything. Euclidean: ranked by {@code |a|² + |b|² - 2 a·b}, each
 * candidate within a rounding margin recomputed exactly as {@code sqrt(sum((a_i - b_i)^2))}.
 *
 * <p>Memory: {@code O(nnz + items)} per index, plus scratch buffers for single queries of 13
 * bytes per item (25 once a radius or Euclidean query used one, and 8 per feature once a
 * two-phase query did). An index creates at most {@link KnnOptions#threads()} of them, on demand,
 * and keeps them; a query holds one while it runs, and callers beyond that wait for one. A batch uses {@code threads} workers with one
 * accumulator of the same size each; the all-items table of a large index also a head block of
 * 64 × 4,096 doubles per worker, and a batch over at least an eighth of at most 2,048 items an
 * {@code items²} similarity matrix (at most 32 MiB) instead.
 */
public final class BruteForceProvider implements NearestNeighborsProvider {
  /** This provider's name. */
  public static final String NAME = "brute";

  /** Creates the provider (for {@link java.util.ServiceLoader}). */
  public BruteForceProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public NearestNeighbors fit(SparseMatrix items, KnnOptions options) {
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(options, "options");
    return new BruteForceIndex(items, options, QueryPlan.Tuning.DEFAULT);
  }
}
