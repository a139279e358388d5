package io.playknn.knn.brute;

import io.playknn.matrix.SparseMatrix;

/**
 * The two views of an index's matrix that the brute-force kernels read: items × features (CSR)
 * and its transpose, features × items, with the same values.
 *
 * @param itemPointers CSR pointers of the item rows
 * @param itemFeatures feature of each entry, increasing within an item
 * @param itemValues value of each entry (L2-normalised for cosine)
 * @param featurePointers CSR pointers of the feature × item lists
 * @param featureItems item of each entry, increasing within a feature
 * @param featureValues value of each entry, as in the item rows
 */
record IndexLists(
    int[] itemPointers,
    int[] itemFeatures,
    double[] itemValues,
    int[] featurePointers,
    int[] featureItems,
    double[] featureValues) {

  /** Copies both views out of {@code m}. */
  static IndexLists of(SparseMatrix m) {
    SparseMatrix t = m.transpose();
    return new IndexLists(
        m.copyRowPointers(), m.copyColumnIndices(), m.copyValues(), t.copyRowPointers(),
        t.copyColumnIndices(), t.copyValues());
  }

  /** The number of items. */
  int items() {
    return itemPointers.length - 1;
  }

  /** The number of features. */
  int features() {
    return featurePointers.length - 1;
  }

  /** The multiply-adds of item {@code item}'s query ({@link BruteForceIndex#updates}). */
  long updates(int item) {
    return BruteForceIndex.updates(
        featurePointers, itemFeatures, itemPointers[item], itemPointers[item + 1]);
  }
}
