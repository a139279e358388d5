package io.playknn.recommend;

import io.playknn.internal.Checks;
import io.playknn.internal.Parallel;
import io.playknn.matrix.SparseMatrix;
import java.util.Objects;

/**
 * EASE^R (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): a linear
 * item-item model in closed form. With {@code X} the user × item matrix (the transpose of {@code
 * itemsByUsers}), {@code P = (XᵀX + λI)⁻¹} and {@code B = I - P diag(1 / diag(P))}, i.e. {@code
 * B(h, c) = -P(h, c) / P(c, c)} and {@code B(c, c) = 0}, a history {@code w} scores candidate
 * {@code c} as {@code Σ_h w(h) B(h, c)}; ranking, exclusions and ties are those of {@link
 * Recommender}. Every item takes part ({@link Recommender#neighbors()} is {@code size - 1}); weights
 * can be negative.
 *
 * <p>{@link Recommender#similar(int, int)} ranks the items by {@code B(item, c)}: the scores a
 * history holding only {@code item}, weight 1, would get, so the items the model predicts from
 * {@code item} alone (not a symmetric similarity: {@code B(h, c) != B(c, h)} in general).
 * Explanations report {@code B(h, c)} as each contribution's similarity.
 *
 * <p><b>Catalogue limit.</b> The model is dense: fitting holds two {@code items × items} arrays of
 * doubles ({@code 16 × items²} bytes) and about {@code items³ / 2} multiply-adds; the fitted
 * recommender keeps one ({@code 8 × items²} bytes). {@link Builder#build()} refuses more than
 * {@value #MAX_ITEMS} items, and any catalogue whose two arrays do not fit in the heap's maximum
 * size. The figures measured at several sizes are in {@code eval/README.md}.
 */
public final class Ease {
  /** The largest catalogue {@link Builder#build()} accepts. */
  public static final int MAX_ITEMS = 4_000;

  private Ease() {}

  /**
   * @param itemsByUsers the item × user training matrix
   * @return a builder with {@code lambda = 100}, all processors, no names
   */
  public static Builder builder(SparseMatrix itemsByUsers) {
    return new Builder(itemsByUsers);
  }

  /** Configures an EASE^R recommender; not thread-safe. */
  public static final class Builder {
    private final SparseMatrix itemsByUsers;
    private double lambda = 100;
    private int threads = Runtime.getRuntime().availableProcessors();
    private ItemNames names;

    private Builder(SparseMatrix itemsByUsers) {
      this.itemsByUsers = Objects.requireNonNull(itemsByUsers, "itemsByUsers");
    }

    /**
     * @param lambda the L2 regularisation λ added to the Gram matrix's diagonal, finite and {@code
     *     > 0}
     * @return this builder
     */
    public Builder lambda(double lambda) {
      this.lambda = lambda;
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
     * @throws IllegalArgumentException if {@code lambda} is not finite and positive, {@code threads
     *     < 1}, there are fewer than 2 or more than {@value #MAX_ITEMS} items, the two dense arrays
     *     would not fit in the maximum heap, or the names' count differs
     */
    public Recommender build() {
      Checks.require(
          Double.isFinite(lambda) && lambda > 0, "lambda must be finite and > 0, was %s", lambda);
      int n = itemsByUsers.rows();
      ItemKnnRecommender.checkCommon(n, names, threads);
      Checks.require(
          n <= MAX_ITEMS,
          "items must be <= %d for EASE^R, was %d: the model is a dense items x items matrix"
              + " (%d MiB to fit, about items^3/2 multiply-adds); use item-kNN for larger"
              + " catalogues",
          MAX_ITEMS,
          n,
          16L * n * n >> 20);
      long need = 16L * n * n;
      long heap = Runtime.getRuntime().maxMemory();
      Checks.require(
          need <= heap,
          "items must be at most %d for EASE^R in this heap, was %d: fitting needs two dense"
              + " items x items arrays, %d MiB, and the maximum heap is %d MiB (raise -Xmx)",
          (long) Math.sqrt(heap / 16.0),
          n,
          need >> 20,
          heap >> 20);
      double[] weights = gram(itemsByUsers, threads);
      for (int i = 0; i < n; i++) {
        weights[i * n + i] += lambda;
      }
      SpdInverse.invert(weights, n, threads);
      double[] diagonal = new double[n];
      for (int c = 0; c < n; c++) {
        diagonal[c] = weights[c * n + c];
      }
      for (int h = 0; h < n; h++) {
        for (int c = 0; c < n; c++) {
          weights[h * n + c] = h == c ? 0 : -weights[h * n + c] / diagonal[c];
        }
      }
      return new ItemKnnRecommender(
          itemsByUsers,
          names,
          n - 1,
          threads,
          ItemLists.dense(n, weights),
          (item, count) ->
              ItemKnnRecommender.rankRow(
                  java.util.Arrays.copyOfRange(weights, item * n, item * n + n), item, count),
          "EASE^R[" + n + " items, lambda=" + lambda + "]",
          false,
          io.playknn.internal.Parallel.sharedExecutor());
    }
  }

  /**
   * The item Gram matrix {@code G(i, j) = Σ_u x(i, u) x(j, u)}, row-major, each entry summed over
   * users in increasing order.
   */
  static double[] gram(SparseMatrix itemsByUsers, int threads) {
    int n = itemsByUsers.rows();
    SparseMatrix byUser = itemsByUsers.transpose();
    double[] g = new double[n * n];
    Parallel.forEach(
        threads,
        n,
        t -> null,
        (unused, i) -> {
          int ri = i * n;
          for (int p = itemsByUsers.rowStart(i); p < itemsByUsers.rowEnd(i); p++) {
            int u = itemsByUsers.columnAt(p);
            double x = itemsByUsers.valueAt(p);
            for (int q = byUser.rowStart(u); q < byUser.rowEnd(u); q++) {
              g[ri + byUser.columnAt(q)] += x * byUser.valueAt(q);
            }
          }
        },
        (done, total) -> {});
    return g;
  }
}
