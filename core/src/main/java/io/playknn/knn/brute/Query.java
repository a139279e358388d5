package io.playknn.knn.brute;

/**
 * One query of a brute-force path: the entries {@code [from, to)} of {@code features} (strictly
 * increasing) and {@code values}, in the index's value space, and the item it excludes.
 *
 * @param self the query's own item, excluded from its result, or {@link #NO_ITEM} (ad hoc)
 */
record Query(int[] features, double[] values, int from, int to, int self) {
  /** The {@code self} of an ad-hoc query: no item is excluded ({@code j != NO_ITEM} for all). */
  static final int NO_ITEM = -1;
}
