package io.playknn.recommend;

import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Dense, loop-by-loop reference computations of the recommenders' definitions, written from the
 * Javadoc formulas without the library's kernels.
 */
final class Naive {
  private Naive() {}

  /** A seeded random item × user matrix: about {@code density} of the cells hold a value in (0, 1]. */
  static SparseMatrix randomMatrix(int items, int users, double density, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    SparseMatrix.Builder b = SparseMatrix.builder(items, users);
    for (int i = 0; i < items; i++) {
      for (int u = 0; u < users; u++) {
        if (r.nextDouble() < density) {
          b.add(i, u, r.nextInt(1, 9) / 8.0);
        }
      }
    }
    return b.build();
  }

  /** A seeded random history over {@code items}: {@code size} distinct items, weights in (0, 1]. */
  static SparseVector randomHistory(int items, int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] all = new int[items];
    for (int i = 0; i < items; i++) {
      all[i] = i;
    }
    for (int i = 0; i < size; i++) {
      int j = i + r.nextInt(items - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] chosen = Arrays.copyOf(all, size);
    Arrays.sort(chosen);
    double[] w = new double[size];
    for (int i = 0; i < size; i++) {
      w[i] = r.nextInt(1, 5) / 4.0;
    }
    return SparseVector.of(items, chosen, w);
  }

  static double[][] dense(SparseMatrix m) {
    double[][] d = new double[m.rows()][m.columns()];
    for (int i = 0; i < m.rows(); i++) {
      for (int p = m.rowStart(i); p < m.rowEnd(i); p++) {
        d[i][m.columnAt(p)] = m.valueAt(p);
      }
    }
    return d;
  }

  /** Dot products of every pair of rows by a plain loop over all users. */
  static double[][] gram(double[][] x) {
    int n = x.length;
    double[][] g = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int u = 0; u < x[i].length; u++) {
          s += x[i][u] * x[j][u];
        }
        g[i][j] = s;
      }
    }
    return g;
  }

  /**
   * Dot products of every pair of rows as a sum of per-user outer products, users in increasing
   * order: {@code G = Σ_u x_u x_uᵀ} into a dense array.
   */
  static double[][] gramByUsers(SparseMatrix m) {
    int n = m.rows();
    SparseMatrix byUser = m.transpose();
    double[][] g = new double[n][n];
    for (int u = 0; u < byUser.rows(); u++) {
      for (int p = byUser.rowStart(u); p < byUser.rowEnd(u); p++) {
        for (int q = byUser.rowStart(u); q < byUser.rowEnd(u); q++) {
          g[byUser.columnAt(p)][byUser.columnAt(q)] += byUser.valueAt(p) * byUser.valueAt(q);
        }
      }
    }
    return g;
  }

  /** {@code s[c][h]} of {@link Scoring}, from the pairwise dot products and the rows. */
  static double[][] similarities(double[][] gram, SparseMatrix m, Scoring scoring) {
    int n = gram.length;
    double[] squares = new double[n];
    int[] listeners = new int[n];
    for (int i = 0; i < n; i++) {
      for (int p = m.rowStart(i); p < m.rowEnd(i); p++) {
        squares[i] += m.valueAt(p) * m.valueAt(p);
        listeners[i] += m.valueAt(p) != 0 ? 1 : 0;
      }
    }
    double[] candidatePower = new double[n];
    double[] historyPower = new double[n];
    double[] popularity = new double[n];
    for (int i = 0; i < n; i++) {
      candidatePower[i] = StrictMath.pow(squares[i], scoring.alpha());
      historyPower[i] = StrictMath.pow(squares[i], 1 - scoring.alpha());
      popularity[i] = listeners[i] == 0 ? 1 : StrictMath.pow(listeners[i], -scoring.beta());
    }
    double[][] s = new double[n][n];
    for (int c = 0; c < n; c++) {
      for (int h = 0; h < n; h++) {
        double dot = gram[c][h];
        if (dot == 0) {
          continue;
        }
        double base = dot / (candidatePower[c] * historyPower[h] + scoring.shrinkage());
        if (scoring.exponent() != 1) {
          base = Math.signum(base) * StrictMath.pow(Math.abs(base), scoring.exponent());
        }
        s[c][h] = base * popularity[c];
      }
    }
    return s;
  }

  /** The first {@code k} of {@code {j != self : value[j] > 0}} by descending value, ties by index. */
  static List<Integer> top(double[] value, int self, int k) {
    int[] positive = new int[value.length];
    int m = 0;
    for (int j = 0; j < value.length; j++) {
      if (j != self && value[j] > 0) {
        positive[m++] = j;
      }
    }
    it.unimi.dsi.fastutil.ints.IntArrays.quickSort(
        positive,
        0,
        m,
        (a, b) -> value[a] != value[b] ? Double.compare(value[b], value[a]) : Integer.compare(a, b));
    List<Integer> out = new ArrayList<>();
    for (int r = 0; r < Math.min(k, m); r++) {
      out.add(positive[r]);
    }
    return out;
  }

  /**
   * {@code takesPart[h][c]}: whether the pair (history item h, candidate c) takes part, history
   * side (c among h's k best candidates of s[.][h]) or candidate side (h among c's k best of
   * s[c][.]).
   */
  static boolean[][] neighbourhoods(double[][] s, int k, boolean candidateSide) {
    int n = s.length;
    boolean[][] takesPart = new boolean[n][n];
    for (int i = 0; i < n; i++) {
      double[] row = new double[n];
      for (int j = 0; j < n; j++) {
        row[j] = candidateSide ? s[i][j] : s[j][i];
      }
      for (int j : top(row, i, k)) {
        if (candidateSide) {
          takesPart[j][i] = true;
        } else {
          takesPart[i][j] = true;
        }
      }
    }
    return takesPart;
  }

  /** {@code score(c) = Σ_h w(h) s[c][h]} over the pairs that take part, h in increasing order. */
  static double[] scores(double[][] s, boolean[][] takesPart, SparseVector history) {
    int n = s.length;
    double[] scores = new double[n];
    for (int i = 0; i < history.size(); i++) {
      int h = history.indexAt(i);
      for (int c = 0; c < n; c++) {
        if (takesPart[h][c]) {
          scores[c] += history.valueAt(i) * s[c][h];
        }
      }
    }
    return scores;
  }

  /** Every item outside the history by descending score, ties by lower index; the first n. */
  static int[] rank(double[] scores, SparseVector history, int n) {
    List<Integer> out = new ArrayList<>();
    for (int j = 0; j < scores.length; j++) {
      if (Arrays.binarySearch(history.indices(), j) < 0) {
        out.add(j);
      }
    }
    out.sort(Comparator.comparingDouble((Integer j) -> -scores[j]).thenComparingInt(j -> j));
    return out.subList(0, Math.min(n, out.size())).stream().mapToInt(Integer::intValue).toArray();
  }
}
