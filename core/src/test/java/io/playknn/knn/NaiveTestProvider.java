package io.playknn.knn;

import io.playknn.knn.spi.NeighborOrder;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;

/**
 * A provider defined in test code, registered through {@code META-INF/services} on the test class
 * path: the simplest correct implementation (a double loop over every pair, densified rows). It
 * proves the SPI picks up third-party providers, and it is the oracle of the property tests.
 */
public final class NaiveTestProvider implements NearestNeighborsProvider {
  /** The name tests select it by. */
  public static final String NAME = "naive_test";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public NearestNeighbors fit(SparseMatrix items, KnnOptions options) {
    return new Naive(items, options);
  }

  /** Dense float64 distances, computed the textbook way. */
  static final class Naive implements NearestNeighbors {
    private final double[][] rows;
    private final KnnOptions options;
    private final int dimension;

    Naive(SparseMatrix items, KnnOptions options) {
      this.options = options;
      this.dimension = items.columns();
      this.rows = new double[items.rows()][dimension];
      for (int r = 0; r < items.rows(); r++) {
        for (int p = items.rowStart(r); p < items.rowEnd(r); p++) {
          rows[r][items.columnAt(p)] = items.valueAt(p);
        }
      }
    }

    /** Distance between two dense vectors under the metric. */
    static double distance(Metric metric, double[] a, double[] b) {
      if (metric == Metric.EUCLIDEAN) {
        double s = 0;
        for (int c = 0; c < a.length; c++) {
          double d = a[c] - b[c];
          s += d * d;
        }
        return Math.sqrt(s);
      }
      double[] na = normalized(a);
      double[] nb = normalized(b);
      double dot = 0;
      for (int c = 0; c < a.length; c++) {
        dot += na[c] * nb[c];
      }
      return Math.min(2, Math.max(0, 1 - dot));
    }

    static double[] normalized(double[] a) {
      double s = 0;
      for (double v : a) {
        s += v * v;
      }
      double norm = Math.sqrt(s);
      double[] out = a.clone();
      if (norm != 0) {
        for (int c = 0; c < out.length; c++) {
          out[c] /= norm;
        }
      }
      return out;
    }

    private Neighbors all(double[] q, int self, double radius) {
      int[] idx = new int[rows.length];
      double[] dist = new double[rows.length];
      int n = 0;
      for (int j = 0; j < rows.length; j++) {
        if (j == self) {
          continue;
        }
        double d = distance(options.metric(), q, rows[j]);
        if (d <= radius) {
          idx[n] = j;
          dist[n++] = d;
        }
      }
      return NeighborOrder.sorted(idx, dist, n);
    }

    private double[] dense(SparseVector v) {
      if (v.dimension() != dimension) {
        throw new IllegalArgumentException(
            "query dimension must equal " + dimension + ", was " + v.dimension());
      }
      double[] q = new double[dimension];
      for (int i = 0; i < v.size(); i++) {
        q[v.indexAt(i)] = v.valueAt(i);
      }
      return q;
    }

    private static void checkK(int k) {
      if (k < 1) {
        throw new IllegalArgumentException("k must be >= 1, was " + k);
      }
    }

    private void checkItem(int item) {
      if (item < 0 || item >= rows.length) {
        throw new IndexOutOfBoundsException("item must be in [0, " + rows.length + "), was " + item);
      }
    }

    private static void checkRadius(double radius) {
      if (!(radius >= 0)) {
        throw new IllegalArgumentException("radius must be >= 0, was " + radius);
      }
    }

    @Override
    public int size() {
      return rows.length;
    }

    @Override
    public int dimension() {
      return dimension;
    }

    @Override
    public KnnOptions options() {
      return options;
    }

    @Override
    public Neighbors kneighbors(int item, int k) {
      checkItem(item);
      checkK(k);
      return all(rows[item], item, Double.POSITIVE_INFINITY).head(k);
    }

    @Override
    public Neighbors kneighbors(SparseVector query, int k) {
      checkK(k);
      return all(dense(query), -1, Double.POSITIVE_INFINITY).head(k);
    }

    @Override
    public Neighbors radiusNeighbors(int item, double radius) {
      checkItem(item);
      checkRadius(radius);
      return all(rows[item], item, radius);
    }

    @Override
    public Neighbors radiusNeighbors(SparseVector query, double radius) {
      checkRadius(radius);
      return all(dense(query), -1, radius);
    }
  }
}
