package io.playknn.knn;

import io.playknn.internal.Trusted;
import io.playknn.knn.spi.NeighborOrder;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The neighbours of one query: item indices with their distances, in ascending distance, equal
 * distances ordered by lower index. Immutable.
 */
public final class Neighbors {
  private static final Neighbors EMPTY = new Neighbors(new int[0], new double[0]);

  private final int[] indices;
  private final double[] distances;

  private Neighbors(int[] indices, double[] distances) {
    this.indices = indices;
    this.distances = distances;
  }

  /**
   * Creates a result from arrays already in contract order; the arrays are copied. For provider
   * implementers.
   *
   * @param indices item indices
   * @param distances their distances, same length, non-decreasing, NaN-free
   * @return the result
   * @throws IllegalArgumentException if lengths differ or the order is not ascending distance then
   *     ascending index
   */
  public static Neighbors of(int[] indices, double[] distances) {
    Objects.requireNonNull(indices, "indices");
    Objects.requireNonNull(distances, "distances");
    if (indices.length != distances.length) {
      throw new IllegalArgumentException(
          "indices and distances must have equal lengths, were "
              + indices.length
              + " and "
              + distances.length);
    }
    for (int i = 0; i < distances.length; i++) {
      if (Double.isNaN(distances[i])) {
        throw new IllegalArgumentException("distance " + i + " is NaN");
      }
      if (i > 0 && compare(distances[i - 1], indices[i - 1], distances[i], indices[i]) >= 0) {
        throw new IllegalArgumentException(
            "neighbours must be in ascending distance, ties by ascending index, but "
                + i
                + " = ("
                + indices[i]
                + ", "
                + distances[i]
                + ") follows ("
                + indices[i - 1]
                + ", "
                + distances[i - 1]
                + ")");
      }
    }
    return new Neighbors(indices.clone(), distances.clone());
  }

  static {
    Trusted.install(
        new Trusted.Factory() {
          @Override
          public Neighbors neighbors(int[] indices, double[] distances) {
            return trusted(indices, distances);
          }

          @Override
          public NeighborTable table(int[] queries, int[] offsets, int[] indices, double[] distances) {
            return NeighborTable.trusted(queries, offsets, indices, distances);
          }
        });
  }

  /** Wraps arrays the caller created in contract order and gives up. */
  static Neighbors trusted(int[] indices, double[] distances) {
    return indices.length == 0 ? EMPTY : new Neighbors(indices, distances);
  }

  /** @return a result with no neighbours */
  public static Neighbors empty() {
    return EMPTY;
  }

  /** The contract's order (see {@link NeighborOrder#compare}). */
  static int compare(double d1, int i1, double d2, int i2) {
    return NeighborOrder.compare(d1, i1, d2, i2);
  }

  /** @return the number of neighbours */
  public int size() {
    return indices.length;
  }

  /**
   * @param rank position in {@code [0, size())}, 0 = nearest
   * @return the item index at that rank
   */
  public int index(int rank) {
    return indices[rank];
  }

  /**
   * @param rank position in {@code [0, size())}, 0 = nearest
   * @return the distance at that rank
   */
  public double distance(int rank) {
    return distances[rank];
  }

  /** @return a copy of the item indices in rank order */
  public int[] indices() {
    return indices.clone();
  }

  /** @return a copy of the distances in rank order */
  public double[] distances() {
    return distances.clone();
  }

  /**
   * @param n how many to keep, {@code >= 0}
   * @return the first {@code min(n, size())} neighbours
   */
  public Neighbors head(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, was " + n);
    }
    if (n >= indices.length) {
      return this;
    }
    return trusted(Arrays.copyOf(indices, n), Arrays.copyOf(distances, n));
  }

  /** @return the neighbours as a list of records (allocates; for convenience, not hot paths) */
  public List<Neighbor> asList() {
    return new AbstractList<>() {
      @Override
      public Neighbor get(int i) {
        return new Neighbor(indices[i], distances[i]);
      }

      @Override
      public int size() {
        return indices.length;
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Neighbors
        && Arrays.equals(indices, ((Neighbors) o).indices)
        && Arrays.equals(distances, ((Neighbors) o).distances);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(indices) + Arrays.hashCode(distances);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Neighbors[");
    for (int i = 0; i < Math.min(indices.length, 10); i++) {
      sb.append(i == 0 ? "" : ", ").append(indices[i]).append('=').append(distances[i]);
    }
    return sb.append(indices.length > 10 ? ", ...]" : "]").toString();
  }
}
