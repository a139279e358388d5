package io.playknn.lastfm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.playknn.matrix.SparseMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each weighting against its Javadoc formula, by hand and by dense loops. */
class WeightingTest {
  /** a0: u0=4; a1: u0=1, u1=2; a2: u1=6; a3: nothing. A = 4 artists. */
  private static final SparseMatrix X =
      SparseMatrix.fromTriplets(
          4, 2, new int[] {0, 1, 1, 2}, new int[] {0, 0, 1, 1}, new double[] {4, 1, 2, 6});

  @Test
  void apply_handExample_matchesFormulas() {
    SparseMatrix m = Weighting.maxScaled().apply(X);
    assertThat(m.get(0, 0)).isEqualTo(1.0);
    assertThat(m.get(1, 0)).isEqualTo(0.25);
    assertThat(m.get(1, 1)).isEqualTo(2.0 / 6);
    assertThat(m.get(2, 1)).isEqualTo(1.0);

    assertThat(Weighting.raw().apply(X).get(2, 1)).isEqualTo(6.0);
    assertThat(Weighting.log1p().apply(X).get(0, 0)).isEqualTo(Math.log(5));
    assertThat(Weighting.binary().apply(X).get(2, 1)).isEqualTo(1.0);
    assertThat(Weighting.binary().apply(X).nonZeros()).isEqualTo(4);

    // df(u0) = df(u1) = 2, so idf = ln 4 - ln 3 for both users.
    double idf = Math.log(4.0 / 3);
    SparseMatrix t = Weighting.tfidf().apply(X);
    assertThat(t.get(0, 0)).isCloseTo(2 * idf, within(1e-15));
    assertThat(t.get(1, 1)).isCloseTo(Math.sqrt(2) * idf, within(1e-15));
    assertThat(t.get(2, 1)).isCloseTo(Math.sqrt(6) * idf, within(1e-15));

    // len = (4, 3, 6, 0), avglen = 13 / 4.
    SparseMatrix b = Weighting.bm25(1, 0.5).apply(X);
    assertThat(b.get(0, 0)).isCloseTo(4.0 * 2 / (0.5 + 0.5 * 4 / 3.25 + 4) * idf, within(1e-15));
    assertThat(b.get(1, 0)).isCloseTo(1.0 * 2 / (0.5 + 0.5 * 3 / 3.25 + 1) * idf, within(1e-15));
    assertThat(b.get(2, 1)).isCloseTo(6.0 * 2 / (0.5 + 0.5 * 6 / 3.25 + 6) * idf, within(1e-15));
    assertThat(b.get(3, 0)).isZero();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void apply_randomMatrix_matchesDenseLoops(long seed) {
    Random random = new Random(seed);
    int rows = 1 + random.nextInt(12);
    int cols = 1 + random.nextInt(9);
    double[][] dense = new double[rows][cols];
    SparseMatrix.Builder builder = SparseMatrix.builder(rows, cols);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        if (random.nextInt(3) == 0) {
          dense[r][c] = 1 + random.nextInt(500);
          builder.add(r, c, dense[r][c]);
        }
      }
    }
    SparseMatrix x = builder.build();
    double k1 = random.nextDouble() * 200;
    double b = random.nextDouble();
    SparseMatrix tfidf = Weighting.tfidf().apply(x);
    SparseMatrix bm25 = Weighting.bm25(k1, b).apply(x);
    SparseMatrix scaled = Weighting.maxScaled().apply(x);
    double total = 0;
    double[] len = new double[rows];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        len[r] += dense[r][c];
      }
      total += len[r];
    }
    double avg = total / rows;
    for (int c = 0; c < cols; c++) {
      int df = 0;
      double max = 0;
      for (int r = 0; r < rows; r++) {
        df += dense[r][c] > 0 ? 1 : 0;
        max = Math.max(max, dense[r][c]);
      }
      double idf = Math.log(rows) - Math.log(1 + df);
      for (int r = 0; r < rows; r++) {
        double v = dense[r][c];
        String at = "seed " + seed + " (" + r + ", " + c + ")";
        if (v == 0) {
          assertThat(tfidf.get(r, c)).as(at).isZero();
          continue;
        }
        assertThat(tfidf.get(r, c)).as(at).isCloseTo(Math.sqrt(v) * idf, within(1e-12));
        double norm = avg == 0 ? 1 : (1 - b) + b * len[r] / avg;
        assertThat(bm25.get(r, c)).as(at).isCloseTo(v * (k1 + 1) / (k1 * norm + v) * idf, within(1e-12));
        assertThat(scaled.get(r, c)).as(at).isEqualTo(v / max);
      }
    }
  }

  @Test
  void bm25_parametersOutOfRange_areRejected() {
    assertThatThrownBy(() -> Weighting.bm25(-1, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k1 must be finite and >= 0, was -1.0");
    assertThatThrownBy(() -> Weighting.bm25(1, 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("b must be in [0, 1], was 1.5");
    assertThat(Weighting.bm25()).hasToString("bm25(k1=100.0, b=0.8)");
  }
}
