package io.playknn.knn;

import io.playknn.knn.spi.NeighborOrder;
import io.playknn.internal.Checks;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The neighbours of many queries in one compact primitive structure: for query {@code q}, its
 * neighbours occupy positions {@code [offset(q), offset(q + 1))} of flat index and distance arrays,
 * in the result contract's order. Immutable and safe for concurrent reads.
 *
 * <p>The flat arrays live on the heap for tables computed in memory, or in buffers the table does
 * not own (for example a memory-mapped model file, see {@link #ofAllItems}); both kinds answer,
 * compare and hash alike.
 */
public final class NeighborTable {
  private final int[] queries;
  private final int[] offsets;
  // Position 0, limit = total neighbours; read only with absolute gets, so reads are thread-safe.
  private final IntBuffer indices;
  private final DoubleBuffer distances;

  private NeighborTable(int[] queries, int[] offsets, IntBuffer indices, DoubleBuffer distances) {
    this.queries = queries;
    this.offsets = offsets;
    this.indices = indices;
    this.distances = distances;
  }

  private NeighborTable(int[] queries, int[] offsets, int[] indices, double[] distances) {
    this(queries, offsets, IntBuffer.wrap(indices), DoubleBuffer.wrap(distances));
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

  /**
   * Wraps every item's neighbours, stored row after row in two buffers, without copying them: row
   * {@code q} answers item {@code q} and holds {@code width} neighbours at positions {@code [q *
   * width, (q + 1) * width)} of the buffers' remaining elements. Checks, in one pass, that every
   * index is in {@code [0, rows)}, not its row's own item and not repeated within its row, every
   * distance is finite, and every row is in the result contract's order (distance ascending, ties
   * by lower index).
   *
   * <p>The table reads the buffers with absolute gets only (their position, limit and mark are left
   * alone), so it is safe for concurrent reads. The table is immutable only if the contents do not
   * change afterwards: the caller must not change them, through these buffers or any other view
   * (a read-only memory map of a file that is not modified in place qualifies).
   *
   * @param rows the number of items, {@code >= 0}
   * @param width neighbours per row, in {@code [0, max(0, rows - 1)]}
   * @param indices {@code rows * width} neighbour indices, in its remaining elements
   * @param distances {@code rows * width} neighbour distances, in its remaining elements
   * @return the table, {@code rows} rows
   * @throws IllegalArgumentException if {@code rows} or {@code width} is out of range, a buffer's
   *     remaining length is not {@code rows * width}, or an index, distance or row order breaks a
   *     rule above; the message names the row, the rank, the rule and the value found
   */
  public static NeighborTable ofAllItems(
      int rows, int width, IntBuffer indices, DoubleBuffer distances) {
    Objects.requireNonNull(indices, "indices");
    Objects.requireNonNull(distances, "distances");
    Checks.atLeast("rows", rows, 0);
    Checks.require(
        width >= 0 && width <= Math.max(0, rows - 1),
        "width must be in [0, %d] (rows - 1), was %d",
        Math.max(0, rows - 1),
        width);
    long total = (long) rows * width;
    Checks.require(
        indices.remaining() == total && distances.remaining() == total,
        "indices (%d) and distances (%d) must each hold rows x width = %d x %d = %d",
        indices.remaining(),
        distances.remaining(),
        rows,
        width,
        total);
    IntBuffer is = indices.slice();
    DoubleBuffer ds = distances.slice();
    // lastRow[i] == r + 1 once row r has named item i: a repeat within a row is caught in O(1).
    int[] lastRow = width > 1 ? new int[rows] : null;
    for (int r = 0, at = 0; r < rows; r++) {
      for (int rank = 0; rank < width; rank++, at++) {
        int index = is.get(at);
        double distance = ds.get(at);
        if (index < 0 || index >= rows || index == r) {
          throw new IllegalArgumentException(
              "row " + r + ", rank " + rank + ": index must be in [0, " + rows + ") and not " + r
                  + " (the row's own item), was " + index);
        }
        if (lastRow != null) {
          if (lastRow[index] == r + 1) {
            throw new IllegalArgumentException(
                "row " + r + ", rank " + rank + ": index " + index + " is already in the row");
          }
          lastRow[index] = r + 1;
        }
        if (!(distance >= 0) || !Double.isFinite(distance)) {
          throw new IllegalArgumentException(
              "row " + r + ", rank " + rank + ": distance must be finite and >= 0 (cosine and"
                  + " euclidean distances are), was " + distance);
        }
        if (rank > 0 && NeighborOrder.compare(ds.get(at - 1), is.get(at - 1), distance, index) >= 0) {
          throw new IllegalArgumentException(
              "row " + r + ", rank " + rank + ": (distance " + distance + ", index " + index
                  + ") must come after (distance " + ds.get(at - 1) + ", index " + is.get(at - 1)
                  + ") in ascending distance, ties by lower index");
        }
      }
    }
    int[] queries = new int[rows];
    int[] offsets = new int[rows + 1];
    for (int r = 0; r < rows; r++) {
      queries[r] = r;
      offsets[r + 1] = offsets[r] + width;
    }
    return new NeighborTable(queries, offsets, is, ds);
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
   * @throws IndexOutOfBoundsException if the row is out of range
   */
  public int query(int row) {
    Checks.index("row", row, queries.length, "rows");
    return queries[row];
  }

  /**
   * @param row a row in {@code [0, size())}
   * @return the number of neighbours in that row
   * @throws IndexOutOfBoundsException if the row is out of range
   */
  public int count(int row) {
    Checks.index("row", row, queries.length, "rows");
    return offsets[row + 1] - offsets[row];
  }

  /** The flat position of a row's rank, both checked (a rank past its row must not read the next). */
  private int position(int row, int rank) {
    Checks.index("row", row, queries.length, "rows");
    int count = offsets[row + 1] - offsets[row];
    if (rank < 0 || rank >= count) {
      Checks.index("rank", rank, count, "neighbours of row " + row);
    }
    return offsets[row] + rank;
  }

  /**
   * @param row a row in {@code [0, size())}
   * @param rank a rank in {@code [0, count(row))}
   * @return the neighbour's item index
   * @throws IndexOutOfBoundsException if the row or the rank is out of range
   */
  public int index(int row, int rank) {
    return indices.get(position(row, rank));
  }

  /**
   * @param row a row in {@code [0, size())}
   * @param rank a rank in {@code [0, count(row))}
   * @return the neighbour's distance
   * @throws IndexOutOfBoundsException if the row or the rank is out of range
   */
  public double distance(int row, int rank) {
    return distances.get(position(row, rank));
  }

  /**
   * @param row a row in {@code [0, size())}
   * @return that row's neighbours (copied)
   * @throws IndexOutOfBoundsException if the row is out of range
   */
  public Neighbors row(int row) {
    Checks.index("row", row, queries.length, "rows");
    int from = offsets[row];
    int count = offsets[row + 1] - from;
    int[] rowIndices = new int[count];
    double[] rowDistances = new double[count];
    indices.get(from, rowIndices);
    distances.get(from, rowDistances);
    return Neighbors.trusted(rowIndices, rowDistances);
  }

  /** @return total number of neighbours over all rows */
  public int totalCount() {
    return indices.limit();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NeighborTable)) {
      return false;
    }
    NeighborTable t = (NeighborTable) o;
    return Arrays.equals(queries, t.queries)
        && Arrays.equals(offsets, t.offsets)
        && indices.equals(t.indices)
        && sameBits(distances, t.distances);
  }

  /** Equal as {@link Arrays#equals(double[], double[])}: same length, same bits (NaNs collapsed). */
  private static boolean sameBits(DoubleBuffer a, DoubleBuffer b) {
    if (a.limit() != b.limit()) {
      return false;
    }
    for (int i = 0; i < a.limit(); i++) {
      if (Double.doubleToLongBits(a.get(i)) != Double.doubleToLongBits(b.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    // IntBuffer#hashCode depends only on the elements, whatever the buffer's kind.
    return Objects.hash(Arrays.hashCode(queries), Arrays.hashCode(offsets), indices.hashCode());
  }

  @Override
  public String toString() {
    return "NeighborTable[" + queries.length + " rows, " + indices.limit() + " neighbours]";
  }
}
