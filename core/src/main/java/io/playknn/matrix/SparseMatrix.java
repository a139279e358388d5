package io.playknn.matrix;

import java.util.function.DoubleUnaryOperator;

/**
 * An immutable sparse matrix of doubles in compressed sparse row (CSR) form. In this library rows
 * are items (artists) and columns are users.
 *
 * <p>Canonical form: within a row, stored entries are in strictly increasing column order with no
 * duplicate columns; every stored value is finite. Explicitly stored zeros are kept as given (they
 * never change a distance). Every factory canonicalises its input (sorts, sums duplicates) and
 * rejects NaN or infinite values, negative dimensions and out-of-range indices with an {@link
 * IllegalArgumentException} that names the value and the rule.
 *
 * <p>Rows are read without allocation through stored positions:
 *
 * <pre>{@code
 * for (int p = m.rowStart(r); p < m.rowEnd(r); p++) {
 *   int column = m.columnAt(p);
 *   double value = m.valueAt(p);
 * }
 * }</pre>
 *
 * <p>Instances are immutable and safe to share between threads. Implementations other than the
 * ones returned by the factories here are not expected.
 */
public interface SparseMatrix {

  /**
   * Builds a matrix from coordinate triplets; entries with the same (row, column) are summed in
   * input order.
   *
   * @param rows number of rows, {@code >= 0}
   * @param columns number of columns, {@code >= 0}
   * @param rowIndices row of each entry, in {@code [0, rows)}
   * @param columnIndices column of each entry, in {@code [0, columns)}
   * @param values value of each entry, finite
   * @return the matrix
   * @throws IllegalArgumentException if a dimension is negative, the arrays differ in length, an
   *     index is out of range or a value is not finite
   */
  static SparseMatrix fromTriplets(
      int rows, int columns, int[] rowIndices, int[] columnIndices, double[] values) {
    return CsrMatrix.fromTriplets(rows, columns, rowIndices, columnIndices, values);
  }

  /**
   * Builds a matrix from CSR arrays (as SciPy's {@code csr_matrix}). The arrays are copied; column
   * indices within a row may be unsorted and may repeat (repeats are summed).
   *
   * @param rows number of rows, {@code >= 0}
   * @param columns number of columns, {@code >= 0}
   * @param rowPointers {@code rows + 1} non-decreasing offsets, first 0, last {@code nnz}
   * @param columnIndices column of each stored entry, in {@code [0, columns)}
   * @param values value of each stored entry, finite
   * @return the matrix
   * @throws IllegalArgumentException if the arrays are inconsistent (the message says which rule
   *     is broken, where, and by which value)
   */
  static SparseMatrix fromCsr(
      int rows, int columns, int[] rowPointers, int[] columnIndices, double[] values) {
    return CsrMatrix.fromCompressed(rows, columns, rowPointers, columnIndices, values, false);
  }

  /**
   * Builds a matrix from CSC arrays (as SciPy's {@code csc_matrix}). The arrays are copied; row
   * indices within a column may be unsorted and may repeat (repeats are summed).
   *
   * @param rows number of rows, {@code >= 0}
   * @param columns number of columns, {@code >= 0}
   * @param columnPointers {@code columns + 1} non-decreasing offsets, first 0, last {@code nnz}
   * @param rowIndices row of each stored entry, in {@code [0, rows)}
   * @param values value of each stored entry, finite
   * @return the matrix
   * @throws IllegalArgumentException if the arrays are inconsistent
   */
  static SparseMatrix fromCsc(
      int rows, int columns, int[] columnPointers, int[] rowIndices, double[] values) {
    return CsrMatrix.fromCompressed(rows, columns, columnPointers, rowIndices, values, true);
  }

  /**
   * Starts a builder that collects triplets one at a time.
   *
   * @param rows number of rows, {@code >= 0}
   * @param columns number of columns, {@code >= 0}
   * @return a new, empty builder (not thread-safe)
   * @throws IllegalArgumentException if a dimension is negative
   */
  static Builder builder(int rows, int columns) {
    return new Builder(rows, columns);
  }

  /** @return number of rows (items) */
  int rows();

  /** @return number of columns (users) */
  int columns();

  /** @return number of stored entries */
  int nonZeros();

  /**
   * @param row a row in {@code [0, rows())}
   * @return position of the row's first stored entry
   * @throws IndexOutOfBoundsException if {@code row} is out of range
   */
  int rowStart(int row);

  /**
   * @param row a row in {@code [0, rows())}
   * @return position one past the row's last stored entry
   * @throws IndexOutOfBoundsException if {@code row} is out of range
   */
  int rowEnd(int row);

