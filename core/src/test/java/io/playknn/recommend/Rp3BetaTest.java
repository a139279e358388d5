package io.playknn.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RP3beta against the dense naive computation of its definition. */
class Rp3BetaTest {

  static double[][] naiveWeights(SparseMatrix m, double alpha, double beta) {
    double[][] x = Naive.dense(m);
    int n = x.length;
    int users = x[0].length;
    double[] itemDegree = new double[n];
    double[] userDegree = new double[users];
    for (int i = 0; i < n; i++) {
      for (int u = 0; u < users; u++) {
        itemDegree[i] += x[i][u];
        userDegree[u] += x[i][u];
      }
    }
    double[][] w = new double[n][n];
    for (int h = 0; h < n; h++) {
      for (int c = 0; c < n; c++) {
        double s = 0;
        for (int u = 0; u < users; u++) {
          if (x[h][u] != 0 && x[c][u] != 0) {
            s += StrictMath.pow(x[h][u] / itemDegree[h], alpha)
                * StrictMath.pow(x[c][u] / userDegree[u], alpha);
          }
        }
        w[h][c] = s == 0 ? 0 : s * (itemDegree[c] > 0 ? StrictMath.pow(itemDegree[c], -beta) : 1);
      }
    }
    return w;
  }

  @ParameterizedTest(name = "seed {0}, alpha {1}, beta {2}, k {3}")
  @CsvSource({"1, 1, 0.5, 100", "2, 0.8, 0.3, 6", "3, 1, 0, 4", "4, 1.2, 0.7, 10"})
  void recommend_equalsNaive(long seed, double alpha, double beta, int k) {
    SparseMatrix m = Naive.randomMatrix(30, 50, 0.2, seed);
    Recommender r = Rp3Beta.builder(m).alpha(alpha).beta(beta).neighbors(k).threads(2).build();
    double[][] w = naiveWeights(m, alpha, beta);
    // s[c][h] = W(h, c); the history side keeps each h's k best candidates.
    double[][] s = new double[30][30];
    for (int h = 0; h < 30; h++) {
      for (int c = 0; c < 30; c++) {
        s[c][h] = w[h][c];
      }
    }
    boolean[][] pairs = Naive.neighbourhoods(s, k, false);
    for (int t = 0; t < 20; t++) {
      SparseVector history = Naive.randomHistory(30, 1 + t % 5, seed * 100 + t);
      double[] expected = Naive.scores(s, pairs, history);
      int[] want = Naive.rank(expected, history, 12);
      Recommendations got = r.recommend(history, 12);
      assertThat(got.items()).as("seed %d, history %d", seed, t).containsExactly(want);
      for (int i = 0; i < want.length; i++) {
        assertThat(got.score(i)).isEqualTo(expected[want[i]]);
      }
    }
    double[] row = w[3].clone();
    row[3] = 0;
    int[] want = Naive.rank(row, SparseVector.of(30, new int[] {3}, new double[] {1}), 29);
    assertThat(r.similar(3, 29).items()).as("seed %d, similar", seed).containsExactly(want);
  }

  @Test
  void build_refusesNegativeValues() {
    SparseMatrix m = SparseMatrix.builder(3, 2).add(0, 0, 1).add(1, 1, -2).add(2, 0, 1).build();
    assertThatThrownBy(() -> Rp3Beta.builder(m).build())
        .hasMessage(
            "itemsByUsers values must be >= 0 for RP3beta (transition probabilities), was -2.0"
                + " at item 1, user 1");
  }
}
