package io.playknn.recommend;

import io.playknn.internal.Checks;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.knn.ProgressListener;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Item-based recommendations over a fitted cosine {@link NearestNeighbors} index.
 *
 * <pre>{@code
 * Recommender r = Recommender.builder(knn, artistByUser).names(names).neighbors(100).build();
 * Recommendations recs = r.recommend(Map.of("nirvana", 1.0, "pearl jam", 0.5), 10);
 * List<Explanation> why = r.explain(r.history(Map.of("nirvana", 1.0, "pearl jam", 0.5)), recs, 3);
 * }</pre>
 *
 * <p><b>Similarity</b> of items {@code a} and {@code b} is {@code 1 - d(a, b)}, {@code d} the
 * cosine distance, so it is the cosine similarity of their user vectors.
 *
 * <p><b>Scoring a history</b> (item → weight, weights finite and {@code >= 0}, e.g. play counts):
 * every item {@code c} not in the history gets {@code score(c) = Σ_h weight(h) × similarity(h, c)}
 * over the history items {@code h} that have {@code c} among their {@link #neighbors()} nearest
 * neighbours (the other terms count as 0). Items in the history (stored entries of the history
 * vector, explicit zeros included) are never recommended. The result ranks every other item by
 * descending score, equal scores by lower index, and returns the first {@code n}: exactly {@code
 * min(n, size() - historySize)} items. When the neighbour lists reach fewer than {@code n} items,
 * the list is filled with unreached items, which score 0, in ascending index order (interleaved by
 * index with reached items whose score is exactly 0).
 *
 * <p>The same ranking serves the other recommenders of this package, with their own weights in
 * place of {@code similarity(h, c)} and their own lists: a non-reference {@link Scoring} (set with
 * {@link Builder#scoring}), {@link Ease} and {@link Rp3Beta}.
 *
 * <p>Implementations are immutable and safe for concurrent use by any number of threads.
 */
public interface Recommender {

  /**
   * Starts a builder.
   *
   * @param knn a fitted index with the {@link Metric#COSINE} metric over the rows of {@code
   *     itemsByUsers}
   * @param itemsByUsers the item × user matrix the index was fitted on, for co-listener counts
   * @return a builder
   */
  static Builder builder(NearestNeighbors knn, SparseMatrix itemsByUsers) {
    return new Builder(knn, itemsByUsers);
  }

  /**
   * @return the number of items
   */
  int size();

  /**
   * @return how many nearest neighbours of each history item take part in scoring
   */
  int neighbors();

  /**
   * @return the item names, if the builder was given them
   */
  Optional<ItemNames> names();

  /**
   * Whether the neighbour lists that take part in scoring are read from a given {@linkplain
   * Builder#neighborTable neighbour table} (typically one stored in a model file) rather than
   * computed by the index when the recommender was built.
   *
   * @return true when serving from the given table
   */
  boolean fromNeighborTable();

  /**
   * The items most similar to one item, itself excluded by index.
   *
   * @param item an item index in {@code [0, size())}
   * @param n how many, {@code >= 1}
   * @return exactly {@code min(n, size() - 1)} items, score = similarity, descending, ties by lower
   *     index
   * @throws IndexOutOfBoundsException if {@code item} is out of range
   * @throws IllegalArgumentException if {@code n < 1}
   */
  Recommendations similar(int item, int n);

  /**
   * The items most similar to the named item; see {@link #similar(int, int)} and {@link
   * ItemNames#index(String)}.
   *
   * @param name an item name
   * @param n how many, {@code >= 1}
   * @return exactly {@code min(n, size() - 1)} items
   * @throws UnknownItemException if no item has that name
   * @throws IllegalStateException if the recommender has no names
   */
  Recommendations similar(String name, int n);

  /**
   * Builds a history vector from named weights; names resolve as {@link ItemNames#index(String)}
   * (two names resolving to the same item have their weights summed).
   *
   * @param weights item name → weight, finite and {@code >= 0}
   * @return the history over the item space
   * @throws UnknownItemException if a name matches no item
   * @throws IllegalArgumentException if a weight is negative or not finite
   * @throws IllegalStateException if the recommender has no names
   */
  SparseVector history(Map<String, ? extends Number> weights);

  /**
   * Recommends items for a listening history (see the class comment for the scoring).
   *
   * @param history item → weight over the item space: dimension {@link #size()}, values finite and
   *     {@code >= 0}
   * @param n how many, {@code >= 1}
   * @return exactly {@code min(n, size() - history.size())} items, none from the history
   * @throws IllegalArgumentException if {@code n < 1}, the dimension differs or a weight is
   *     negative
   */
  Recommendations recommend(SparseVector history, int n);

  /**
   * Recommends items for a named history; equal to {@code recommend(history(weights), n)}.
   *
   * @param weights item name → weight
   * @param n how many, {@code >= 1}
   * @return exactly {@code min(n, size() - historySize)} items, none from the history
   * @throws UnknownItemException if a name matches no item
   * @throws IllegalArgumentException if {@code n < 1} or a weight is negative or not finite
   * @throws IllegalStateException if the recommender has no names
   */
  Recommendations recommend(Map<String, ? extends Number> weights, int n);

  /**
   * Items similar to a set ("basket"): the history that gives each distinct item weight {@code 1 /
   * distinct items}, so a score is the mean similarity to the basket (counting only neighbour-list
   * entries).
   *
   * @param items item indices in {@code [0, size())}; repeats count once
   * @param n how many, {@code >= 1}
   * @return exactly {@code min(n, size() - distinct items)} items, none from the basket
   * @throws IndexOutOfBoundsException if an item is out of range
   * @throws IllegalArgumentException if {@code items} is empty or {@code n < 1}
   */
  Recommendations basket(int[] items, int n);

  /**
   * A basket given by names; see {@link #basket(int[], int)}.
   *
   * @param names item names
   * @param n how many, {@code >= 1}
   * @return exactly {@code min(n, size() - distinct items)} items, none from the basket
   * @throws UnknownItemException if a name matches no item
   * @throws IllegalArgumentException if {@code names} is empty or {@code n < 1}
   * @throws IllegalStateException if the recommender has no names
   */
  Recommendations basket(Collection<String> names, int n);

  /**
   * Explains recommendations: for each item, the history items that put it in their neighbour
   * lists, with weight, similarity and co-listener count.
   *
   * @param history the history the recommendations were made for
   * @param recommendations the items to explain (any items, in any order)
   * @param limit the most contributions to list per item, {@code >= 1}
   * @return one explanation per recommended item, in the same order
   * @throws IllegalArgumentException if the dimension differs, a weight is negative or {@code limit
   *     < 1}
   */
  List<Explanation> explain(SparseVector history, Recommendations recommendations, int limit);

  /**
   * @param a an item index
   * @param b an item index
   * @return the number of users with a stored non-zero value for both items
   * @throws IndexOutOfBoundsException if an index is out of range
   */
  int coListeners(int a, int b);

  /**
   * Recommends for many histories in parallel; the result does not depend on the number of threads.
   *
   * @param histories one history per row (users × items): {@code histories.columns() == size()}
   * @param n how many per history, {@code >= 1}
   * @param progress told of rows done (from worker threads)
   * @return row {@code u}'s recommendations at index {@code u}
   * @throws IllegalArgumentException if {@code n < 1}, the number of columns differs or a weight is
   *     negative
   */
  List<Recommendations> recommendAll(SparseMatrix histories, int n, ProgressListener progress);

  /** Configures a {@link Recommender}; not thread-safe. */
  final class Builder {
    private final NearestNeighbors knn;
    private final SparseMatrix itemsByUsers;
    private ItemNames names;
    private int neighbors;
    private boolean neighborsSet;
    private int threads;
    private NeighborTable neighborTable;
    private boolean computeBeyondTable;
    private Scoring scoring = Scoring.REFERENCE;

    private Builder(NearestNeighbors knn, SparseMatrix itemsByUsers) {
      this.knn = Objects.requireNonNull(knn, "knn");
      this.itemsByUsers = Objects.requireNonNull(itemsByUsers, "itemsByUsers");
      this.neighbors = knn.options().neighbors();
      this.threads = knn.options().threads();
    }

    /**
     * @param names the item names ({@code names.size()} must equal the number of items)
     * @return this builder
     */
    public Builder names(ItemNames names) {
      this.names = Objects.requireNonNull(names, "names");
      return this;
    }

    /**
     * @param k how many nearest neighbours of each history item take part in scoring, {@code >= 1};
     *     capped at {@code size - 1}. Default: the index's {@link
     *     io.playknn.knn.KnnOptions#neighbors()}, or with a {@link #neighborTable} the smaller of
     *     that and the table's width (its narrowest row), so that the default serves from the table
     * @return this builder
     */
    public Builder neighbors(int k) {
      this.neighbors = k;
      this.neighborsSet = true;
      return this;
    }

    /**
     * @param threads threads for {@link #recommendAll}, {@code >= 1} (the neighbour lists are
     *     precomputed on the index's own threads). Default: the index's {@link
     *     io.playknn.knn.KnnOptions#threads()}
     * @return this builder
     */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * @param scoring the similarity and neighbourhood side; default {@link Scoring#REFERENCE}, served
     *     from the index's neighbour lists. Any other value is computed from {@code itemsByUsers} by
     *     an exact sparse kernel (the index and a given {@link #neighborTable} are then not used
     *     for scoring, and {@link Recommender#similar(int, int)} ranks by that similarity)
     * @return this builder
     */
    public Builder scoring(Scoring scoring) {
      this.scoring = Objects.requireNonNull(scoring, "scoring");
      return this;
    }

    /**
     * Gives every item's neighbour list, precomputed, so that {@link #build()} need not compute it:
     * typically a saved model's {@link io.playknn.model.KnnModel#neighborTable()}. It must be the
     * index's {@code kneighborsAll(k)} answer for some {@code k}; only the first {@code
     * min(neighbors, items - 1)} neighbours of each row take part. Asking for more {@link
     * #neighbors} than its narrowest row holds fails at {@link #build()}, unless {@link
     * #computeBeyondTable()} says to compute the lists instead.
     *
     * @param table row {@code q} answers item {@code q}, one row per indexed item
     * @return this builder
     */
    public Builder neighborTable(NeighborTable table) {
      this.neighborTable = Objects.requireNonNull(table, "table");
      return this;
    }

    /**
     * When {@link #neighbors} asks for more neighbours than the given {@link #neighborTable}
     * holds, computes every item's lists with the index at {@link #build()} (as without a table)
     * instead of failing. The built recommender's {@link Recommender#fromNeighborTable()} then
     * says {@code false}.
     *
     * @return this builder
     */
    public Builder computeBeyondTable() {
      this.computeBeyondTable = true;
      return this;
    }

    /**
     * Builds the recommender, computing every item's neighbour list unless a {@link
     * #neighborTable} was given that holds {@code min(neighbors, items - 1)} neighbours per item.
     *
     * @return the recommender
     * @throws IllegalArgumentException if the metric is not cosine, the matrix's rows differ from
     *     the indexed items, the names' count differs, there are fewer than 2 items, {@code
     *     neighbors} or {@code threads} is below 1, a given neighbour table does not have one row
     *     per indexed item, row {@code q} answering item {@code q}, with neighbour indices in range,
     *     or holds fewer than {@code min(neighbors, items - 1)} neighbours in a row without {@link
     *     #computeBeyondTable()}
     */
    public Recommender build() {
      Checks.require(
          knn.metric() == Metric.COSINE,
          "metric must be cosine (similarity = 1 - distance), was %s",
          knn.metric().id());
      Checks.require(
          itemsByUsers.rows() == knn.size(),
          "itemsByUsers must have one row per indexed item (%d), had %d rows",
          knn.size(),
          itemsByUsers.rows());
      Checks.require(
          names == null || names.size() == knn.size(),
          "names must name every indexed item (%d), named %d",
          knn.size(),
          names == null ? 0 : names.size());
      Checks.atLeast("items", knn.size(), 2);
      Checks.atLeast("threads", threads, 1);
      if (!scoring.isReference()) {
        Checks.atLeast("neighbors", neighbors, 1);
        return ItemKnnRecommender.ofScoring(
            itemsByUsers, names, Math.min(neighbors, knn.size() - 1), threads, scoring,
            knn.options().executor());
      }
      int width = neighborTable == null ? 0 : narrowestRow(neighborTable, knn.size());
      int wanted =
          neighborTable == null || neighborsSet ? neighbors : Math.min(neighbors, Math.max(width, 1));
      Checks.atLeast("neighbors", wanted, 1);
      int k = Math.min(wanted, knn.size() - 1);
      boolean fromTable = neighborTable != null && k <= width;
      if (neighborTable != null && !fromTable) {
        Checks.require(
            computeBeyondTable,
            "neighbors = %d needs %d neighbours per item, more than the neighbour table holds (%d);"
                + " ask for at most %d, or choose computeBeyondTable() to compute every item's list",
            wanted,
            k,
            width,
            width);
      }
      if (fromTable) {
        checkIndices(neighborTable, knn.size(), k);
      }
      return ItemKnnRecommender.ofTable(
          knn, itemsByUsers, names, k, threads,
          fromTable ? neighborTable : knn.kneighborsAll(k), fromTable);
    }

    /**
     * Checks a given table's shape.
     *
     * @return the fewest neighbours any row holds
     */
    private static int narrowestRow(NeighborTable table, int size) {
      Checks.require(
          table.size() == size,
          "neighborTable must have one row per indexed item (%d), had %d rows",
          size,
          table.size());
      int narrowest = Integer.MAX_VALUE;
      for (int q = 0; q < size; q++) {
        Checks.require(
            table.query(q) == q, "neighborTable row %d must answer item %d, answers %d", q, q,
            table.query(q));
        narrowest = Math.min(narrowest, table.count(q));
      }
      return narrowest;
    }

    /** Checks the indices of a table's first {@code k} columns (the ones the recommender reads). */
    private static void checkIndices(NeighborTable table, int size, int k) {
      for (int q = 0; q < size; q++) {
        for (int r = 0; r < k; r++) {
          int j = table.index(q, r);
          Checks.require(
              j >= 0 && j < size && j != q,
              "neighborTable row %d, rank %d: index must be in [0, %d) and not %d, was %d",
              q, r, size, q, j);
        }
      }
    }
  }
}
