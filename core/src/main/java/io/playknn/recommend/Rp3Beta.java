package io.playknn.recommend;

import io.playknn.internal.Checks;
import io.playknn.matrix.SparseMatrix;
import java.util.Objects;

/**
 * RP3beta (Paudel, Christoffel, Newell and Bernstein, "Updatable, Accurate, Diverse, and Scalable
 * Recommendations for Interactive Applications", ACM TiiS 2016): item-to-item scores from a
 * three-step random walk item → user → item on the bipartite play graph, re-weighted by the
 * candidate's popularity.
 *
 * <p>With {@code deg(i) = Σ_u x(i, u)} and {@code deg(u) = Σ_i x(i, u)} (values must be {@code >=
 * 0}), {@code W(h, c) = Σ_u (x(h, u) / deg(h))^alpha × (x(c, u) / deg(u))^alpha × deg(c)^(-beta)},
 * summed over users in increasing order. Each history item keeps its {@code neighbors} largest
 * positive weights (ties by lower index; default every item), and a history {@code w} scores
 * {@code c} as {@code Σ_h w(h) W(h, c)}, ranked as {@link Recommender} says. {@link
 * Recommender#similar(int, int)} ranks the items by {@code W(item, c)}.
 */
public final class Rp3Beta {
  private Rp3Beta() {}

  /**
   * @param itemsByUsers the item × user training matrix, values {@code >= 0}
   * @return a builder with {@code alpha = 1}, {@code beta = 0.5}, every item as neighbour, all
   *     processors, no names
   */
  public static Builder builder(SparseMatrix itemsByUsers) {
    return new Builder(itemsByUsers);
  }

  /** Configures an RP3beta recommender; not thread-safe. */
  public static final class Builder {
    private final SparseMatrix itemsByUsers;
    private double alpha = 1;
    private double beta = 0.5;
    private int neighbors = Integer.MAX_VALUE;
    private int threads = Runtime.getRuntime().availableProcessors();
    private ItemNames names;

    private Builder(SparseMatrix itemsByUsers) {
      this.itemsByUsers = Objects.requireNonNull(itemsByUsers, "itemsByUsers");
    }

    /**
     * @param alpha the exponent of the transition probabilities, finite and {@code > 0}
     * @return this builder
     */
    public Builder alpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

    /**
     * @param beta the candidate popularity exponent, finite and {@code >= 0}
     * @return this builder
     */
    public Builder beta(double beta) {
      this.beta = beta;
      return this;
    }

    /**
     * @param k weights kept per history item, {@code >= 1}; capped at {@code items - 1}
     * @return this builder
     */
    public Builder neighbors(int k) {
      this.neighbors = k;
      return this;
    }

    /**
     * @param threads threads for fitting and {@link Recommender#recommendAll}, {@code >= 1}
     * @return this builder
     */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
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
     * Fits the model.
     *
     * @return the recommender
     * @throws IllegalArgumentException if a parameter is out of range, there are fewer than 2
     *     items, a value of the matrix is negative, or the names' count differs
     */
    public Recommender build() {
      Checks.require(
          Double.isFinite(alpha) && alpha > 0, "alpha must be finite and > 0, was %s", alpha);
      Checks.require(
          Double.isFinite(beta) && beta >= 0, "beta must be finite and >= 0, was %s", beta);
      Checks.atLeast("neighbors", neighbors, 1);
      int n = itemsByUsers.rows();
      ItemKnnRecommender.checkCommon(n, names, threads);
      double[] itemDegree = itemsByUsers.rowSums();
      double[] userDegree = new double[itemsByUsers.columns()];
      for (int i = 0; i < n; i++) {
        for (int p = itemsByUsers.rowStart(i); p < itemsByUsers.rowEnd(i); p++) {
          double x = itemsByUsers.valueAt(p);
          Checks.require(
              x >= 0,
              "itemsByUsers values must be >= 0 for RP3beta (transition probabilities), was %s"
                  + " at item %d, user %d",
              x,
              i,
              itemsByUsers.columnAt(p));
          userDegree[itemsByUsers.columnAt(p)] += x;
        }
      }
      SparseMatrix itemToUser =
          transition(itemsByUsers, (i, u) -> itemDegree[i], alpha);
      SparseMatrix userToItem =
          transition(itemsByUsers, (i, u) -> userDegree[u], alpha).transpose();
      double[] ones = new double[n];
      java.util.Arrays.fill(ones, 1.0);
      double[] penalty = new double[n];
      for (int c = 0; c < n; c++) {
        penalty[c] = itemDegree[c] > 0 ? StrictMath.pow(itemDegree[c], -beta) : 1;
      }
      SimilarityLists.Form form =
          new SimilarityLists.Form(itemToUser, userToItem, ones, ones, penalty, 0, 1);
      int k = Math.min(neighbors, n - 1);
      return new ItemKnnRecommender(
          itemsByUsers,
          names,
          k,
          threads,
          SimilarityLists.history(form, k, threads),
          (item, count) ->
              ItemKnnRecommender.rankRow(SimilarityLists.row(form, item), item, count),
          "RP3beta[" + n + " items, alpha=" + alpha + ", beta=" + beta + ", " + k
              + " neighbours per item]",
          false,
          io.playknn.internal.Parallel.sharedExecutor());
    }
  }

  /** A divisor of one entry: the degree that normalises it. */
  private interface Degree {
    double of(int item, int user);
  }

  /** {@code (x(i, u) / degree)^alpha} for every stored entry (items × users). */
  private static SparseMatrix transition(SparseMatrix m, Degree degree, double alpha) {
    int[] pointers = new int[m.rows() + 1];
    int[] columns = new int[m.nonZeros()];
    double[] values = new double[m.nonZeros()];
    for (int i = 0; i < m.rows(); i++) {
      pointers[i + 1] = m.rowEnd(i) - m.rowStart(0);
      for (int p = m.rowStart(i); p < m.rowEnd(i); p++) {
        int q = p - m.rowStart(0);
        int u = m.columnAt(p);
        double x = m.valueAt(p);
        columns[q] = u;
        values[q] = x == 0 ? 0 : StrictMath.pow(x / degree.of(i, u), alpha);
      }
    }
    return SparseMatrix.fromCsr(m.rows(), m.columns(), pointers, columns, values);
  }
}
