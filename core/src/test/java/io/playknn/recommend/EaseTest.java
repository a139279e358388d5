package io.playknn.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** EASE^R against a naive dense solve (Gauss-Jordan elimination with partial pivoting). */
class EaseTest {

  /** B = I - P diag(1/diag(P)), P = (G + lambda I)^-1, by Gauss-Jordan on [A | I]. */
  static double[][] naiveWeights(SparseMatrix m, double lambda) {
    double[][] g = Naive.gram(Naive.dense(m));
    int n = g.length;
    double[][] a = new double[n][2 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(g[i], 0, a[i], 0, n);
      a[i][i] += lambda;
      a[i][n + i] = 1;
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] t = a[col];
      a[col] = a[pivot];
      a[pivot] = t;
      double d = a[col][col];
      for (int j = 0; j < 2 * n; j++) {
        a[col][j] /= d;
      }
      for (int r = 0; r < n; r++) {
        if (r != col && a[r][col] != 0) {
          double f = a[r][col];
          for (int j = 0; j < 2 * n; j++) {
            a[r][j] -= f * a[col][j];
          }
        }
      }
    }
    double[][] b = new double[n][n];
    for (int h = 0; h < n; h++) {
      for (int c = 0; c < n; c++) {
        b[h][c] = h == c ? 0 : -a[h][n + c] / a[c][n + c];
      }
    }
    return b;
  }

  /**
   * The list is a correct ranking of the naive scores: each rank's score equals the naive score of
   * its item and the naive scores sorted at that rank (to rounding), nothing from the history.
   */
  static void assertRanking(Recommendations got, double[] naive, SparseVector history, int n, String what) {
    int[] want = Naive.rank(naive, history, n);
    assertThat(got.size()).as(what).isEqualTo(want.length);
    for (int r = 0; r < want.length; r++) {
      double tolerance = 1e-9 * (1 + Math.abs(naive[want[r]]));
      assertThat(got.score(r)).as("%s rank %d", what, r).isCloseTo(naive[got.item(r)], within(tolerance));
      assertThat(got.score(r)).as("%s rank %d", what, r).isCloseTo(naive[want[r]], within(tolerance));
      assertThat(java.util.Arrays.binarySearch(history.indices(), got.item(r))).isNegative();
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void recommend_equalsNaiveDenseSolve(long seed) {
    SparseMatrix m = Naive.randomMatrix(35, 80, 0.2, seed);
    double lambda = 1 + seed;
    Recommender ease = Ease.builder(m).lambda(lambda).threads(2).build();
    double[][] b = naiveWeights(m, lambda);
    assertThat(ease.neighbors()).isEqualTo(34);
    for (int t = 0; t < 20; t++) {
      SparseVector history = Naive.randomHistory(35, 1 + t % 7, seed * 1000 + t);
      double[] scores = new double[35];
      for (int i = 0; i < history.size(); i++) {
        for (int c = 0; c < 35; c++) {
          scores[c] += history.valueAt(i) * b[history.indexAt(i)][c];
        }
      }
      assertRanking(ease.recommend(history, 34), scores, history, 34, "seed " + seed + " history " + t);
    }
    for (int item = 0; item < 35; item++) {
      SparseVector only = SparseVector.of(35, new int[] {item}, new double[] {1});
      assertRanking(ease.similar(item, 50), b[item], only, 50, "seed " + seed + " similar " + item);
    }
  }

  @Test
  void explain_reportsTheWeights() {
    SparseMatrix m = Naive.randomMatrix(12, 30, 0.3, 7);
    Recommender ease = Ease.builder(m).lambda(2).threads(1).build();
    double[][] b = naiveWeights(m, 2);
    SparseVector history = SparseVector.of(12, new int[] {1, 4}, new double[] {1, 0.5});
    Recommendations recs = ease.recommend(history, 3);
    for (Explanation e : ease.explain(history, recs, 5)) {
      assertThat(e.contributions()).hasSize(2);
      for (Contribution c : e.contributions()) {
        assertThat(c.similarity()).isCloseTo(b[c.historyItem()][e.item()], within(1e-9));
      }
    }
  }

  @Test
  void build_refusesLargeCataloguesAndBadLambda() {
    SparseMatrix big = SparseMatrix.builder(Ease.MAX_ITEMS + 1, 3).build();
    assertThatThrownBy(() -> Ease.builder(big).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "items must be <= " + Ease.MAX_ITEMS + " for EASE^R, was " + (Ease.MAX_ITEMS + 1)
                + ": the model is a dense items x items matrix");
    SparseMatrix small = Naive.randomMatrix(5, 5, 0.5, 1);
    assertThatThrownBy(() -> Ease.builder(small).lambda(0).build())
        .hasMessage("lambda must be finite and > 0, was 0.0");
  }
}
