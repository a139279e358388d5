package io.playknn.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.Neighbors;
import io.playknn.matrix.SparseMatrix;
import io.playknn.recommend.Recommender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The entry point and the hit rate on the shipped reference data. */
class ReferenceEvaluationTest {
  private static ReferenceData data;

  @BeforeAll
  static void load() {
    data = ReferenceData.fromClassPath();
  }

  @Test
  void hitRate_matchesNaiveLoopsOnASample() {
    SparseMatrix m = data.matrix();
    Recommender r = Baselines.fitItemKnn(m, 100, 2);
    NearestNeighbors knn =
        NearestNeighbors.fit(m, KnnOptions.builder().neighbors(10).threads(2).build());
    int[] sample = ReferenceHitRate.sample(m.columns(), 100, 1);
    long hits = 0;
    for (int u : sample) {
      int favourite = 0;
      for (int i = 1; i < m.rows(); i++) {
        if (m.get(i, u) > m.get(favourite, u)) {
          favourite = i;
        }
      }
      Neighbors near = knn.kneighbors(favourite, 10);
      for (int rank = 0; rank < 10; rank++) {
        assertThat(near.index(rank)).isNotEqualTo(favourite);
        if (m.get(near.index(rank), u) != 0) {
          hits++;
        }
      }
    }
    HitRateResult h = ReferenceHitRate.measure(m, r, 10, sample);
    assertThat(h.users()).isEqualTo(100);
    assertThat(h.hits()).isEqualTo(hits);
    assertThat(h.rate().mean()).isEqualTo(hits / 1000.0);
    assertThat(h.rate().lower()).isLessThan(h.rate().mean());
  }

  @Test
  void run_printsBothPartsAndItemKnnBeatsRandom() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    ReferenceEvaluation.Options o =
        ReferenceEvaluation.Options.parse(new String[] {"--threads", "2", "--samples", "2"});
    EvaluationReport report =
        ReferenceEvaluation.run(
            data,
            o,
            out,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    String text = buffer.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("all users")
        .contains("100 users, seed 42")
        .contains("100 users, seed 43")
        .contains("Paired tests");
    assertThat(report.rows()).hasSize(7);
    assertThat(report.k()).isEqualTo(10);
    String knn = report.rows().get(0).name();
    PairedTest vsRandom = report.paired(knn, "random", Measure.NDCG);
    assertThat(vsRandom.difference().lower()).isPositive();
    assertThat(vsRandom.tPValue()).isLessThan(1e-6);
    assertThat(report.row(knn).estimate(Measure.RECALL).mean())
        .isGreaterThan(report.row("most-popular").estimate(Measure.RECALL).mean());
    // The reference's published held-out figures, and EASE^R's (binary plays, lambda 100).
    assertThat(report.row(knn).estimate(Measure.HIT_RATE).mean()).isBetween(0.7495, 0.7497);
    assertThat(report.row(knn).estimate(Measure.NDCG).mean()).isBetween(0.2395, 0.2397);
    EvaluationReport.Row ease = report.row("EASE^R (binary, lambda=100)");
    assertThat(ease.estimate(Measure.NDCG).mean()).isBetween(0.276 - 0.01, 0.276 + 0.01);
    assertThat(ease.estimate(Measure.HIT_RATE).mean()).isBetween(0.803 - 0.01, 0.803 + 0.01);
  }

  @Test
  void options_rejectUnknownAndNonPositive() {
    assertThatThrownBy(() -> ReferenceEvaluation.Options.parse(new String[] {"--bogus", "1"}))
        .hasMessageContaining("unknown option \"--bogus\"");
    assertThatThrownBy(() -> ReferenceEvaluation.Options.parse(new String[] {"--k", "0"}))
        .hasMessageContaining("--k must be >= 1, was 0");
    assertThatThrownBy(() -> ReferenceEvaluation.Options.parse(new String[] {"--threads"}))
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> ReferenceEvaluation.Options.parse(new String[] {"--seed", "abc"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--seed must be an integer, was \"abc\"");
  }
}
