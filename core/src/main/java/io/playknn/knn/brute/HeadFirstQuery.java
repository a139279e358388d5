package io.playknn.knn.brute;

import io.playknn.knn.spi.NeighborHeap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * {@link QueryPlan.Path#TWO_PHASE}: the single cosine top-k of a very popular item, bit-identical
 * to the one-pass {@link QueryPlan.Path#DENSE} form, whose accumulator of one double per item
 * outgrows a core's L2 on a large index. <em>Head</em>: the products for the items below {@link
 * #split} (a prefix of each list, items being in popularity order) into an accumulator that stays
 * in L2, selected into the heap. <em>Tail</em>: an item's dot product is at most {@code max|q| ·
 * Σ|x|} over its row ({@link #absSumBound} adds both sums' rounding); every tail item whose bound
 * cannot beat the heap's worst pair is skipped, the few left are computed by {@link Scatter#dot}.
 *
 * <p>Why a skipped item cannot be in the result: after the head phase the heap is full with
 * distances below 1, all of its {@code c} pairs at indices below {@code split}. A skipped item's
 * distance is at least the worst of them, and on a tie it loses by its larger index: it is not
 * among the {@code c} best, whatever enters the heap later.
 *
 * <p>The bound prunes only for the most popular items (small values); where it leaves much, the
 * tail lists are read again, slower than one pass. So at fit time the head phase of the heaviest
 * items (at least {@link #MIN_UPDATES} multiply-adds, at most {@link #MAX_EVALUATED}, until {@link
 * #STOP_AFTER_REJECTED} in a row fail) runs with {@code k = }{@link #EVALUATED_K}, and those whose
 * bound leaves little work are kept; a smaller {@code k} only raises the worst kept similarity.
 *
 * <p>Immutable and thread-safe; the scratch arrays are the caller's.
 */
final class HeadFirstQuery {
  /** Default first tail item: an accumulator of 2^16 doubles (512 KiB, half a 1 MiB L2). */
  static final int DEFAULT_SPLIT = 1 << 16;
  /** Items with fewer multiply-adds are not evaluated (their one-pass query is short). */
  static final long MIN_UPDATES = 1L << 20;
  /** At most this many items are evaluated at fit time, the heaviest first. */
  static final int MAX_EVALUATED = 64;
  /** The evaluation stops after this many rejections in a row (the bound prunes for the heaviest). */
  static final int STOP_AFTER_REJECTED = 8;
  /** The {@code k} of the evaluation: the two phases serve queries with at most this many. */
  static final int EVALUATED_K = 100;
  /** The tail is gathered only if its entries times this are at most its multiply-adds. */
  static final int GATHER_COST = 2;

  /** Unit roundoff of double arithmetic. */
  private static final double UNIT_ROUNDOFF = 0x1p-53;

  private final IndexLists lists;
  private final int size;
  private final int split;
  /** Per feature: the first position of its list whose item is at least {@link #split}. */
  private final int[] featureSplits;
  /** Per tail item {@code split + i}: {@link #absSumBound} of its row. */
  private final double[] tailBounds;
  /** The items that take the two phases (sorted). */
  private final int[] chosen;

  /**
   * @return the two-phase query over {@code lists} with the items it serves chosen, or null when
   *     the index has fewer than {@code 2 * split} items or no item is served
   */
  static HeadFirstQuery over(IndexLists lists, int split) {
    if (split < 1 || lists.items() / 2 < split) {
      return null;
    }
    HeadFirstQuery query = new HeadFirstQuery(lists, split, heaviest(lists));
    return query.chosen.length == 0 ? null : query;
  }

  /**
   * @return the at most {@link #MAX_EVALUATED} items with the most multiply-adds, at least {@link
   *     #MIN_UPDATES}
   */
  private static int[] heaviest(IndexLists lists) {
    // Multiply-adds (below 2^31) in the high bits, the item in the low 32 bits.
    long[] keys =
        IntStream.range(0, lists.items())
            .mapToLong(j -> (lists.updates(lists.row(j)) << 32) | j)
            .filter(key -> key >>> 32 >= MIN_UPDATES)
            .sorted()
            .toArray();
    int m = Math.min(keys.length, MAX_EVALUATED);
    return IntStream.range(0, m).map(i -> (int) keys[keys.length - 1 - i]).toArray();
  }

  /** Fits the splits and tail bounds for {@code split} in {@code [1, items]}, then chooses. */
  HeadFirstQuery(IndexLists lists, int split, int[] candidates) {
    this.lists = lists;
    this.size = lists.items();
    this.split = split;
    this.featureSplits = lists.splits(split);
    this.tailBounds = new double[size - split];
    for (int j = split; j < size; j++) {
      tailBounds[j - split] =
          absSumBound(lists.itemValues(), lists.itemPointers()[j], lists.itemPointers()[j + 1]);
    }
    this.chosen = choose(candidates);
  }

  /** Runs the head phase of each candidate in turn, keeping those whose bound leaves little work. */
  private int[] choose(int[] candidates) {
    double[] dots = new double[size];
    NeighborHeap heap = new NeighborHeap(0);
    int[] kept = new int[candidates.length];
    int n = 0;
    int rejected = 0;
    for (int c = 0; c < candidates.length && rejected < STOP_AFTER_REJECTED; c++) {
      int item = candidates[c];
      Query q = lists.row(item);
      heap.reset(Math.min(EVALUATED_K, size - 1));
      scatter(q, true, dots);
      CandidateSelection.denseSelect(item, 0, split, dots, heap);
      if (bounded(q, heap) != null) {
        kept[n++] = item;
        rejected = 0;
      } else {
        rejected++;
      }
    }
    kept = Arrays.copyOf(kept, n);
    Arrays.sort(kept);
    return kept;
  }

  /**
   * An upper bound of the absolute sum of {@code values[from, to)} that also covers the rounding
   * of any dot product with that row: with {@code n = to - from} and {@code u = 2^-53}, the
   * computed sum {@code S} is at least {@code (1 - γ_n) Σ|x|}, and a dot product summed in any
   * order is within {@code γ_n Σ|q_i x_i|} of its exact value (Higham, Accuracy and Stability of
   * Numerical Algorithms, §3.1; {@code γ_n = nu / (1 - nu)}). Scaling {@code S} by {@code 1 + (4n
   * + 8)u} covers both and the roundings of this product and of the query's multiplication by
   * {@code max|q|}, for any {@code n} below 2^31.
   */
  static double absSumBound(double[] values, int from, int to) {
    double sum = 0;
    for (int p = from; p < to; p++) {
      sum += Math.abs(values[p]);
    }
    return sum * (1 + (4.0 * (to - from) + 8) * UNIT_ROUNDOFF);
  }

  /** @return whether the query of {@code item} for {@code k} neighbours takes the two phases */
  boolean serves(int item, int k) {
    return k <= EVALUATED_K && Arrays.binarySearch(chosen, item) >= 0;
  }

  /** The items the two phases serve, in increasing order (tests). */
  int[] chosen() {
    return chosen.clone();
  }

  /**
   * Runs the query into {@code heap}, which the caller has reset to its capacity. Offers every item with a non-zero dot product that can be in the
   * result, as {@link CandidateSelection#denseSelect} does; the caller finishes a heap that is not
   * {@linkplain CandidateSelection#complete complete}. Any query is answered correctly; when the
   * bound leaves too much work the tail parts of the lists are scattered in a second pass.
   *
   * @param dots all zero, one per item; left all zero
   * @param spread all zero, one per feature; left all zero
   */
  void search(Query q, double[] dots, double[] spread, NeighborHeap heap) {
    scatter(q, true, dots);
    CandidateSelection.denseSelect(q.self(), 0, split, dots, heap);
    IntArrayList survivors = bounded(q, heap);
    if (survivors != null) {
      gather(q, survivors, spread, heap);
      return;
    }
    scatter(q, false, dots);
    CandidateSelection.denseSelect(q.self(), split, size, dots, heap);
  }

  /**
   * Adds {@code q · row} into {@code dots} ({@link Scatter#add}) from the head part of each of the
   * query's lists (the items below {@link #split}) or from the tail part.
   */
  private void scatter(Query q, boolean head, double[] dots) {
    int[] pointers = lists.featurePointers();
    for (int p = q.from(); p < q.to(); p++) {
      int f = q.features()[p];
      int lo = head ? pointers[f] : featureSplits[f];
      int hi = head ? featureSplits[f] : pointers[f + 1];
      Scatter.add(
          q.values()[p], lists.featureItems(), lists.featureValues(), lo, hi, dots, 0, null, null,
          0);
    }
  }

  /**
   * @return the tail items whose bound can beat the heap's worst pair, or null when the heap is
   *     not complete after the head phase or their entries times {@link #GATHER_COST} exceed the
   *     query's multiply-adds in the tail parts of its lists
   */
  private IntArrayList bounded(Query q, NeighborHeap heap) {
    if (!CandidateSelection.complete(heap) || heap.size() == 0) {
      return null;
    }
    double maxAbs = 0;
    long tailUpdates = 0;
    for (int p = q.from(); p < q.to(); p++) {
      maxAbs = Math.max(maxAbs, Math.abs(q.values()[p]));
      int f = q.features()[p];
      tailUpdates += lists.featurePointers()[f + 1] - featureSplits[f];
    }
    double worst = heap.worstDistance();
    long budget = tailUpdates / GATHER_COST;
    long work = 0;
    IntArrayList items = new IntArrayList();
    for (int j = split; j < size; j++) {
      if (CandidateSelection.cosineDistance(maxAbs * tailBounds[j - split]) < worst) {
        work += lists.length(j);
        if (work > budget) {
          return null;
        }
        items.add(j);
      }
    }
    return items;
  }

  /** Computes the listed tail items' dot products against the spread-out query and offers them. */
  private void gather(Query q, IntArrayList items, double[] spread, NeighborHeap heap) {
    int count = items.size();
    if (count == 0) {
      return;
    }
    for (int p = q.from(); p < q.to(); p++) {
      spread[q.features()[p]] = q.values()[p];
    }
    for (int c = 0; c < count; c++) {
      int j = items.getInt(c);
      double dot = Scatter.dot(lists, j, spread);
      if (dot != 0 && j != q.self()) {
        heap.offer(j, CandidateSelection.cosineDistance(dot));
      }
    }
    for (int p = q.from(); p < q.to(); p++) {
      spread[q.features()[p]] = 0;
    }
  }
}
