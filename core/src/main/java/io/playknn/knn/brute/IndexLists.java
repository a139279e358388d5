package io.playknn.knn.brute;

import io.playknn.matrix.SparseMatrix;

/**
 * The index's matrix in the two CSR views every brute-force path reads: items × features
 * ({@code item*}: pointers, features increasing within a row, values L2-normalised for cosine) and
 * its transpose ({@code feature*}: items increasing within a list, the same values). The arrays
 * are shared, never written after {@link #of}.
 */
record IndexLists(int[] itemPointers, int[] itemFeatures, double[] itemValues,
    int[] featurePointers, int[] featureItems, double[] featureValues) {

  /** Copies both views out of {@code m}. */
  static IndexLists of(SparseMatrix m) {
    SparseMatrix t = m.transpose();
    return new IndexLists(
        m.copyRowPointers(), m.copyColumnIndices(), m.copyValues(), t.copyRowPointers(),
        t.copyColumnIndices(), t.copyValues());
  }

  /** @return the number of items */
  int items() {
    return itemPointers.length - 1;
  }

  /** @return the number of features */
  int features() {
    return featurePointers.length - 1;
  }

  /** @return the number of stored entries of item {@code item} */
  int length(int item) {
    return itemPointers[item + 1] - itemPointers[item];
  }

  /** @return item {@code item}'s row as a query that excludes it */
  Query row(int item) {
    return new Query(itemFeatures, itemValues, itemPointers[item], itemPointers[item + 1], item);
  }

  /** @return the multiply-adds of a query: the summed lengths of its features' item lists */
  long updates(Query q) {
    long sum = 0;
    for (int p = q.from(); p < q.to(); p++) {
      sum += featurePointers[q.features()[p] + 1] - featurePointers[q.features()[p]];
    }
    return sum;
  }

  /**
   * The scan for a list's first entry past a split point.
   *
   * @return the first position in {@code [from, to)} of the increasing {@code items} whose item
   *     is at least {@code bound}, or {@code to}
   */
  static int firstAtLeast(int[] items, int from, int to, int bound) {
    int s = from;
    while (s < to && items[s] < bound) {
      s++;
    }
    return s;
  }

  /** @return per feature, the first position of its list with an item {@code >= bound} */
  int[] splits(int bound) {
    int[] splits = new int[features()];
    for (int f = 0; f < splits.length; f++) {
      splits[f] = firstAtLeast(featureItems, featurePointers[f], featurePointers[f + 1], bound);
    }
    return splits;
  }
}
