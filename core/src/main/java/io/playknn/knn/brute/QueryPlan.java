package io.playknn.knn.brute;

import io.playknn.internal.Checks;
import java.util.stream.IntStream;

/**
 * The one place where a cosine query's path is chosen (see {@code docs/ARCHITECTURE.md}). Every
 * path sums with {@link Scatter} and keeps the same (distance, index) pairs: the choice changes
 * the time, never the result. {@link Path#SPARSE}: accumulate with a touched list, select among
 * the touched items, rank the items sharing no user (distance 1) by index; radius and Euclidean
 * queries always take it. {@link Path#DENSE}: at least {@code items / }{@value #DENSE_FRACTION}
 * multiply-adds, accumulate without bookkeeping and scan in index order. {@link Path#TWO_PHASE}:
 * the top-k of an item {@link HeadFirstQuery} chose at fit time. A batch ({@link #kernel}) takes
 * {@link GramCosineBatch} when the item × item matrix fits and the batch covers an eighth of the
 * items, else {@link RowBatch} (rows on {@link #row}'s path, the first {@link #headRows} of the
 * all-items table a {@link HeadBlock}). Whatever cannot fill {@code k} places below distance 1 is
 * finished on the single-query {@link Path#SPARSE} path. Immutable.
 */
final class QueryPlan {
  /** A single query's or a batch row's path. */
  enum Path { SPARSE, DENSE, TWO_PHASE }

  /** A batch's kernel; {@code AUTO} is the rule above. */
  enum Kernel { AUTO, GRAM, ROWS }

  /**
   * The plan's settings: hooks for tests and benchmarks, not options (every setting gives the same
   * results). {@code headSize} in {@code [0, HeadBlock.MAX_HEAD]} and {@code querySplit >= 0}
   * (the first tail item of {@link HeadFirstQuery}); 0 turns either off.
   */
  record Tuning(Kernel kernel, int headSize, int querySplit) {
    /** What a fitted index uses. */
    static final Tuning DEFAULT =
        new Tuning(Kernel.AUTO, HeadBlock.DEFAULT_HEAD, HeadFirstQuery.DEFAULT_SPLIT);

    Tuning {
      Checks.require(headSize >= 0 && headSize <= HeadBlock.MAX_HEAD,
          "headSize must be in [0, %d], was %d", HeadBlock.MAX_HEAD, headSize);
      Checks.require(querySplit >= 0, "querySplit must be >= 0, was %d", querySplit);
    }
  }

  /** A query with at least {@code items / DENSE_FRACTION} multiply-adds takes the dense path. */
  static final int DENSE_FRACTION = 4;

  private final IndexLists lists;
  private final Tuning tuning;
  // The two-phase queries of the most popular items, or null.
  private final HeadFirstQuery headFirst;

  /** Plans for a cosine index's lists; {@link Kernel#GRAM} only for at most 2,048 items. */
  QueryPlan(IndexLists lists, Tuning tuning) {
    Checks.require(tuning.kernel() != Kernel.GRAM || GramCosineBatch.fits(lists.items()),
        "kernel GRAM needs at most 2,048 items, was %d", lists.items());
    this.lists = lists;
    this.tuning = tuning;
    this.headFirst = HeadFirstQuery.over(lists, tuning.querySplit());
  }

  /** @return the path of a cosine top-{@code k} of {@code self} (or NO_ITEM), given its multiply-adds */
  Path single(int self, int k, long updates) {
    if (self != Query.NO_ITEM && headFirst != null && headFirst.serves(self, k)) {
      return Path.TWO_PHASE;
    }
    return row(updates);
  }

  /** @return the path of a batch row, or a single query that is not two-phase */
  Path row(long updates) {
    return updates >= lists.items() / DENSE_FRACTION ? Path.DENSE : Path.SPARSE;
  }

  /** @return the kernel for a batch of {@code queries} items */
  Kernel kernel(int queries) {
    if (tuning.kernel() != Kernel.AUTO) {
      return tuning.kernel();
    }
    int size = lists.items();
    return GramCosineBatch.fits(size) && queries >= size / 8 ? Kernel.GRAM : Kernel.ROWS;
  }

  /** @return the head rows of a {@link Kernel#ROWS} batch (0 unless all items in order) */
  int headRows(int[] queries) {
    boolean everyItemInOrder = queries.length == lists.items()
        && IntStream.range(0, queries.length).allMatch(i -> queries[i] == i);
    return everyItemInOrder ? Math.min(tuning.headSize(), queries.length) : 0;
  }

  /** @return the two-phase query, or null when {@link #single} never takes it */
  HeadFirstQuery headFirst() {
    return headFirst;
  }

  /** @return the items whose single queries take the two phases, increasing (tests) */
  int[] twoPhaseItems() {
    return headFirst == null ? new int[0] : headFirst.chosen();
  }
}
