package io.playknn.knn.balltree;

import io.playknn.internal.Checks;
import io.playknn.internal.SparseMath;
import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NearestNeighborsProvider;
import io.playknn.matrix.DenseMatrix;
import io.playknn.matrix.SparseMatrix;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code "ball_tree"} provider: an exact ball tree, for cosine as well as Euclidean distance,
 * over sparse rows (centres dense; distances through norms and sparse-dense dot products) or
 * natively over a {@link DenseMatrix}. It pays off on low-dimensional dense data (for example a
 * truncated SVD of the item × user matrix); on high-dimensional sparse data it is usually slower
 * than {@code "brute"} (see {@link KnnOptions#AUTO_ALGORITHM}).
 *
 * <p>Parameter {@code leaf_size} (default {@value #DEFAULT_LEAF_SIZE}, {@code >= 1}): the most
 * items a leaf holds. Construction is deterministic: a node's centre is the mean of its items, its
 * radius the largest distance from the centre; a node with more than {@code leaf_size} items is
 * split at the median of the items' projections, ties broken by item index: onto the dimension of
 * greatest spread for dense input, onto the line through two far-apart pivot items for sparse
 * input. A query prunes a node when a lower bound on its distance to every item of the node (by
 * the triangle inequality on centre and radius; for dense input also by the node's bounding box)
 * exceeds the current k-th distance.
 *
 * <p>Cosine: rows are L2-normalised as by {@link SparseMatrix#normalizeRows()} and searched with
 * the Euclidean (chord) distance, since for unit vectors {@code |a - b|² = 2 - 2 cos(a, b)}; rows
 * without unit length after normalisation (zero rows) stay outside the tree and are scanned on
 * every query. Results (neighbours, order, ties and distances) are those of {@code "brute"}:
 * every reported distance is computed as brute force computes it, and pruning is conservative
 * against rounding, so an item tied with the k-th neighbour at a lower index is never pruned.
 *
 * <p>Memory: the rows, plus each node's centre (about {@code 2 * items / leaf_size} nodes). For
 * dense input a centre is {@code dimension} doubles and a box {@code 2 * dimension} more, so at
 * most about six times the input at {@code leaf_size} 1. For sparse input only a centre's
 * non-zeros are kept (at most its node's stored values), so the centres hold at most {@code
 * nonZeros * (depth + 1)} entries of 12 bytes, depth {@code ceil(log2(items))}, whatever {@code
 * leaf_size} and the column count; more than 2<sup>31</sup> - 9 of them is an {@link
 * IllegalArgumentException}. Fitted indexes are immutable and thread-safe.
 * Each query borrows scratch space of about {@code 8 × (dimension + nodes)} bytes from a pool that
 * keeps at most {@link KnnOptions#threads()} of them between queries, whatever the number of
 * calling threads (a query beyond those in flight makes one more, dropped when it returns).
 */
public final class BallTreeProvider implements NearestNeighborsProvider {
  /** This provider's name. */
  public static final String NAME = "ball_tree";
  /** The name of the leaf-size parameter. */
  public static final String LEAF_SIZE = "leaf_size";
  /** Default leaf size, as scikit-learn. */
  public static final int DEFAULT_LEAF_SIZE = 40;

  /** Creates the provider (for {@link java.util.ServiceLoader}). */
  public BallTreeProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /** @return {@value #LEAF_SIZE} */
  @Override
  public Set<String> parameterNames() {
    return Set.of(LEAF_SIZE);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code leaf_size} is not an integer {@code >= 1}
   */
  @Override
  public NearestNeighbors fit(SparseMatrix items, KnnOptions options) {
    Objects.requireNonNull(items, "items");
    int leafSize = leafSize(options);
    SparseMatrix m = options.metric() == Metric.COSINE ? items.normalizeRows() : items;
    Points points =
        new SparsePoints(
            m.columns(), m.copyRowPointers(), m.copyColumnIndices(), m.copyValues());
    return new BallTreeIndex(points, options, leafSize);
  }

  /**
   * Builds the tree natively on the dense rows. Answers exactly as the index fitted on {@link
   * DenseMatrix#toSparse()}.
   *
   * @throws IllegalArgumentException if {@code leaf_size} is not an integer {@code >= 1}
   */
  @Override
  public NearestNeighbors fit(DenseMatrix items, KnnOptions options) {
    Objects.requireNonNull(items, "items");
    int leafSize = leafSize(options);
    int rows = items.rows();
    int d = items.columns();
    double[] data = items.toRowMajor();
    if (options.metric() == Metric.COSINE) {
      // As SparseMatrix.normalizeRows (rescaled norms included): zero entries change nothing.
      for (int r = 0; r < rows; r++) {
        SparseMath.normalize(data, r * d, (r + 1) * d);
      }
    }
    return new BallTreeIndex(new DensePoints(rows, d, data), options, leafSize);
  }

  private static int leafSize(KnnOptions options) {
    Objects.requireNonNull(options, "options");
    int leafSize = options.intParameter(LEAF_SIZE, DEFAULT_LEAF_SIZE);
    Checks.require(
        leafSize >= 1, "parameter %s must be >= 1 (items per leaf), was %d", LEAF_SIZE, leafSize);
    return leafSize;
  }
}
