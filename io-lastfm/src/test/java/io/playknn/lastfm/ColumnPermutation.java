package io.playknn.lastfm;

import io.playknn.matrix.SparseMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether two matrices are equal up to a permutation of columns, rows being matched by
 * name. This is the sound comparison for the reference matrix: its rows are named (artists.tsv)
 * but its columns are anonymous users whose labels in the raw subset may be shifted (README), and
 * this file's user totals may be divided by a common factor, so user rank order differs. Two
 * matrices are equal up to column permutation if and only if their multisets of columns are
 * equal; each column is written as its sorted list of (row, value) pairs in a shared row space,
 * the columns are sorted by pattern (their row indices) and then by values, and compared pairwise
 * within the tolerance. On the reference matrix the patterns are nearly all distinct (9,991 of
 * 9,994 columns), so the pairing is by pattern; the values differ by at most 1.2e-16 (the raw
 * subset's counts reproduce the per-user ratios to the last bit or so, README).
 */
final class ColumnPermutation {
  private ColumnPermutation() {}

  /**
   * @param expected the matrix to match
   * @param expectedRowToActualRow row of {@code actual} for each row of {@code expected}
   * @param actual the other matrix
   * @param tolerance largest absolute difference allowed per value
   * @return null if equal up to column permutation, else a description of the first difference
   */
  static String difference(
      SparseMatrix expected, int[] expectedRowToActualRow, SparseMatrix actual, double tolerance) {
    if (expected.rows() != actual.rows() || expected.columns() != actual.columns()
        || expected.nonZeros() != actual.nonZeros()) {
      return String.format(Locale.ROOT, "shapes differ: %dx%d (%d nnz) vs %dx%d (%d nnz)",
          expected.rows(), expected.columns(), expected.nonZeros(),
          actual.rows(), actual.columns(), actual.nonZeros());
    }
    int[] identity = new int[actual.rows()];
    Arrays.setAll(identity, i -> i);
    List<double[]> a = columns(expected, expectedRowToActualRow);
    List<double[]> b = columns(actual, identity);
    for (int i = 0; i < a.size(); i++) {
      double[] x = a.get(i);
      double[] y = b.get(i);
      if (x.length != y.length) {
        return "column " + i + " of the sorted columns: lengths " + x.length / 2 + " vs " + y.length / 2;
      }
      for (int k = 0; k < x.length; k += 2) {
        if (x[k] != y[k]) {
          return "column " + i + " of the sorted columns: row " + x[k] + " vs " + y[k];
        }
        if (Math.abs(x[k + 1] - y[k + 1]) > tolerance) {
          return "column " + i + " of the sorted columns, row " + x[k] + ": " + x[k + 1] + " vs " + y[k + 1];
        }
      }
    }
    return null;
  }

  /** Each column as (row, value, row, value, ...) sorted by row, the columns sorted. */
  private static List<double[]> columns(SparseMatrix m, int[] rowMap) {
    SparseMatrix t = m.transpose();
    List<double[]> cols = new ArrayList<>(t.rows());
    for (int c = 0; c < t.rows(); c++) {
      int n = t.rowNonZeros(c);
      long[] order = new long[n];
      double[] values = new double[n];
      for (int k = 0; k < n; k++) {
        int p = t.rowStart(c) + k;
        order[k] = ((long) rowMap[t.columnAt(p)] << 32) | k;
        values[k] = t.valueAt(p);
      }
      Arrays.sort(order);
      double[] col = new double[2 * n];
      for (int k = 0; k < n; k++) {
        col[2 * k] = (double) (order[k] >>> 32);
        col[2 * k + 1] = values[(int) order[k]];
      }
      cols.add(col);
    }
    cols.sort(LEXICOGRAPHIC);
    return cols;
  }

  /**
   * Orders columns by their pattern (length, then the row indices) and only then by their values,
   * so that values differing in the last bit cannot reorder columns of different patterns.
   */
  private static final Comparator<double[]> LEXICOGRAPHIC =
      (x, y) -> {
        if (x.length != y.length) {
          return Integer.compare(x.length, y.length);
        }
        for (int k = 0; k < x.length; k += 2) {
          int c = Double.compare(x[k], y[k]);
          if (c != 0) {
            return c;
          }
        }
        for (int k = 1; k < x.length; k += 2) {
          int c = Double.compare(x[k], y[k]);
          if (c != 0) {
            return c;
          }
        }
        return 0;
      };
}
