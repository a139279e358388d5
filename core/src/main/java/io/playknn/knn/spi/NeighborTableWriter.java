package io.playknn.knn.spi;

import io.playknn.internal.Checks;
import io.playknn.internal.Trusted;
import io.playknn.knn.NeighborTable;

/**
 * Fills a fixed-width table in place. Row {@code r} occupies positions {@code [r * width, (r +
 * 1) * width)} of {@link #indices()} and {@link #distances()}. Not thread-safe as a whole, but
 * threads may fill disjoint rows. After {@link #build()} the writer and its arrays must no longer
 * be used.
 */
public final class NeighborTableWriter {
  private final int[] queries;
  private final int width;
  private int[] indices;
  private double[] distances;

  private NeighborTableWriter(int[] queries, int width, int total) {
    this.queries = queries;
    this.width = width;
    this.indices = new int[total];
    this.distances = new double[total];
  }

  /** @return the flat index array to fill */
  public int[] indices() {
    checkOpen();
    return indices;
  }

  /** @return the flat distance array to fill */
  public double[] distances() {
    checkOpen();
    return distances;
  }

  /**
   * Checks every row's contract order and hands the arrays over to the table.
   *
   * @return the table
   * @throws IllegalArgumentException if a row is not in contract order
   * @throws IllegalStateException if already built
   */
  public NeighborTable build() {
    checkOpen();
    for (int r = 0; r < queries.length; r++) {
      int from = r * width;
      for (int i = from; i < from + width; i++) {
        if (Double.isNaN(distances[i])
            || (i > from
                && NeighborOrder.compare(distances[i - 1], indices[i - 1], distances[i], indices[i])
                    >= 0)) {
          throw new IllegalArgumentException(
              "row " + r + " is not in ascending distance, ties by index, at rank " + (i - from));
        }
      }
    }
    int[] offsets = new int[queries.length + 1];
    for (int r = 0; r < queries.length; r++) {
      offsets[r + 1] = offsets[r] + width;
    }
    NeighborTable table = Trusted.table(queries, offsets, indices, distances);
    indices = null;
    distances = null;
    return table;
  }

  private void checkOpen() {
    if (indices == null) {
      throw new IllegalStateException("the table was already built");
    }
  }

  /**
   * Starts a table whose rows all hold {@code width} neighbours, to be filled in place: the fast
   * path for provider implementers computing large batches, with no copy of the (possibly
   * hundreds of megabytes of) results.
   *
   * @param queries the item each row answers (copied)
   * @param width neighbours per row, {@code >= 0}
   * @return a writer over zeroed arrays of {@code queries.length * width}
   * @throws IllegalArgumentException if {@code width < 0} or the arrays would exceed the largest
   *     Java array
   */
  public static NeighborTableWriter of(int[] queries, int width) {
    Checks.atLeast("width", width, 0);
    long total = (long) queries.length * width;
    Checks.require(
        total <= Integer.MAX_VALUE - 8,
        "rows x width must fit one array, was %d x %d",
        queries.length,
        width);
    return new NeighborTableWriter(queries.clone(), width, (int) total);
  }
}
