package io.playknn.recommend;

import io.playknn.internal.Parallel;
import io.playknn.matrix.SparseMatrix;
import it.unimi.dsi.fastutil.ints.IntArrays;

/**
 * Exact item-item similarities from a sparse product, kept as per-item lists of the {@code k} best.
 *
 * <p>For items {@code h} (history) and {@code c} (candidate), {@code dot(h, c) = Σ_u left(h, u) ×
 * right(u, c)}, summed over users in increasing order, and
 *
 * <pre>
 * s(c, h) = (dot(h, c) / (candidateNorm[c] × historyNorm[h] + shrinkage))^exponent × candidateFactor[c]
 * </pre>
 *
 * with {@code s = 0} when {@code dot = 0} and the sign of a negative base kept. Only positive similarities enter a list; a list holds
 * the best {@code k} by descending similarity, ties by lower index, and never the item itself.
 * {@link Scoring}'s variants and RP3beta are instances of this form. Built in parallel on {@code
 * threads} threads; the lists do not depend on the thread count. Immutable.
 */
final class SimilarityLists implements ItemLists {
  private final int[][] indices;
  private final double[][] weights;

  private SimilarityLists(int[][] indices, double[][] weights) {
    this.indices = indices;
    this.weights = weights;
  }

  /** The factors of the similarity, and the product it is formed from. */
  static final class Form {
    final SparseMatrix left;
    final SparseMatrix rightByUser;
    final double[] candidateNorm;
    final double[] historyNorm;
    final double[] candidateFactor;
    final double shrinkage;
    final double exponent;

    /**
     * @param left items × users, the history side of the product
     * @param rightByUser users × items, the candidate side
     */
    Form(
        SparseMatrix left,
        SparseMatrix rightByUser,
        double[] candidateNorm,
        double[] historyNorm,
        double[] candidateFactor,
        double shrinkage,
        double exponent) {
      this.left = left;
      this.rightByUser = rightByUser;
      this.candidateNorm = candidateNorm;
      this.historyNorm = historyNorm;
      this.candidateFactor = candidateFactor;
      this.shrinkage = shrinkage;
      this.exponent = exponent;
    }

    int items() {
      return left.rows();
    }

    /** The one similarity formula every path uses. */
    double similarity(double dot, int c, int h) {
      if (dot == 0) {
        return 0;
      }
      double base = dot / (candidateNorm[c] * historyNorm[h] + shrinkage);
      if (exponent != 1) {
        base = Math.copySign(StrictMath.pow(Math.abs(base), exponent), base);
      }
      return base * candidateFactor[c];
    }

    /**
     * The cosine-family form of {@link Scoring} over an item × user matrix.
     *
     * @param itemsByUsers items × users
     * @param itemsByUsersTransposed its transpose
     */
    static Form of(SparseMatrix itemsByUsers, SparseMatrix itemsByUsersTransposed, Scoring s) {
      int n = itemsByUsers.rows();
      double[] candidateNorm = new double[n];
      double[] historyNorm = new double[n];
      double[] candidateFactor = new double[n];
      for (int i = 0; i < n; i++) {
        double squares = 0;
        int listeners = 0;
        for (int p = itemsByUsers.rowStart(i); p < itemsByUsers.rowEnd(i); p++) {
          double x = itemsByUsers.valueAt(p);
          squares += x * x;
          if (x != 0) {
            listeners++;
          }
        }
        candidateNorm[i] = StrictMath.pow(squares, s.alpha());
        historyNorm[i] = StrictMath.pow(squares, 1 - s.alpha());
        candidateFactor[i] = listeners == 0 ? 1 : StrictMath.pow(listeners, -s.beta());
      }
      return new Form(
          itemsByUsers,
          itemsByUsersTransposed,
          candidateNorm,
          historyNorm,
          candidateFactor,
          s.shrinkage(),
          s.exponent());
    }
  }

  /**
   * Lists for history-side scoring: row {@code h} holds the {@code k} best candidates {@code c} of
   * {@code s(c, h)}.
   */
  static SimilarityLists history(Form f, int k, int threads) {
    int n = f.items();
    int[][] indices = new int[n][];
    double[][] weights = new double[n][];
    Parallel.forEach(
        threads,
        n,
        t -> new Workspace(n),
        (w, h) -> keepBest(w, f, f.left, f.rightByUser, h, false, k, indices, weights),
        (done, total) -> {});
    return new SimilarityLists(indices, weights);
  }

