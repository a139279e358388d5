package io.playknn.knn;

import io.playknn.internal.Checks;
import java.util.Arrays;
import java.util.Objects;

/**
 * The neighbours of many queries in one compact primitive structure: for query {@code q}, its
 * neighbours occupy positions {@code [offset(q), offset(q + 1))} of flat index and distance arrays,
 * in the result contract's order. Immutable.
 */
public final class NeighborTable {
  private final int[] queries;
  private final int[] offsets;
  private final int[] indices;
  private final double[] distances;

  private NeighborTable(int[] queries, int[] offsets, int[] indices, double[] distances) {
    this.queries = queries;
    this.offsets = offsets;
    this.indices = indices;
    this.distances = distances;
  }

  /**
   * Creates a table; arrays are copied and checked for consistency and contract order.
   *
   * @param queries the item index each row answers ({@code -1} for an ad-hoc query)
   * @param offsets {@code queries.length + 1} non-decreasing offsets into the flat arrays
   * @param indices neighbour indices, flat
   * @param distances neighbour distances, flat
   * @return the table
   * @throws IllegalArgumentException if the arrays are inconsistent or a row is out of order
   */
  public static NeighborTable of(int[] queries, int[] offsets, int[] indices, double[] distances) {
    Objects.requireNonNull(queries, "queries");
    Objects.requireNonNull(offsets, "offsets");
    Checks.require(
        offsets.length == queries.length + 1,
        "offsets must have length queries + 1 = %d, was %d",
        queries.length + 1,
        offsets.length);
    Checks.require(offsets[0] == 0, "offsets[0] must be 0, was %d", offsets[0]);
    Checks.require(
        indices.length == distances.length && offsets[queries.length] == indices.length,
        "offsets[last] = %d, indices (%d) and distances (%d) must agree",
        offsets[queries.length],
        indices.length,
        distances.length);
    for (int q = 0; q < queries.length; q++) {
      Checks.require(offsets[q + 1] >= offsets[q], "offsets must be non-decreasing at %d", q);
      // Validates contract order of the row.
      Neighbors.of(
          Arrays.copyOfRange(indices, offsets[q], offsets[q + 1]),
          Arrays.copyOfRange(distances, offsets[q], offsets[q + 1]));
    }
    return new NeighborTable(queries.clone(), offsets.clone(), indices.clone(), distances.clone());
  }

  /** Wraps arrays the caller built in contract order and gives up. */
  static NeighborTable trusted(int[] queries, int[] offsets, int[] indices, double[] distances) {
    return new NeighborTable(queries, offsets, indices, distances);
  }

  /** @return the number of rows (queries) */
  public int size() {
    return queries.length;
  }

  /**
   * @param row a row in {@code [0, size())}
   * @return the item index that row answers, or {@code -1} for an ad-hoc query
   */
  public int query(int row) {
    return queries[row];
  }

  /**
   * @param row a row in {@code [0, size())}
   * @return the number of neighbours in that row
   */
  public int count(int row) {
    return offsets[row + 1] - offsets[row];
  }

  /**
   * @param row a row in {@code [0, size())}
   * @param rank a rank in {@code [0, count(row))}
   * @return the neighbour's item index
   */
  public int index(int row, int rank) {
    return indices[offsets[row] + rank];
  }

  /**
   * @param row a row in {@code [0, size())}
   * @param rank a rank in {@code [0, count(row))}
   * @return the neighbour's distance
   */
  public double distance(int row, int rank) {
    return distances[offsets[row] + rank];
  }

  /**
   * @param row a row in {@code [0, size())}
   * @return that row's neighbours (copied)
   */
  public Neighbors row(int row) {
    return Neighbors.trusted(
        Arrays.copyOfRange(indices, offsets[row], offsets[row + 1]),
        Arrays.copyOfRange(distances, offsets[row], offsets[row + 1]));
  }

  /** @return total number of neighbours over all rows */
  public int totalCount() {
    return indices.length;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NeighborTable)) {
      return false;
    }
    NeighborTable t = (NeighborTable) o;
    return Arrays.equals(queries, t.queries)
        && Arrays.equals(offsets, t.offsets)
        && Arrays.equals(indices, t.indices)
        && Arrays.equals(distances, t.distances);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        Arrays.hashCode(queries), Arrays.hashCode(offsets), Arrays.hashCode(indices));
  }

  @Override
  public String toString() {
    return "NeighborTable[" + queries.length + " rows, " + indices.length + " neighbours]";
  }
}
