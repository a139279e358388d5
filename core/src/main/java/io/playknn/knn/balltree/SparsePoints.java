package io.playknn.knn.balltree;

import io.playknn.internal.SparseMath;

/** Rows of a CSR matrix; distances to dense centres via norms and sparse-dense dots. Immutable. */
final class SparsePoints implements Points {
  private final int dimension;
  private final int[] pointers;
  private final int[] columns;
  private final double[] values;
  private final double[] squaredNorms;

  /** Takes ownership of the CSR arrays (columns increasing within a row). */
  SparsePoints(int dimension, int[] pointers, int[] columns, double[] values) {
    this.dimension = dimension;
    this.pointers = pointers;
    this.columns = columns;
    this.values = values;
    int rows = pointers.length - 1;
    this.squaredNorms = new double[rows];
    for (int r = 0; r < rows; r++) {
      double sum = 0;
      for (int p = pointers[r]; p < pointers[r + 1]; p++) {
        sum += values[p] * values[p];
      }
      squaredNorms[r] = sum;
    }
  }

  @Override
  public int size() {
    return squaredNorms.length;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public double squaredNorm(int row) {
    return squaredNorms[row];
  }

  @Override
  public void addTo(int row, double[] sum) {
    for (int p = pointers[row]; p < pointers[row + 1]; p++) {
      sum[columns[p]] += values[p];
    }
  }

  @Override
  public void copyTo(int row, double[] out) {
    java.util.Arrays.fill(out, 0.0);
    for (int p = pointers[row]; p < pointers[row + 1]; p++) {
      out[columns[p]] = values[p];
    }
  }

  @Override
  public double dot(int row, double[] dense) {
    double sum = 0;
    for (int p = pointers[row]; p < pointers[row + 1]; p++) {
      sum += values[p] * dense[columns[p]];
    }
    return sum;
  }

  @Override
  public double squaredDistanceUpper(int row, double[] c, double cc) {
    double xx = squaredNorms[row];
    double s = xx + cc - 2 * dot(row, c);
    return Math.max(0, s) + SQUARED_SLACK * (xx + cc);
  }

  @Override
  public double squaredDistanceLower(Query q, double[] c, double cc) {
    double dot = 0;
    for (int p = q.from; p < q.to; p++) {
      dot += q.values[p] * c[q.indices[p]];
    }
    return squaredDistanceLower(q.squaredNorm, cc, dot);
  }

  /**
   * @param qq the query's squared norm
   * @param cc the centre's squared norm
   * @param dot their dot product
   * @return a lower bound on the squared distance, allowing for cancellation
   */
  static double squaredDistanceLower(double qq, double cc, double dot) {
    return qq + cc - 2 * dot - SQUARED_SLACK * (qq + cc);
  }

  @Override
  public double distance(Query q, int row, boolean cosine, double bound) {
    double[] x = q.dense;
    double dot = 0;
    // Over the row's entries in increasing column order: the products with a stored query value
    // are brute force's terms in brute force's order; the others add +-0 and change nothing.
    for (int p = pointers[row]; p < pointers[row + 1]; p++) {
      dot += x[columns[p]] * values[p];
    }
    if (cosine) {
      return Points.cosineDistance(dot);
    }
    if (bound != Double.POSITIVE_INFINITY) {
      double qq = q.squaredNorm;
      double xx = squaredNorms[row];
      double low = qq + xx - 2 * dot - SQUARED_SLACK * (qq + xx);
      // An overflowing bound (squares beyond Double.MAX_VALUE) proves nothing.
      if (low > 0 && low != Double.POSITIVE_INFINITY && Math.sqrt(low) * (1 - 1e-12) > bound) {
        return Double.POSITIVE_INFINITY;
      }
    }
    return SparseMath.distance(
        q.indices, q.values, q.from, q.to, columns, values, pointers[row], pointers[row + 1]);
  }

  @Override
  public void loadQuery(Query q, int row) {
    q.setSparse(columns, values, pointers[row], pointers[row + 1]);
  }

  @Override
  public Points reorder(int[] order) {
    int[] outPointers = new int[order.length + 1];
    for (int r = 0; r < order.length; r++) {
      outPointers[r + 1] = outPointers[r] + pointers[order[r] + 1] - pointers[order[r]];
    }
    int[] outColumns = new int[outPointers[order.length]];
    double[] outValues = new double[outPointers[order.length]];
    for (int r = 0; r < order.length; r++) {
      int from = pointers[order[r]];
      int length = pointers[order[r] + 1] - from;
      System.arraycopy(columns, from, outColumns, outPointers[r], length);
      System.arraycopy(values, from, outValues, outPointers[r], length);
    }
    return new SparsePoints(dimension, outPointers, outColumns, outValues);
  }
}
