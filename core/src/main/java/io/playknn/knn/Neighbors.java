package io.playknn.knn;

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

  /**
   * Creates a result from unordered pairs by sorting them into contract order. For provider
   * implementers (radius queries, for example).
   *
   * @param indices item indices; only the first {@code length} are used
   * @param distances their distances, NaN-free; only the first {@code length} are used
   * @param length number of pairs
   * @return the sorted result (the arrays are not modified)
   * @throws IllegalArgumentException if a distance is NaN or {@code length} exceeds an array
   */
  public static Neighbors sorted(int[] indices, double[] distances, int length) {
    if (length < 0 || length > indices.length || length > distances.length) {
      throw new IllegalArgumentException(
          "length must be in [0, min(indices, distances)], was " + length);
    }
    int[] idx = Arrays.copyOf(indices, length);
    double[] dist = Arrays.copyOf(distances, length);
    for (int i = 0; i < length; i++) {
      if (Double.isNaN(dist[i])) {
        throw new IllegalArgumentException("distance " + i + " is NaN");
      }
    }
    it.unimi.dsi.fastutil.Arrays.quickSort(
        0,
        length,
        (a, b) -> compare(dist[a], idx[a], dist[b], idx[b]),
        (a, b) -> {
          int ti = idx[a];
          idx[a] = idx[b];
          idx[b] = ti;
          double td = dist[a];
          dist[a] = dist[b];
          dist[b] = td;
        });
    return trusted(idx, dist);
  }

  /** Wraps arrays the caller created in contract order and gives up. */
  static Neighbors trusted(int[] indices, double[] distances) {
    return indices.length == 0 ? EMPTY : new Neighbors(indices, distances);
  }

  /** @return a result with no neighbours */
  public static Neighbors empty() {
    return EMPTY;
  }

  /**
   * The order of the contract: by distance, then by index.
   *
   * @param d1 first distance
   * @param i1 first index
   * @param d2 second distance
   * @param i2 second index
   * @return negative, zero or positive as the first pair comes before, equals or follows the second
   */
  public static int compare(double d1, int i1, double d2, int i2) {
    int c = Double.compare(d1, d2);
    return c != 0 ? c : Integer.compare(i1, i2);
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
