package io.playknn.spark;

import io.playknn.matrix.SparseMatrix;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Consecutive rows {@code [first, first + rows)} of an item × user matrix in CSR form, the unit
 * that travels between the driver and the executors. Row values are the matrix's own (not
 * normalised), so an index fitted on any set of blocks normalises each row exactly as an index
 * fitted on the whole matrix does. Immutable once built (the arrays are never exposed).
 */
final class RowBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int id;
  private final int first;
  private final int columns;
  private final int[] pointers;
  private final int[] users;
  private final double[] values;

  private RowBlock(int id, int first, int columns, int[] pointers, int[] users, double[] values) {
    this.id = id;
    this.first = first;
    this.columns = columns;
    this.pointers = pointers;
    this.users = users;
    this.values = values;
  }

  /**
   * Copies rows {@code [from, to)} of a matrix.
   *
   * @param id the block's number in its plan
   * @param m the matrix
   * @param from first row
   * @param to one past the last row
   * @return the block
   */
  static RowBlock of(int id, SparseMatrix m, int from, int to) {
    int start = from < to ? m.rowStart(from) : 0;
    int end = from < to ? m.rowEnd(to - 1) : 0;
    int[] pointers = new int[to - from + 1];
    int[] users = new int[end - start];
    double[] values = new double[end - start];
    for (int r = from; r < to; r++) {
      pointers[r - from + 1] = m.rowEnd(r) - start;
    }
    for (int p = start; p < end; p++) {
      users[p - start] = m.columnAt(p);
      values[p - start] = m.valueAt(p);
    }
    return new RowBlock(id, from, m.columns(), pointers, users, values);
  }

  /**
   * Copies global rows {@code [from, to)} of this block.
   *
   * @param newId the new block's number
   * @param from first global row, in this block
   * @param to one past the last global row, in this block
   * @return the block
   */
  RowBlock slice(int newId, int from, int to) {
    int start = pointers[from - first];
    int end = pointers[to - first];
    int[] p = new int[to - from + 1];
    for (int r = from; r < to; r++) {
      p[r - from + 1] = pointers[r - first + 1] - start;
    }
    return new RowBlock(
        newId, from, columns, p, Arrays.copyOfRange(users, start, end),
        Arrays.copyOfRange(values, start, end));
  }

  /** @return the block's number in its plan */
  int id() {
    return id;
  }

  /** @return the global index of the block's first row */
  int first() {
    return first;
  }

  /** @return the number of rows */
  int rows() {
    return pointers.length - 1;
  }

  /** @return the number of stored entries */
  int nonZeros() {
    return users.length;
  }

  /** @return the block's user ids of global row {@code item} (a copy) */
  int[] users(int item) {
    int r = item - first;
    return Arrays.copyOfRange(users, pointers[r], pointers[r + 1]);
  }

  /** @return the block's values of global row {@code item} (a copy) */
  double[] values(int item) {
    int r = item - first;
    return Arrays.copyOfRange(values, pointers[r], pointers[r + 1]);
  }

  /** @return this block's rows as a matrix with the full matrix's columns */
  SparseMatrix toMatrix() {
    return SparseMatrix.fromCsr(rows(), columns, pointers, users, values);
  }

  /**
   * The rows of two blocks, this one's first, as one matrix: with {@code this.first() <
   * other.first()} its row order is the global order, so ties by local index are ties by global
   * index. Local row {@code l} is global item {@link #globalItem(RowBlock, int)}.
   *
   * @param other a block after this one, over the same columns
   * @return the union matrix
   */
  SparseMatrix unionMatrix(RowBlock other) {
    int n = rows() + other.rows();
    int[] p = new int[n + 1];
    System.arraycopy(pointers, 0, p, 0, pointers.length);
    for (int r = 1; r < other.pointers.length; r++) {
      p[rows() + r] = nonZeros() + other.pointers[r];
    }
    int[] u = Arrays.copyOf(users, nonZeros() + other.nonZeros());
    System.arraycopy(other.users, 0, u, nonZeros(), other.nonZeros());
    double[] v = Arrays.copyOf(values, nonZeros() + other.nonZeros());
    System.arraycopy(other.values, 0, v, nonZeros(), other.nonZeros());
    return SparseMatrix.fromCsr(n, columns, p, u, v);
  }

  /**
   * @param other the block given to {@link #unionMatrix}, or {@code null} for this block alone
   * @param local a row of the union matrix
   * @return the global item of that row
   */
  int globalItem(RowBlock other, int local) {
    return local < rows() ? first + local : other.first + (local - rows());
  }
}
