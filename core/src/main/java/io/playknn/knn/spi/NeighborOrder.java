package io.playknn.knn.spi;

import io.playknn.internal.Trusted;
import io.playknn.knn.Neighbors;
import java.util.Arrays;

/** The result contract's order, for provider implementers: by distance, then by item index. */
public final class NeighborOrder {
  private NeighborOrder() {}

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
    return Trusted.neighbors(idx, dist);
  }

}
