package io.playknn.knn.balltree;

import io.playknn.internal.SparseMath;

/** Rows of a dense row-major array. Immutable. */
final class DensePoints implements Points {
  private final int rows;
  private final int dimension;
  private final double[] data;

  /** Takes ownership of {@code data} ({@code rows * dimension} values, row-major). */
  DensePoints(int rows, int dimension, double[] data) {
    this.rows = rows;
    this.dimension = dimension;
    this.data = data;
  }

  @Override
  public int size() {
    return rows;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public double squaredNorm(int row) {
    double sum = 0;
    for (int j = 0, o = row * dimension; j < dimension; j++) {
      sum += data[o + j] * data[o + j];
    }
    return sum;
  }

  @Override
  public void addTo(int row, double[] sum) {
    for (int j = 0, o = row * dimension; j < dimension; j++) {
      sum[j] += data[o + j];
    }
  }

  @Override
  public void copyTo(int row, double[] out) {
    System.arraycopy(data, row * dimension, out, 0, dimension);
  }

  @Override
  public double dot(int row, double[] dense) {
    double sum = 0;
    for (int j = 0, o = row * dimension; j < dimension; j++) {
      sum += data[o + j] * dense[j];
    }
    return sum;
  }

  private double squaredDistance(int row, double[] c) {
    double sum = 0;
    for (int j = 0, o = row * dimension; j < dimension; j++) {
      double diff = data[o + j] - c[j];
      sum += diff * diff;
    }
    return sum;
  }

  @Override
  public double squaredDistanceUpper(int row, double[] c, double cc) {
    // A sum of non-negative terms: relative error below (dimension + 2) ulps.
    return squaredDistance(row, c) * (1 + SQUARED_SLACK);
  }

  @Override
  public double squaredDistanceLower(Query q, double[] c, double cc) {
    double[] x = q.dense;
    double sum = 0;
    for (int j = 0; j < dimension; j++) {
      double diff = x[j] - c[j];
      sum += diff * diff;
    }
    return sum * (1 - SQUARED_SLACK);
  }

  @Override
  public double distance(Query q, int row, boolean cosine, double bound) {
    double[] x = q.dense;
    int o = row * dimension;
    double sum = 0;
    if (cosine) {
      // Terms with a zero factor add +-0 and leave the sum as brute force's sparse sum.
      for (int j = 0; j < dimension; j++) {
        sum += x[j] * data[o + j];
      }
      return Points.cosineDistance(sum);
    }
    // Partial sums never decrease: stop once past the bound (with room for the rounding of sqrt).
    double limit =
        bound == Double.POSITIVE_INFINITY ? Double.POSITIVE_INFINITY : bound * bound * (1 + 1e-12);
    int j = 0;
    while (j < dimension) {
      int blockEnd = Math.min(dimension, j + 4);
      for (; j < blockEnd; j++) {
        double diff = x[j] - data[o + j];
        sum += diff * diff;
      }
      if (sum > limit) {
        return Double.POSITIVE_INFINITY;
      }
    }
    // As SparseMath.distance on the sparse forms: rescaled when the squares overflow or underflow.
    return sum >= Double.MIN_NORMAL && sum != Double.POSITIVE_INFINITY
        ? Math.sqrt(sum)
        : SparseMath.scaledDistance(x, 0, data, o, dimension);
  }

  @Override
  public void loadQuery(Query q, int row) {
    copyTo(row, q.dense);
    q.squaredNorm = squaredNorm(row);
    q.denseFilled = true;
  }

  @Override
  public Points reorder(int[] order) {
    double[] out = new double[order.length * dimension];
    for (int r = 0; r < order.length; r++) {
      System.arraycopy(data, order[r] * dimension, out, r * dimension, dimension);
    }
    return new DensePoints(order.length, dimension, out);
  }
}
