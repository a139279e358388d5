/**
 * Exact k-nearest-neighbour search over the rows (items) of a {@link io.playknn.matrix.SparseMatrix}.
 *
 * <p>Entry point: {@link io.playknn.knn.NearestNeighbors#fit}. Implementations are plugged in
 * through the {@link io.playknn.knn.NearestNeighborsProvider} SPI and chosen by name ({@code
 * "brute"}, {@code "ball_tree"}, or any provider on the class path).
 *
 * <p>Result contract, for every provider: neighbours in ascending distance, equal distances
 * ordered by lower item index, exactly {@code min(k, available)} results; a query for an indexed
 * item excludes that item by its index (never by dropping the first result). Fitted models are
 * immutable and thread-safe.
 *
 * <p>Null policy: no parameter may be {@code null} and no method returns {@code null} unless its
 * Javadoc says so.
 */
package io.playknn.knn;
