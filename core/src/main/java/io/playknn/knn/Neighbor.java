package io.playknn.knn;

/**
 * One neighbour: an item index and its distance from the query.
 *
 * @param index the item's row index in the fitted matrix
 * @param distance its distance from the query under the fitted {@link Metric}
 */
public record Neighbor(int index, double distance) {}