  /**
   * @param row a row in {@code [0, rows())}
   * @return number of entries stored in the row
   * @throws IndexOutOfBoundsException if {@code row} is out of range
   */
  default int rowNonZeros(int row) {
    return rowEnd(row) - rowStart(row);
  }

  /**
   * @param position a stored position in {@code [0, nonZeros())}
   * @return the column of the entry at that position
   */
  int columnAt(int position);

  /**
   * @param position a stored position in {@code [0, nonZeros())}
   * @return the value of the entry at that position
   */
  double valueAt(int position);

  /**
   * Returns one element, by binary search within the row.
   *
   * @param row row in {@code [0, rows())}
   * @param column column in {@code [0, columns())}
   * @return the stored value, or 0 if none is stored
   * @throws IndexOutOfBoundsException if an index is out of range
   */
  double get(int row, int column);

  /**
   * Copies one row into a sparse vector.
   *
   * @param row row in {@code [0, rows())}
   * @return the row as a vector of dimension {@link #columns()}
   */
  SparseVector row(int row);

  /** @return a copy of the {@code rows() + 1} row pointers */
  int[] copyRowPointers();

  /** @return a copy of the {@code nonZeros()} column indices, in storage order */
  int[] copyColumnIndices();

  /** @return a copy of the {@code nonZeros()} values, in storage order */
  double[] copyValues();

  /** @return the transpose (columns become rows), in canonical CSR form */
  SparseMatrix transpose();

  /** @return the Euclidean (L2) norm of each row */
  double[] rowNorms();

  /** @return the sum of each row's values */
  double[] rowSums();

  /** @return the sum of each column's values */
  double[] columnSums();

  /**
   * Divides every row by its L2 norm. Rows whose norm is zero stay zero; a row whose norm overflows
   * (values near {@link Double#MAX_VALUE}) is rescaled first, so it too has unit length.
   *
   * @return the row-normalised matrix
   */
  SparseMatrix normalizeRows();

  /**
   * Divides every column by its largest absolute value, so each column's values lie in {@code [-1,
   * 1]} (in {@code [0, 1]} for non-negative data, where this equals scikit-learn's min-max scaling
   * with the minimum taken as 0 as the reference did). All-zero columns stay zero.
   *
   * @return the column-scaled matrix
   */
  SparseMatrix scaleColumnsByMax();

  /**
   * Applies {@code f} to every stored value (stored zeros included, absent entries not).
   *
   * @param f the function; must map stored values to finite values
   * @return the transformed matrix, with the same sparsity structure
   * @throws IllegalArgumentException if {@code f} returns NaN or an infinite value
   */
  SparseMatrix mapValues(DoubleUnaryOperator f);

  /**
   * Collects (row, column, value) triplets, then builds a canonical {@link SparseMatrix}. Not
   * thread-safe.
   */
  final class Builder {
    private final int rows;
    private final int columns;
    private final it.unimi.dsi.fastutil.ints.IntArrayList rowIndices =
        new it.unimi.dsi.fastutil.ints.IntArrayList();
    private final it.unimi.dsi.fastutil.ints.IntArrayList columnIndices =
        new it.unimi.dsi.fastutil.ints.IntArrayList();
    private final it.unimi.dsi.fastutil.doubles.DoubleArrayList values =
        new it.unimi.dsi.fastutil.doubles.DoubleArrayList();

    Builder(int rows, int columns) {
      io.playknn.internal.Checks.atLeast("rows", rows, 0);
      io.playknn.internal.Checks.atLeast("columns", columns, 0);
      this.rows = rows;
      this.columns = columns;
    }

    /**
     * Adds one entry; entries with the same (row, column) are summed at {@link #build()}.
     *
     * @param row row in {@code [0, rows)}
     * @param column column in {@code [0, columns)}
     * @param value a finite value
     * @return this builder
     * @throws IndexOutOfBoundsException if an index is out of range
     * @throws IllegalArgumentException if the value is not finite
     */
    public Builder add(int row, int column, double value) {
      io.playknn.internal.Checks.index("row", row, rows, "rows");
      io.playknn.internal.Checks.index("column", column, columns, "columns");
      if (!Double.isFinite(value)) {
        io.playknn.internal.Checks.finite("value at (" + row + ", " + column + ")", value);
      }
      rowIndices.add(row);
      columnIndices.add(column);
      values.add(value);
      return this;
    }

    /** @return the matrix of the entries added so far */
    public SparseMatrix build() {
      return CsrMatrix.fromTriplets(
          rows,
          columns,
          rowIndices.toIntArray(),
          columnIndices.toIntArray(),
          values.toDoubleArray());
    }
  }
}
