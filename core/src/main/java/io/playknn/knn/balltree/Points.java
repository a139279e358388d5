package io.playknn.knn.balltree;

/**
 * The item vectors a ball tree is built over, in the space the tree searches (L2-normalised rows
 * for cosine, raw rows for Euclidean), addressed by row. Implementations are immutable; the query
 * methods use only the caller's {@link Query}.
 */
sealed interface Points permits DensePoints, SparsePoints {
  /** Relative slack on squared distances computed in floating point (generous on purpose). */
  double SQUARED_SLACK = 1e-10;

  /** @return number of rows */
  int size();

  /** @return number of dimensions */
  int dimension();

  /**
   * @param row a row
   * @return the squared L2 norm of the row, summed in dimension order
   */
  double squaredNorm(int row);

  /**
   * Adds the row to {@code sum}.
   *
   * @param row a row
   * @param sum a dense accumulator of {@link #dimension()} values
   */
  void addTo(int row, double[] sum);

  /**
   * Writes the row into {@code out} (every entry: zeros included).
   *
   * @param row a row
   * @param out dense output of {@link #dimension()} values
   */
  void copyTo(int row, double[] out);

  /**
   * @param row a row
   * @param dense a dense vector of {@link #dimension()} values
   * @return the dot product
   */
  double dot(int row, double[] dense);

  /**
   * An upper bound on the squared distance between a row and a dense point (used for node radii).
   *
   * @param row a row
   * @param c the dense point
   * @param cc its squared norm
   * @return at least {@code |row - c|²} as computed exactly
   */
  double squaredDistanceUpper(int row, double[] c, double cc);

  /**
   * A lower bound on the squared distance between the query and a dense point (a node centre).
   *
   * @param q the prepared query
   * @param c the dense point
   * @param cc its squared norm
   * @return at most {@code |q - c|²} as computed exactly; may be negative
   */
  double squaredDistanceLower(Query q, double[] c, double cc);

  /**
   * The distance reported for a row, computed exactly as the brute-force provider computes it, so
   * values (and so ties) agree bit for bit: cosine {@code 1 - dot} clipped to {@code [0, 2]} with
   * the dot product summed over shared dimensions in increasing order; Euclidean {@code sqrt} of the
   * sum of squared differences over the union of dimensions in increasing order.
   *
   * @param q the prepared query (normalised for cosine)
   * @param row a row
   * @param cosine the metric: cosine if true, Euclidean if false
   * @param bound the caller needs the exact value only if it is {@code <= bound}
   * @return the distance, or {@link Double#POSITIVE_INFINITY} if it is certainly above {@code bound}
   */
  double distance(Query q, int row, boolean cosine, double bound);

  /**
   * Puts a row into the query (as an indexed-item query).
   *
   * @param q the query to fill; its dense buffer must be all zeros
   * @param row a row
   */
  void loadQuery(Query q, int row);

  /**
   * @param order {@code order[newRow]} is the old row
   * @return the same points with rows in the new order
   */
  Points reorder(int[] order);

  /** @return cosine distance {@code 1 - dot} clipped to {@code [0, 2]}, as brute force reports */
  static double cosineDistance(double dot) {
    double d = 1.0 - dot;
    return d < 0 ? 0 : (d > 2 ? 2 : d);
  }
}
