package io.playknn.benchmarks;

import io.playknn.matrix.SparseMatrix;

/**
 * The baseline: what the reference's scikit-learn {@code NearestNeighbors(metric="cosine",
 * algorithm="brute")} does, as a plain Java double loop. The matrix is densified (items × users,
 * float64), rows L2-normalised, every query scored against every item with a dense dot product,
 * and all candidates sorted to take the top {@code k}. Single-threaded.
 */
public final class DenseBaseline {
  private final double[][] rows;

  /**
   * @param items the item × user matrix to densify
   */
  public DenseBaseline(SparseMatrix items) {
    rows = new double[items.rows()][items.columns()];
    double[] norms = items.rowNorms();
    for (int r = 0; r < items.rows(); r++) {
      for (int p = items.rowStart(r); p < items.rowEnd(r); p++) {
        rows[r][items.columnAt(p)] = norms[r] == 0 ? 0 : items.valueAt(p) / norms[r];
      }
    }
  }

  /**
   * The {@code k} nearest items of {@code item} by cosine distance, itself excluded, ties by
   * lower index.
   *
   * @param item the query item
   * @param k how many
   * @return item indices, nearest first
   */
  public int[] kneighbors(int item, int k) {
    int n = rows.length;
    double[] query = rows[item];
    double[] distance = new double[n];
    Integer[] order = new Integer[n - 1];
    for (int j = 0, o = 0; j < n; j++) {
      double[] row = rows[j];
      double dot = 0;
      for (int c = 0; c < row.length; c++) {
        dot += query[c] * row[c];
      }
      distance[j] = 1 - dot;
      if (j != item) {
        order[o++] = j;
      }
    }
    java.util.Arrays.sort(
        order,
        (a, b) -> {
          int c = Double.compare(distance[a], distance[b]);
          return c != 0 ? c : Integer.compare(a, b);
        });
    int m = Math.min(k, n - 1);
    int[] out = new int[m];
    for (int i = 0; i < m; i++) {
      out[i] = order[i];
    }
    return out;
  }

  /**
   * @param k how many neighbours per item
   * @return every item's {@code k} nearest, row {@code i} for item {@code i}
   */
  public int[][] kneighborsAll(int k) {
    int[][] all = new int[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      all[i] = kneighbors(i, k);
    }
    return all;
  }
}
