package io.playknn.matrix;

import io.playknn.internal.Checks;
import io.playknn.internal.SparseMath;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/** The canonical CSR implementation of {@link SparseMatrix}; all arrays are private and final. */
final class CsrMatrix implements SparseMatrix {
  private final int rows;
  private final int columns;
  private final int[] rowPointers;
  private final int[] columnIndices;
  private final double[] values;

  /** Takes ownership of canonical arrays; callers guarantee validity. */
  private CsrMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, double[] values) {
    this.rows = rows;
    this.columns = columns;
    this.rowPointers = rowPointers;
    this.columnIndices = columnIndices;
    this.values = values;
  }

  static CsrMatrix fromTriplets(
      int rows, int columns, int[] rowIndices, int[] columnIndices, double[] values) {
    checkShape(rows, columns);
    Objects.requireNonNull(rowIndices, "rowIndices");
    Objects.requireNonNull(columnIndices, "columnIndices");
    Objects.requireNonNull(values, "values");
    int n = values.length;
    Checks.require(
        rowIndices.length == n && columnIndices.length == n,
        "triplet arrays must have equal lengths, were rows=%d, columns=%d, values=%d",
        rowIndices.length,
        columnIndices.length,
        n);
    for (int i = 0; i < n; i++) {
      checkEntry("triplet", i, rowIndices[i], rows, "row", columnIndices[i], columns, values[i]);
    }
    return canonical(rows, columns, rowIndices, columnIndices, values);
  }

  /**
   * Validates compressed arrays; {@code csc} means pointers run over columns and indices are rows.
   */
  static CsrMatrix fromCompressed(
      int rows, int columns, int[] pointers, int[] indices, double[] values, boolean csc) {
    checkShape(rows, columns);
    Objects.requireNonNull(pointers, csc ? "columnPointers" : "rowPointers");
    Objects.requireNonNull(indices, csc ? "rowIndices" : "columnIndices");
    Objects.requireNonNull(values, "values");
    String pointerName = csc ? "column pointer" : "row pointer";
    int major = csc ? columns : rows;
    int minor = csc ? rows : columns;
    Checks.require(
        pointers.length == major + 1,
        "%s array must have length %d (%s + 1), was %d",
        pointerName,
        major + 1,
        csc ? "columns" : "rows",
        pointers.length);
    Checks.require(
        indices.length == values.length,
        "index and value arrays must have equal lengths, were %d and %d",
        indices.length,
        values.length);
    Checks.require(pointers[0] == 0, "%s[0] must be 0, was %d", pointerName, pointers[0]);
    for (int i = 0; i < major; i++) {
      if (pointers[i + 1] >= pointers[i]) {
        continue;
      }
      Checks.require(
          false,
          "%s array must be non-decreasing, but %s[%d] = %d < %s[%d] = %d",
          pointerName,
          pointerName,
          i + 1,
          pointers[i + 1],
          pointerName,
          i,
          pointers[i]);
    }
    Checks.require(
        pointers[major] == values.length,
        "%s[%d] must equal the number of stored entries %d, was %d",
        pointerName,
        major,
        values.length,
        pointers[major]);
    int n = values.length;
    int[] r = new int[n];
    int[] c = new int[n];
    boolean sorted = !csc;
    for (int i = 0; i < major; i++) {
      for (int p = pointers[i]; p < pointers[i + 1]; p++) {
        int m = indices[p];
        if (m < 0 || m >= minor) {
          throw new IllegalArgumentException(
              String.format(
                  java.util.Locale.ROOT,
                  "%s index at position %d must be in [0, %d), was %d",
                  csc ? "row" : "column",
                  p,
                  minor,
                  m));
        }
        if (!Double.isFinite(values[p])) {
          Checks.require(false, "value at position %d must be finite, was %s", p, values[p]);
        }
        if (p > pointers[i] && indices[p - 1] >= m) {
          sorted = false;
        }
        r[p] = csc ? m : i;
        c[p] = csc ? i : m;
      }
    }
    if (sorted) {
      return new CsrMatrix(rows, columns, pointers.clone(), indices.clone(), values.clone());
    }
    return canonical(rows, columns, r, c, values);
  }

  /**
   * Largest number of rows or columns: a matrix keeps {@code rows + 1} row pointers, and its
   * transpose {@code columns + 1}, in arrays, which hold at most {@code Integer.MAX_VALUE - 8}
   * elements.
   */
  static final int MAX_DIMENSION = Integer.MAX_VALUE - 9;

  private static void checkShape(int rows, int columns) {
    Checks.atLeast("rows", rows, 0);
    Checks.atLeast("columns", columns, 0);
    Checks.require(
        rows <= MAX_DIMENSION && columns <= MAX_DIMENSION,
        "rows and columns must be at most %d (their pointer arrays hold one more), were %d and %d",
        MAX_DIMENSION,
        rows,
        columns);
  }

  /** Validates one triplet; formats a message only on failure (this runs once per entry). */
  private static void checkEntry(
      String what, int i, int row, int rows, String rowName, int column, int columns, double v) {
    if (row < 0 || row >= rows) {
      Checks.require(false, "%s %d: %s must be in [0, %d), was %d", what, i, rowName, rows, row);
    }
    if (column < 0 || column >= columns) {
      Checks.require(
          false, "%s %d: column must be in [0, %d), was %d", what, i, columns, column);
    }
    if (!Double.isFinite(v)) {
      Checks.require(false, "%s %d: value must be finite, was %s", what, i, v);
    }
  }

  /**
   * Sorts validated triplets by (row, column), stable, and sums duplicates in input order:
   * O(nnz + rows + columns) by two counting passes, or, when the columns far outnumber the
   * entries (a sparse vector of a large dimension, or a file declaring a huge width), O(nnz log
   * nnz + rows) by sorting each row, so that memory never grows with the column count.
   */
  private static CsrMatrix canonical(int rows, int columns, int[] r, int[] c, double[] v) {
    int n = v.length;
    boolean countColumns = columns <= 4L * n + 1024;
    // Pass 1 (counting only): stable bucket by column.
    int[] byColumn = null;
    if (countColumns) {
      byColumn = new int[n];
      int[] count = new int[columns + 1];
      for (int i = 0; i < n; i++) {
        count[c[i] + 1]++;
      }
      for (int j = 0; j < columns; j++) {
        count[j + 1] += count[j];
      }
      for (int i = 0; i < n; i++) {
        byColumn[count[c[i]]++] = i;
      }
    }
    // Pass 2: stable bucket by row; with pass 1, entries of a row end up in column order.
    int[] pointers = new int[rows + 1];
    for (int i = 0; i < n; i++) {
      pointers[r[i] + 1]++;
    }
    for (int i = 0; i < rows; i++) {
      pointers[i + 1] += pointers[i];
    }
    int[] next = Arrays.copyOf(pointers, rows);
    int[] order = new int[n];
    for (int k = 0; k < n; k++) {
      int i = countColumns ? byColumn[k] : k;
      order[next[r[i]]++] = i;
    }
    if (!countColumns) {
      // Each row by (column, input position): both fit 31 bits, so one long key orders them.
      long[] keys = new long[n];
      for (int k = 0; k < n; k++) {
        keys[k] = ((long) c[order[k]] << 31) | order[k];
      }
      for (int row = 0; row < rows; row++) {
        Arrays.sort(keys, pointers[row], pointers[row + 1]);
      }
      for (int k = 0; k < n; k++) {
        order[k] = (int) (keys[k] & Integer.MAX_VALUE);
      }
    }
    // Pass 3: sum duplicates.
    int[] outPointers = new int[rows + 1];
    int[] outColumns = new int[n];
    double[] outValues = new double[n];
    int out = 0;
    for (int row = 0; row < rows; row++) {
      int start = out;
      for (int k = pointers[row]; k < pointers[row + 1]; k++) {
        int i = order[k];
        if (out > start && outColumns[out - 1] == c[i]) {
          outValues[out - 1] += v[i];
        } else {
          outColumns[out] = c[i];
          outValues[out] = v[i];
          out++;
        }
      }
      outPointers[row + 1] = out;
    }
    for (int p = 0; p < out; p++) {
      if (!Double.isFinite(outValues[p])) {
        throw new IllegalArgumentException(
            "sum of duplicate entries at column " + outColumns[p] + " overflowed to " + outValues[p]);
      }
    }
    if (out < n) {
      outColumns = Arrays.copyOf(outColumns, out);
      outValues = Arrays.copyOf(outValues, out);
    }
    return new CsrMatrix(rows, columns, outPointers, outColumns, outValues);
  }

  @Override
  public int rows() {
    return rows;
  }

  @Override
  public int columns() {
    return columns;
  }

  @Override
  public int nonZeros() {
    return values.length;
  }

  @Override
  public int rowStart(int row) {
    return rowPointers[Checks.index("row", row, rows, "rows")];
  }

  @Override
  public int rowEnd(int row) {
    return rowPointers[Checks.index("row", row, rows, "rows") + 1];
  }

  @Override
  public int columnAt(int position) {
    return columnIndices[position];
  }

  @Override
  public double valueAt(int position) {
    return values[position];
  }

  @Override
  public double get(int row, int column) {
    Checks.index("row", row, rows, "rows");
    Checks.index("column", column, columns, "columns");
    int p = Arrays.binarySearch(columnIndices, rowPointers[row], rowPointers[row + 1], column);
    return p >= 0 ? values[p] : 0.0;
  }

  @Override
  public SparseVector row(int row) {
    int from = rowStart(row);
    int to = rowEnd(row);
    return SparseVector.trusted(
        columns,
        Arrays.copyOfRange(columnIndices, from, to),
        Arrays.copyOfRange(values, from, to));
  }

  @Override
  public int[] copyRowPointers() {
    return rowPointers.clone();
  }

  @Override
  public int[] copyColumnIndices() {
    return columnIndices.clone();
  }

  @Override
  public double[] copyValues() {
    return values.clone();
  }

  @Override
  public SparseMatrix transpose() {
    int n = values.length;
    int[] pointers = new int[columns + 1];
    for (int p = 0; p < n; p++) {
      pointers[columnIndices[p] + 1]++;
    }
    for (int j = 0; j < columns; j++) {
      pointers[j + 1] += pointers[j];
    }
    int[] next = Arrays.copyOf(pointers, columns);
    int[] outIndices = new int[n];
    double[] outValues = new double[n];
    for (int row = 0; row < rows; row++) {
      for (int p = rowPointers[row]; p < rowPointers[row + 1]; p++) {
        int q = next[columnIndices[p]]++;
        outIndices[q] = row;
        outValues[q] = values[p];
      }
    }
    return new CsrMatrix(columns, rows, pointers, outIndices, outValues);
  }

  @Override
  public double[] rowNorms() {
    double[] norms = new double[rows];
    for (int row = 0; row < rows; row++) {
      norms[row] = SparseMath.norm(values, rowPointers[row], rowPointers[row + 1]);
    }
    return norms;
  }

  @Override
  public double[] rowSums() {
    double[] sums = new double[rows];
    for (int row = 0; row < rows; row++) {
      double sum = 0;
      for (int p = rowPointers[row]; p < rowPointers[row + 1]; p++) {
        sum += values[p];
      }
      sums[row] = sum;
    }
    return sums;
  }

  @Override
  public double[] columnSums() {
    double[] sums = new double[columns];
    for (int p = 0; p < values.length; p++) {
      sums[columnIndices[p]] += values[p];
    }
    return sums;
  }

  @Override
  public SparseMatrix normalizeRows() {
    double[] out = values.clone();
    for (int row = 0; row < rows; row++) {
      SparseMath.normalize(out, rowPointers[row], rowPointers[row + 1]);
    }
    return new CsrMatrix(rows, columns, rowPointers, columnIndices, out);
  }

  @Override
  public SparseMatrix scaleColumnsByMax() {
    double[] max = new double[columns];
    for (int p = 0; p < values.length; p++) {
      max[columnIndices[p]] = Math.max(max[columnIndices[p]], Math.abs(values[p]));
    }
    double[] out = new double[values.length];
    for (int p = 0; p < values.length; p++) {
      double m = max[columnIndices[p]];
      out[p] = m == 0 ? values[p] : values[p] / m;
    }
    return new CsrMatrix(rows, columns, rowPointers, columnIndices, out);
  }

  @Override
  public SparseMatrix mapValues(DoubleUnaryOperator f) {
    Objects.requireNonNull(f, "f");
    double[] out = new double[values.length];
    for (int p = 0; p < values.length; p++) {
      double y = f.applyAsDouble(values[p]);
      if (!Double.isFinite(y)) {
        throw new IllegalArgumentException(
            "mapped value must be finite, was " + y + " for stored value " + values[p]);
      }
      out[p] = y;
    }
    return new CsrMatrix(rows, columns, rowPointers, columnIndices, out);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CsrMatrix)) {
      return false;
    }
    CsrMatrix m = (CsrMatrix) o;
    return rows == m.rows
        && columns == m.columns
        && Arrays.equals(rowPointers, m.rowPointers)
        && Arrays.equals(columnIndices, m.columnIndices)
        && Arrays.equals(values, m.values);
  }

  @Override
  public int hashCode() {
    int h = 31 * rows + columns;
    h = 31 * h + Arrays.hashCode(rowPointers);
    h = 31 * h + Arrays.hashCode(columnIndices);
    return 31 * h + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "SparseMatrix[" + rows + " x " + columns + ", " + values.length + " stored]";
  }
}
