package io.playknn.knn.brute;

/**
 * The one accumulation primitive of {@code brute}, where its bit-identity lives: every path that
 * forms a cosine similarity (single queries sparse, dense and two-phase; batch rows, head block,
 * Gram matrix) adds {@code q · x} one feature's list at a time through {@link #add}, over the
 * query's features in increasing order, into an accumulator that starts at zero. An item's sum is
 * the same products ({@code x * y == y * x}) in the same order whichever path computes it. {@link
 * #dot} forms the same sum along an item's row, for the items the two-phase query computes alone.
 */
final class Scatter {
  private Scatter() {}

  /**
   * Adds {@code q * values[s]} into {@code acc[offset + items[s]]} for each {@code s} in {@code
   * [from, to)}, in that order. With {@code seen} non-null, also appends each item not yet seen to
   * {@code touched} and marks it, and returns the new count; with {@code seen} null, {@code
   * touched} is not used and {@code count} is returned.
   */
  static int add(double q, int[] items, double[] values, int from, int to, double[] acc,
      int offset, boolean[] seen, int[] touched, int count) {
    for (int s = from; s < to; s++) {
      int j = items[s];
      if (seen != null && !seen[j]) {
        seen[j] = true;
        touched[count++] = j;
      }
      acc[offset + j] += q * values[s];
    }
    return count;
  }

  /**
   * Adds {@code q · row} for every item over the whole item list of each of the query's features
   * ({@link #add} feature by feature, in increasing order); returns the touched count as it does.
   */
  static int query(IndexLists lists, Query q, double[] acc, boolean[] seen, int[] touched) {
    int[] pointers = lists.featurePointers();
    int count = 0;
    for (int p = q.from(); p < q.to(); p++) {
      int f = q.features()[p];
      count = add(q.values()[p], lists.featureItems(), lists.featureValues(), pointers[f],
          pointers[f + 1], acc, 0, seen, touched, count);
    }
    return count;
  }

  /**
   * @return the dot product of a query spread out over the features ({@code spread[f]}, zero where
   *     the query has no entry) with {@code item}'s row, summed over the row's entries in feature
   *     order: the sum {@link #add} forms for that item, products and order the same
   */
  static double dot(IndexLists lists, int item, double[] spread) {
    int[] features = lists.itemFeatures();
    double[] values = lists.itemValues();
    double dot = 0;
    for (int p = lists.itemPointers()[item], end = lists.itemPointers()[item + 1]; p < end; p++) {
      dot += spread[features[p]] * values[p];
    }
    return dot;
  }
}
