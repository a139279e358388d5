package io.playknn.knn.brute;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NearestNeighborsProvider;
import io.playknn.matrix.SparseMatrix;
import java.util.Objects;

/**
 * The {@code "brute"} provider: exact search that never densifies the input. A query scores only
 * the items that share at least one feature (user) with it, by accumulating products over the
 * query's features through the transposed matrix, then selects the top {@code k} without sorting
 * all candidates (a bounded heap for single queries, a similarity histogram in the batch). Memory
 * is {@code O(nnz + items)} per index plus {@code O(items)} per querying thread; a batch over at
 * least an eighth of at most 2,048 items uses an {@code items²} similarity matrix instead (at
 * most 32 MiB, {@code batch_kernel=gram}), and the all-items table of a larger index a head block
 * of at most 64 × {@code head_size} doubles per thread plus a copy of the head part of the user
 * lists.
 *
 * <p>Cosine: rows are L2-normalised once at fit time; distance {@code 1 - dot}, clipped to {@code
 * [0, 2]}; zero rows are at distance 1 from everything. Euclidean: candidates are ranked by {@code
 * |a|² + |b|² - 2 a·b} and every candidate that could be in the result within a rounding margin is
 * recomputed exactly as {@code sqrt(sum((a_i - b_i)^2))}, so reported distances are exact (not
 * subject to the cancellation of the dot-product form).
 *
 * <p>Parameters ({@link KnnOptions.Builder#parameter}): {@code query_prefetch} = {@code on} lets a
 * single cosine query of a very popular item (at least 2^20 multiply-adds) use a second thread
 * that reads its users' lists ahead of it; results are identical, and it pays only when a core is
 * idle (off by default). {@code query_split} (default 65,536; 0 turns it off) is the first tail
 * item of the two-phase query that the index chooses, when it is fitted, for the few most popular
 * items of a large index (at least twice that many items): their products for the items below it
 * are accumulated in L2 and the other items are skipped by a bound or computed one by one (those
 * queries do not use the {@code query_prefetch} helper).
 * {@code batch_kernel}, {@code head_size} and {@code tile_size} tune the batch kernels for
 * experiments. Every setting gives the same results.
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
