package io.playknn.matrix;

import io.playknn.internal.Checks;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable dense matrix of finite doubles, stored row-major: for low-dimensional item
 * coordinates (for example a truncated SVD of the item × user matrix), where every entry is
 * meaningful and trees beat brute force. Rows are items, columns are dimensions.
 *
 * <p>Instances are immutable and safe to share between threads; every factory and accessor copies.
 */
public final class DenseMatrix {
  private final int rows;
  private final int columns;
  private final double[] values;

  private DenseMatrix(int rows, int columns, double[] values) {
    this.rows = rows;
    this.columns = columns;
    this.values = values;
  }

  /**
   * Builds a matrix from row arrays, copied.
   *
   * @param rows the rows; every row has the same length, every value is finite
   * @return the {@code rows.length × rows[0].length} matrix ({@code 0 × 0} for no rows)
   * @throws IllegalArgumentException if rows differ in length or a value is not finite
   */
  public static DenseMatrix of(double[][] rows) {
    Objects.requireNonNull(rows, "rows");
    int columns = rows.length == 0 ? 0 : Objects.requireNonNull(rows[0], "rows[0]").length;
    double[] values = new double[Math.multiplyExact(rows.length, columns)];
    for (int r = 0; r < rows.length; r++) {
      Objects.requireNonNull(rows[r], "rows[" + r + "]");
      Checks.require(
          rows[r].length == columns,
          "every row must have length %d (the length of row 0), but row %d has %d",
          columns,
          r,
          rows[r].length);
      System.arraycopy(rows[r], 0, values, r * columns, columns);
    }
    return new DenseMatrix(rows.length, columns, checkFinite(values, columns));
  }

  /**
   * Builds a matrix from a row-major array, copied: entry {@code (r, c)} is {@code
   * rowMajor[r * columns + c]}.
   *
   * @param rows number of rows, {@code >= 0}
   * @param columns number of columns, {@code >= 0}
   * @param rowMajor {@code rows * columns} finite values
   * @return the matrix
   * @throws IllegalArgumentException if a dimension is negative, the array length is not {@code
   *     rows * columns} or a value is not finite
   */
  public static DenseMatrix of(int rows, int columns, double[] rowMajor) {
    Checks.atLeast("rows", rows, 0);
    Checks.atLeast("columns", columns, 0);
    Objects.requireNonNull(rowMajor, "rowMajor");
    long expected = (long) rows * columns;
    Checks.require(
        rowMajor.length == expected,
        "rowMajor must have rows * columns = %d * %d = %d values, was %d",
        rows,
        columns,
        expected,
        rowMajor.length);
    return new DenseMatrix(rows, columns, checkFinite(rowMajor.clone(), columns));
  }

  /**
   * Densifies a sparse matrix.
   *
   * @param sparse the matrix
   * @return the same matrix, dense
   * @throws IllegalArgumentException if it has more than {@link Integer#MAX_VALUE} - 8 entries
   */
  public static DenseMatrix fromSparse(SparseMatrix sparse) {
    Objects.requireNonNull(sparse, "sparse");
    long size = (long) sparse.rows() * sparse.columns();
    Checks.require(
        size <= Integer.MAX_VALUE - 8,
        "a dense matrix holds at most %d entries, %d x %d has %d",
        Integer.MAX_VALUE - 8,
        sparse.rows(),
        sparse.columns(),
        size);
    double[] values = new double[(int) size];
    int columns = sparse.columns();
    for (int r = 0; r < sparse.rows(); r++) {
      for (int p = sparse.rowStart(r); p < sparse.rowEnd(r); p++) {
        values[r * columns + sparse.columnAt(p)] = sparse.valueAt(p);
      }
    }
    return new DenseMatrix(sparse.rows(), columns, values);
  }

  private static double[] checkFinite(double[] values, int columns) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "value at ("
                + i / columns
                + ", "
                + i % columns
                + ") must be finite, was "
                + values[i]);
      }
    }
    return values;
  }

  /** @return number of rows (items) */
  public int rows() {
    return rows;
  }

  /** @return number of columns (dimensions) */
  public int columns() {
    return columns;
  }

  /**
   * @param row row in {@code [0, rows())}
   * @param column column in {@code [0, columns())}
   * @return the entry
   * @throws IndexOutOfBoundsException if an index is out of range
   */
  public double get(int row, int column) {
    Checks.index("row", row, rows, "rows");
    Checks.index("column", column, columns, "columns");
    return values[row * columns + column];
  }

  /**
   * @param row row in {@code [0, rows())}
   * @return a copy of the row, {@link #columns()} values
   * @throws IndexOutOfBoundsException if {@code row} is out of range
   */
  public double[] row(int row) {
    Checks.index("row", row, rows, "rows");
    return Arrays.copyOfRange(values, row * columns, (row + 1) * columns);
  }

  /**
   * @param column column in {@code [0, columns())}
   * @return a copy of the column, {@link #rows()} values
   * @throws IndexOutOfBoundsException if {@code column} is out of range
   */
  public double[] column(int column) {
    Checks.index("column", column, columns, "columns");
    double[] out = new double[rows];
    for (int r = 0; r < rows; r++) {
      out[r] = values[r * columns + column];
    }
    return out;
  }

  /** @return a copy of all entries, row-major */
  public double[] toRowMajor() {
    return values.clone();
  }

  /** @return a copy of all entries as row arrays */
  public double[][] toArrays() {
    double[][] out = new double[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = Arrays.copyOfRange(values, r * columns, (r + 1) * columns);
    }
    return out;
  }

  /** @return the same matrix in sparse form, storing exactly the non-zero entries */
  public SparseMatrix toSparse() {
    int nnz = 0;
    for (double v : values) {
      if (v != 0) {
        nnz++;
      }
    }
    int[] pointers = new int[rows + 1];
    int[] indices = new int[nnz];
    double[] stored = new double[nnz];
    int k = 0;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        double v = values[r * columns + c];
        if (v != 0) {
          indices[k] = c;
          stored[k++] = v;
        }
      }
      pointers[r + 1] = k;
    }
    return SparseMatrix.fromCsr(rows, columns, pointers, indices, stored);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DenseMatrix
        && ((DenseMatrix) o).rows == rows
        && ((DenseMatrix) o).columns == columns
        && Arrays.equals(((DenseMatrix) o).values, values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * rows + columns) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "DenseMatrix[" + rows + " x " + columns + "]";
  }
}
