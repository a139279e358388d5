package io.playknn.internal;

import io.playknn.knn.NeighborTable;
import io.playknn.knn.Neighbors;

/**
 * Wraps arrays already in contract order as results without copying or checking them, for the
 * {@code io.playknn.knn.spi} helpers, which build them in that order. The factory is installed by
 * {@link Neighbors} when that class is initialised. Not API.
 */
public final class Trusted {
  private Trusted() {}

  /** Makes results from arrays it takes over. */
  public interface Factory {
    /**
     * @param indices item indices in contract order, taken over
     * @param distances their distances, taken over
     * @return the result
     */
    Neighbors neighbors(int[] indices, double[] distances);

    /**
     * @param queries the item each row answers
     * @param offsets row offsets, {@code queries.length + 1}
     * @param indices every row's indices, each row in contract order
     * @param distances their distances
     * @return the table
     */
    NeighborTable table(int[] queries, int[] offsets, int[] indices, double[] distances);
  }

  private static volatile Factory factory;

  /**
   * @param f the factory; installed once
   * @throws IllegalStateException if one is installed already
   */
  public static synchronized void install(Factory f) {
    if (factory != null) {
      throw new IllegalStateException("the trusted-results factory is installed already");
    }
    factory = f;
  }

  private static Factory factory() {
    Factory f = factory;
    if (f == null) {
      Neighbors.empty(); // initialises Neighbors, which installs the factory
      f = factory;
    }
    return f;
  }

  /**
   * @param indices item indices in contract order, taken over
   * @param distances their distances, taken over
   * @return the result
   */
  public static Neighbors neighbors(int[] indices, double[] distances) {
    return factory().neighbors(indices, distances);
  }

  /**
   * @param queries the item each row answers
   * @param offsets row offsets
   * @param indices every row's indices, each row in contract order
   * @param distances their distances
   * @return the table
   */
  public static NeighborTable table(int[] queries, int[] offsets, int[] indices, double[] distances) {
    return factory().table(queries, offsets, indices, distances);
  }
}