  /**
   * Row {@code i}'s {@code k} best partners into {@code indices[i]} and {@code weights[i]}: the
   * candidates of history item {@code i}, or (with {@code iIsCandidate}) the history items of
   * candidate {@code i}, {@code a × bByUser} giving the dot products.
   */
  private static void keepBest(
      Workspace w,
      Form f,
      SparseMatrix a,
      SparseMatrix bByUser,
      int i,
      boolean iIsCandidate,
      int k,
      int[][] indices,
      double[][] weights) {
    int touched = w.dots(a, bByUser, i);
    for (int t = 0; t < touched; t++) {
      int j = w.touched[t];
      w.similarity[j] = iIsCandidate ? f.similarity(w.dot[j], i, j) : f.similarity(w.dot[j], j, i);
    }
    int kept = w.best(touched, i, k);
    indices[i] = java.util.Arrays.copyOf(w.candidates, kept);
    weights[i] = new double[kept];
    for (int r = 0; r < kept; r++) {
      weights[i][r] = w.similarity[indices[i][r]];
    }
    w.clear(touched);
  }

  /**
   * Lists for candidate-side scoring: for each candidate {@code c}, the {@code k} best history
   * items {@code h} of {@code s(c, h)}; row {@code h} then lists the candidates that keep {@code
   * h}, in increasing order.
   */
  static SimilarityLists candidate(
      Form f, SparseMatrix leftByUser, SparseMatrix rightTransposed, int k, int threads) {
    int n = f.items();
    int[][] kept = new int[n][];
    double[][] keptWeights = new double[n][];
    // dot(h, c) for every h: row c of right-transposed times the users' left values.
    Parallel.forEach(
        threads,
        n,
        t -> new Workspace(n),
        (w, c) -> keepBest(w, f, rightTransposed, leftByUser, c, true, k, kept, keptWeights),
        (done, total) -> {});
    int[] count = new int[n];
    for (int c = 0; c < n; c++) {
      for (int h : kept[c]) {
        count[h]++;
      }
    }
    int[][] indices = new int[n][];
    double[][] weights = new double[n][];
    for (int h = 0; h < n; h++) {
      indices[h] = new int[count[h]];
      weights[h] = new double[count[h]];
      count[h] = 0;
    }
    for (int c = 0; c < n; c++) {
      for (int r = 0; r < kept[c].length; r++) {
        int h = kept[c][r];
        indices[h][count[h]] = c;
        weights[h][count[h]++] = keptWeights[c][r];
      }
    }
    return new SimilarityLists(indices, weights);
  }

  /**
   * Every item's similarity {@code s(c, item)} as a candidate of one history item, for a
   * similar-items query.
   *
   * @return {@code out[c] = s(c, item)}, 0 for items sharing no user and for {@code item} itself
   */
  static double[] row(Form f, int item) {
    Workspace w = new Workspace(f.items());
    int touched = w.dots(f.left, f.rightByUser, item);
    double[] out = new double[f.items()];
    for (int t = 0; t < touched; t++) {
      int c = w.touched[t];
      out[c] = c == item ? 0 : f.similarity(w.dot[c], c, item);
    }
    return out;
  }

  @Override
  public int count(int h) {
    return indices[h].length;
  }

  @Override
  public int index(int h, int r) {
    return indices[h][r];
  }

  @Override
  public double weight(int h, int r) {
    return weights[h][r];
  }

  /** Per-thread scratch space: five arrays of the item count; all-zero between rows. */
  private static final class Workspace {
    final double[] dot;
    final double[] similarity;
    final boolean[] seen;
    final int[] touched;
    final int[] candidates;

    Workspace(int n) {
      dot = new double[n];
      similarity = new double[n];
      seen = new boolean[n];
      touched = new int[n];
      candidates = new int[n];
    }

    /**
     * Accumulates {@code dot[j] = Σ_u a(i, u) × b(u, j)} over {@code i}'s users in increasing
     * order; returns the number of touched items (listed in {@code touched}).
     */
    int dots(SparseMatrix a, SparseMatrix bByUser, int i) {
      int count = 0;
      for (int p = a.rowStart(i); p < a.rowEnd(i); p++) {
        int u = a.columnAt(p);
        double x = a.valueAt(p);
        for (int q = bByUser.rowStart(u); q < bByUser.rowEnd(u); q++) {
          int j = bByUser.columnAt(q);
          if (!seen[j]) {
            seen[j] = true;
            touched[count++] = j;
          }
          dot[j] += x * bByUser.valueAt(q);
        }
      }
      return count;
    }

    /**
     * Puts the best {@code min(k, positives)} touched items other than {@code self} into {@code
     * candidates[0, m)}, by descending {@code similarity}, ties by lower index; returns {@code m}.
     */
    int best(int touchedCount, int self, int k) {
      int m = 0;
      for (int t = 0; t < touchedCount; t++) {
        int j = touched[t];
        if (j != self && similarity[j] > 0) {
          candidates[m++] = j;
        }
      }
      double[] s = similarity;
      IntArrays.quickSort(
          candidates,
          0,
          m,
          (a, b) -> {
            int c = Double.compare(s[b], s[a]);
            return c != 0 ? c : Integer.compare(a, b);
          });
      return Math.min(m, k);
    }

    void clear(int touchedCount) {
      for (int t = 0; t < touchedCount; t++) {
        int j = touched[t];
        dot[j] = 0;
        similarity[j] = 0;
        seen[j] = false;
      }
    }
  }
}
