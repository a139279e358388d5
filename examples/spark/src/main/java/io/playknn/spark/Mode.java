package io.playknn.spark;

/** How {@link NeighborJob} spreads the work over the executors. */
public enum Mode {
  /**
   * {@link #BROADCAST} when the index fits the memory budget of an executor ({@link
   * NeighborJob.Builder#memoryBudget}), else {@link #BLOCKED}.
   */
  AUTO,
  /**
   * The matrix is broadcast once; each executor fits the index from it once, and each task answers
   * a range of items with the library's batch query. Needs the whole index on every executor.
   */
  BROADCAST,
  /**
   * The items are cut into blocks; each task fits an index over two blocks and computes every
   * item's top {@code k} among them, and an item's partial lists are merged by (distance, index).
   * Needs two blocks on an executor, not the whole index.
   */
  BLOCKED
}
