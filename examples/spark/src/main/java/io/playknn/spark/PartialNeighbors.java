package io.playknn.spark;

import io.playknn.knn.Neighbors;
import io.playknn.knn.spi.NeighborOrder;
import java.io.Serializable;
import java.util.Arrays;

/**
 * One item's best neighbours among some of the candidates, in the result contract's order
 * (ascending distance, ties by lower index). {@link #merge} is associative and commutative, so
 * Spark may combine the partial lists of an item in any grouping and order and still get the top
 * {@code k} of all the candidates it saw. Immutable.
 */
final class PartialNeighbors implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] indices;
  private final double[] distances;

  PartialNeighbors(int[] indices, double[] distances) {
    this.indices = indices;
    this.distances = distances;
  }

  /** @return the neighbours' global item indices, in contract order (not copied: do not change) */
  int[] indices() {
    return indices;
  }

  /** @return their distances (not copied: do not change) */
  double[] distances() {
    return distances;
  }

  /** @return the number of neighbours held */
  int size() {
    return indices.length;
  }

  /**
   * The top {@code k} of the union of two partial lists by (distance, index). A candidate in both
   * lists is kept once; it must have the same distance, bit for bit, in both (the kernels that made
   * them form each pair's distance the same way), and a candidate whose distances differ fails.
   *
   * @param a one partial list
   * @param b another, for the same item
   * @param k the most neighbours kept
   * @return the merged list
   * @throws IllegalStateException if a candidate has two different distances
   */
  static PartialNeighbors merge(PartialNeighbors a, PartialNeighbors b, int k) {
    int[] idx = new int[Math.min(k, a.size() + b.size())];
    double[] dist = new double[idx.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (n < idx.length && (i < a.size() || j < b.size())) {
      int c;
      if (i == a.size()) {
        c = 1;
      } else if (j == b.size()) {
        c = -1;
      } else {
        c = NeighborOrder.compare(a.distances[i], a.indices[i], b.distances[j], b.indices[j]);
      }
      if (c <= 0) {
        idx[n] = a.indices[i];
        dist[n++] = a.distances[i++];
        if (c == 0) {
          j++;
        }
      } else {
        idx[n] = b.indices[j];
        dist[n++] = b.distances[j++];
      }
    }
    PartialNeighbors merged =
        new PartialNeighbors(Arrays.copyOf(idx, n), Arrays.copyOf(dist, n));
    merged.checkDistinct();
    return merged;
  }

  /**
   * @throws IllegalStateException if an index occurs twice (a candidate that came with two
   *     different distances)
   */
  void checkDistinct() {
    int[] sorted = indices.clone();
    Arrays.sort(sorted);
    for (int t = 1; t < sorted.length; t++) {
      if (sorted[t] == sorted[t - 1]) {
        throw new IllegalStateException(
            "candidate " + sorted[t] + " came with two different distances; every kernel must form"
                + " a pair's distance with the same operations in the same order");
      }
    }
  }
}
