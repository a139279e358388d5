package io.playknn.knn.balltree;

/**
 * One query being answered, owned by one thread: the vector in dense form (always) and in sparse
 * form ({@code indices}/{@code values} between {@code from} and {@code to}), with its squared norm.
 * Reused from query to query; {@link #clear()} restores the dense buffer to zeros.
 */
final class Query {
  final double[] dense;
  int[] indices;
  double[] values;
  int from;
  int to;
  double squaredNorm;
  /** Whether the dense buffer may hold non-zeros outside {@code indices} (dense rows). */
  boolean denseFilled;

  Query(int dimension) {
    this.dense = new double[dimension];
  }

  /** Sets the sparse form and scatters it into the dense buffer, which must be zero. */
  void setSparse(int[] indices, double[] values, int from, int to) {
    this.indices = indices;
    this.values = values;
    this.from = from;
    this.to = to;
    double sum = 0;
    for (int p = from; p < to; p++) {
      dense[indices[p]] = values[p];
      sum += values[p] * values[p];
    }
    this.squaredNorm = sum;
    this.denseFilled = false;
  }

  /** Restores the dense buffer to zeros. */
  void clear() {
    if (denseFilled) {
      java.util.Arrays.fill(dense, 0.0);
    } else {
      for (int p = from; p < to; p++) {
        dense[indices[p]] = 0.0;
      }
    }
    indices = null;
    values = null;
    from = 0;
    to = 0;
    denseFilled = false;
  }
}
