package io.playknn.recommend;

import io.playknn.internal.Checks;
import io.playknn.internal.Parallel;
import io.playknn.internal.ScratchPool;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.knn.ProgressListener;
import io.playknn.knn.Neighbors;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * {@link Recommender} that scores a history from per-item lists ({@link ItemLists}): every
 * history item {@code h} weighted {@code w} adds {@code w × weight(h, r)} to each candidate of its
 * list. Item-kNN (the first {@code neighbors} entries of a precomputed neighbour table, or the
 * {@link Scoring} variants' lists), RP3beta and EASE^R differ only in their lists and their
 * similar-items query. Immutable and thread-safe. Scratch space is borrowed per
 * call from a pool that keeps at most {@code threads} buffers of 18 bytes per item each (a query
 * beyond those in flight makes one more, which is dropped afterwards).
 */
final class ItemKnnRecommender implements Recommender {
  /** The similar-items query of one kind of recommender. */
  interface SimilarItems {
    /**
     * @param item a checked item index
     * @param n a checked count
     * @return exactly {@code min(n, size - 1)} items, descending score, ties by lower index
     */
    Recommendations similar(int item, int n);
  }

  private final SparseMatrix itemsByUsers;
  private final ItemNames names;
  private final int neighbors;
  private final int threads;
  private final int size;
  private final ItemLists table;
  private final SimilarItems similarItems;
  private final String description;
  private final boolean fromNeighborTable;
  private final Executor executor;
  private final ScratchPool<Workspace> workspaces;

  ItemKnnRecommender(
      SparseMatrix itemsByUsers,
      ItemNames names,
      int neighbors,
      int threads,
      ItemLists lists,
      SimilarItems similarItems,
      String description,
      boolean fromNeighborTable,
      Executor executor) {
    this.itemsByUsers = itemsByUsers;
    this.names = names;
    this.neighbors = neighbors;
    this.threads = threads;
    this.size = itemsByUsers.rows();
    this.table = lists;
    this.similarItems = similarItems;
    this.description = description;
    this.fromNeighborTable = fromNeighborTable;
    this.executor = executor;
    int n = size;
    this.workspaces = new ScratchPool<>(threads, () -> new Workspace(n));
  }

  /** The reference recommender: a cosine index's neighbour table, similarity 1 - distance. */
  static ItemKnnRecommender ofTable(
      NearestNeighbors knn,
      SparseMatrix itemsByUsers,
      ItemNames names,
      int neighbors,
      int threads,
      NeighborTable table,
      boolean fromNeighborTable) {
    // The table row is the item's first `neighbors` in contract order; its prefix is the top n.
    SimilarItems similar =
        (item, n) -> {
          Neighbors found = n <= neighbors ? table.row(item).head(n) : knn.kneighbors(item, n);
          int[] items = found.indices();
          double[] scores = found.distances();
          for (int i = 0; i < scores.length; i++) {
            scores[i] = 1.0 - scores[i];
          }
          return Recommendations.trusted(items, scores);
        };
    return new ItemKnnRecommender(
        itemsByUsers,
        names,
        neighbors,
        threads,
        ItemLists.of(table, neighbors),
        similar,
        "item-kNN[" + knn.size() + " items, " + neighbors + " neighbours per item, cosine]",
        fromNeighborTable,
        knn.options().executor());
  }

  /**
   * The checks every builder of a recommender over {@code items} items makes of its common
   * settings.
   */
  static void checkCommon(int items, ItemNames names, int threads) {
    Checks.atLeast("threads", threads, 1);
    Checks.atLeast("items", items, 2);
    Checks.require(
        names == null || names.size() == items,
        "names must name every item (%d), named %d",
        items,
        names == null ? 0 : names.size());
  }

  /** Item-kNN with a {@link Scoring} variant, from the exact sparse kernel. */
  static ItemKnnRecommender ofScoring(
      SparseMatrix itemsByUsers,
      ItemNames names,
      int neighbors,
      int threads,
      Scoring scoring,
      Executor executor) {
    SparseMatrix byUser = itemsByUsers.transpose();
    SimilarityLists.Form form = SimilarityLists.Form.of(itemsByUsers, byUser, scoring);
    ItemLists lists =
        scoring.neighbourhood() == Scoring.Neighbourhood.HISTORY
            ? SimilarityLists.history(form, neighbors, threads)
            : SimilarityLists.candidate(form, byUser, itemsByUsers, neighbors, threads);
    return new ItemKnnRecommender(
        itemsByUsers,
        names,
        neighbors,
        threads,
        lists,
        (item, n) -> rankRow(SimilarityLists.row(form, item), item, n),
        "item-kNN[" + itemsByUsers.rows() + " items, " + neighbors + " neighbours per item, "
            + scoring + "]",
        false,
        executor);
  }

  /**
   * Ranks every item other than {@code item} by a dense score row (descending, ties by lower
   * index) and keeps the first {@code n}.
   */
  static Recommendations rankRow(double[] row, int item, int n) {
    int[] order = new int[row.length - 1];
    for (int j = 0, o = 0; j < row.length; j++) {
      if (j != item) {
        order[o++] = j;
      }
    }
    IntArrays.quickSort(order, (a, b) -> compare(row, a, b));
    int want = Math.min(n, order.length);
    int[] items = java.util.Arrays.copyOf(order, want);
    double[] scores = new double[want];
    for (int r = 0; r < want; r++) {
      scores[r] = row[items[r]];
    }
    return Recommendations.trusted(items, scores);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int neighbors() {
    return neighbors;
  }

  @Override
  public Optional<ItemNames> names() {
    return Optional.ofNullable(names);
  }

  @Override
  public boolean fromNeighborTable() {
    return fromNeighborTable;
  }

  private ItemNames requireNames() {
    if (names == null) {
      throw new IllegalStateException(
          "this recommender has no item names; give them to Recommender.Builder.names");
    }
    return names;
  }

  @Override
  public Recommendations similar(int item, int n) {
    Checks.index("item", item, size, "items");
    Checks.atLeast("n", n, 1);
    return similarItems.similar(item, n);
  }

  @Override
  public Recommendations similar(String name, int n) {
    return similar(requireNames().index(name), n);
  }

  @Override
  public SparseVector history(Map<String, ? extends Number> weights) {
    Objects.requireNonNull(weights, "weights");
    ItemNames known = requireNames();
    int[] items = new int[weights.size()];
    double[] values = new double[weights.size()];
    int i = 0;
    for (Map.Entry<String, ? extends Number> e : weights.entrySet()) {
      items[i] = known.index(Objects.requireNonNull(e.getKey(), "weights key"));
      values[i] = Objects.requireNonNull(e.getValue(), "weights value").doubleValue();
      checkWeight(e.getKey(), values[i]);
      i++;
    }
    return SparseVector.of(size, items, values);
  }

  private static void checkWeight(Object item, double weight) {
    Checks.require(
        Double.isFinite(weight) && weight >= 0,
        "history weight of item %s must be finite and >= 0, was %s",
        item,
        weight);
  }

  private void checkHistory(SparseVector history) {
    Objects.requireNonNull(history, "history");
    Checks.require(
        history.dimension() == size,
        "history dimension must equal the number of items %d, was %d",
        size,
        history.dimension());
    for (int i = 0; i < history.size(); i++) {
      checkWeight(history.indexAt(i), history.valueAt(i));
    }
  }

  @Override
  public Recommendations recommend(SparseVector history, int n) {
    checkHistory(history);
    Checks.atLeast("n", n, 1);
    Workspace w = workspaces.borrow();
    int touched = accumulate(w, history);
    try {
      return rank(w, touched, history.size(), n);
    } finally {
      w.clear(touched, history);
      workspaces.release(w);
    }
  }

  @Override
  public Recommendations recommend(Map<String, ? extends Number> weights, int n) {
    return recommend(history(weights), n);
  }

  @Override
  public Recommendations basket(int[] items, int n) {
    Objects.requireNonNull(items, "items");
    Checks.require(items.length > 0, "basket must hold at least one item, was empty");
    int[] distinct = Arrays.stream(items).distinct().toArray();
    for (int item : distinct) {
      Checks.index("item", item, size, "items");
    }
    double[] weights = new double[distinct.length];
    Arrays.fill(weights, 1.0 / distinct.length);
    return recommend(SparseVector.of(size, distinct, weights), n);
  }

  @Override
  public Recommendations basket(Collection<String> names, int n) {
    Objects.requireNonNull(names, "names");
    ItemNames known = requireNames();
    int[] items = new int[names.size()];
    int i = 0;
    for (String name : names) {
      items[i++] = known.index(Objects.requireNonNull(name, "names element"));
    }
    return basket(items, n);
  }

  /**
   * Marks the history and adds {@code weight × similarity} to every neighbour outside it, history
   * items in increasing index order; returns the number of touched items.
   */
  private int accumulate(Workspace w, SparseVector history) {
    for (int i = 0; i < history.size(); i++) {
      w.inHistory[history.indexAt(i)] = true;
    }
    int touched = 0;
    for (int i = 0; i < history.size(); i++) {
      int h = history.indexAt(i);
      double weight = history.valueAt(i);
      for (int r = 0, count = table.count(h); r < count; r++) {
        int j = table.index(h, r);
        if (w.inHistory[j]) {
          continue;
        }
        if (!w.touched[j]) {
          w.touched[j] = true;
          w.touchedItems[touched++] = j;
        }
        w.scores[j] += weight * table.weight(h, r);
      }
    }
    return touched;
  }

  /**
   * Ranks every item outside the history by (score descending, index ascending) and keeps the first
   * {@code n}: positive scores (reached items), then score-0 items in index order (reached or not),
   * then negative scores.
   */
  private Recommendations rank(Workspace w, int touched, int historySize, int n) {
    double[] scores = w.scores;
    int want = Math.min(n, size - historySize);
    int[] items = new int[want];
    double[] out = new double[want];
    int negatives = 0;
    int[] candidates = w.candidates;
    int positives = selectPositives(w, touched, want);
    int filled = 0;
    for (int c = 0; c < positives && filled < want; c++) {
      items[filled] = candidates[c];
      out[filled++] = scores[candidates[c]];
    }
    for (int j = 0; j < size && filled < want; j++) {
      if (!w.inHistory[j] && scores[j] == 0) {
        items[filled] = j;
        out[filled++] = 0.0;
      }
    }
    if (filled < want) {
      for (int t = 0; t < touched; t++) {
        int j = w.touchedItems[t];
        if (scores[j] < 0) {
          candidates[negatives++] = j;
        }
      }
      IntArrays.quickSort(candidates, 0, negatives, (a, b) -> compare(scores, a, b));
      for (int c = 0; c < negatives && filled < want; c++) {
        items[filled] = candidates[c];
        out[filled++] = scores[candidates[c]];
      }
    }
    // Every item outside the history is positive, zero or negative unless a score is NaN: sums
    // of weights near Double.MAX_VALUE overflowed to +Infinity and -Infinity. Never pad.
    if (filled < want) {
      throw new IllegalArgumentException(
          "a score overflowed to NaN: the history's weights are too large to sum (" + filled
              + " of " + want + " items ranked)");
    }
    return Recommendations.trusted(items, out);
  }

  /**
   * Puts the best {@code min(want, positive count)} positively scored touched items into {@code
   * w.candidates[0, m)} in rank order and returns {@code m}: a bounded heap whose root is the worst
   * kept item, then a sort of the kept items only. O(touched × log want).
   */
  private static int selectPositives(Workspace w, int touched, int want) {
    double[] scores = w.scores;
    int[] heap = w.candidates;
    int size = 0;
    for (int t = 0; t < touched && want > 0; t++) {
      int j = w.touchedItems[t];
      if (!(scores[j] > 0)) {
        continue;
      }
      if (size < want) {
        heap[size] = j;
        siftUp(heap, size++, scores);
      } else if (compare(scores, j, heap[0]) < 0) {
        heap[0] = j;
        siftDown(heap, size, scores);
      }
    }
    IntArrays.quickSort(heap, 0, size, (a, b) -> compare(scores, a, b));
    return size;
  }

  /** Max-heap by rank order: the parent ranks after (is worse than) its children. */
  private static void siftUp(int[] heap, int i, double[] scores) {
    int x = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (compare(scores, heap[parent], x) >= 0) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = x;
  }

  private static void siftDown(int[] heap, int size, double[] scores) {
    int x = heap[0];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && compare(scores, heap[child + 1], heap[child]) > 0) {
        child++;
      }
      if (compare(scores, heap[child], x) <= 0) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = x;
  }

  private static int compare(double[] scores, int a, int b) {
    int c = Double.compare(scores[b], scores[a]);
    return c != 0 ? c : Integer.compare(a, b);
  }

  @Override
  public List<Explanation> explain(
      SparseVector history, Recommendations recommendations, int limit) {
    checkHistory(history);
    Objects.requireNonNull(recommendations, "recommendations");
    Checks.atLeast("limit", limit, 1);
    List<Explanation> out = new ArrayList<>(recommendations.size());
    List<Contribution> found = new ArrayList<>();
    for (int rank = 0; rank < recommendations.size(); rank++) {
      int c = recommendations.item(rank);
      found.clear();
      double score = 0;
      for (int i = 0; i < history.size(); i++) {
        int h = history.indexAt(i);
        double weight = history.valueAt(i);
        for (int r = 0, count = table.count(h); r < count; r++) {
          if (table.index(h, r) == c) {
            double similarity = table.weight(h, r);
            score += weight * similarity;
            found.add(new Contribution(h, weight, similarity, -1));
            break;
          }
        }
      }
      found.sort(
          Comparator.comparingDouble(Contribution::contribution)
              .reversed()
              .thenComparingInt(Contribution::historyItem));
      List<Contribution> top = new ArrayList<>(Math.min(limit, found.size()));
      for (int i = 0; i < Math.min(limit, found.size()); i++) {
        Contribution x = found.get(i);
        top.add(
            new Contribution(
                x.historyItem(), x.weight(), x.similarity(), coListeners(x.historyItem(), c)));
      }
      out.add(new Explanation(c, score, top));
    }
    return List.copyOf(out);
  }

  @Override
  public int coListeners(int a, int b) {
    Checks.index("a", a, size, "items");
    Checks.index("b", b, size, "items");
    int p = itemsByUsers.rowStart(a);
    int pEnd = itemsByUsers.rowEnd(a);
    int q = itemsByUsers.rowStart(b);
    int qEnd = itemsByUsers.rowEnd(b);
    int both = 0;
    while (p < pEnd && q < qEnd) {
      int u = itemsByUsers.columnAt(p);
      int v = itemsByUsers.columnAt(q);
      if (u < v) {
        p++;
      } else if (v < u) {
        q++;
      } else {
        if (itemsByUsers.valueAt(p) != 0 && itemsByUsers.valueAt(q) != 0) {
          both++;
        }
        p++;
        q++;
      }
    }
    return both;
  }

  @Override
  public List<Recommendations> recommendAll(
      SparseMatrix histories, int n, ProgressListener progress) {
    Objects.requireNonNull(histories, "histories");
    Objects.requireNonNull(progress, "progress");
    Checks.require(
        histories.columns() == size,
        "histories must have one column per item (%d), had %d columns",
        size,
        histories.columns());
    Checks.atLeast("n", n, 1);
    Recommendations[] out = new Recommendations[histories.rows()];
    Parallel.forEach(
        executor,
        threads,
        histories.rows(),
        t -> null,
        (unused, u) -> out[u] = recommend(histories.row(u), n),
        progress::update);
    return List.of(out);
  }

  /** One call's scratch space (18 bytes per item); every array is all-false / all-zero between calls. */
  private static final class Workspace {
    final double[] scores;
    final boolean[] touched;
    final boolean[] inHistory;
    final int[] touchedItems;
    final int[] candidates;

    Workspace(int n) {
      scores = new double[n];
      touched = new boolean[n];
      inHistory = new boolean[n];
      touchedItems = new int[n];
      candidates = new int[n];
    }

    void clear(int touchedCount, SparseVector history) {
      for (int t = 0; t < touchedCount; t++) {
        int j = touchedItems[t];
        scores[j] = 0;
        touched[j] = false;
      }
      for (int i = 0; i < history.size(); i++) {
        inHistory[history.indexAt(i)] = false;
      }
    }
  }

  @Override
  public String toString() {
    return description;
  }
}
