package io.playknn.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import io.playknn.recommend.Recommender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EvaluationTest {

  private static List<Algorithm> algorithms(HoldoutSplit split, long seed) {
    SparseMatrix training = split.training();
    Recommender knn = Baselines.fitItemKnn(training, 10, 1);
    return List.of(
        Baselines.itemBased("item-kNN", knn),
        Baselines.mostPopular(training),
        Baselines.random(training.rows(), seed),
        Baselines.favouriteItem(knn));
  }

  private static EvaluationReport run(long seed, int threads) {
    SparseMatrix m = TestData.random(seed, 60, 300, 0.3);
    HoldoutSplit split = HoldoutSplit.leaveKOut(m, 3, 3, seed);
    return Evaluation.builder(split).k(5).threads(threads).build().run(algorithms(split, seed));
  }

  @Test
  void run_matchesMetricsRecomputedSequentially() {
    SparseMatrix m = TestData.random(3, 60, 300, 0.3);
    HoldoutSplit split = HoldoutSplit.leaveKOut(m, 3, 3, 3);
    List<Algorithm> algorithms = algorithms(split, 3);
    EvaluationReport report = Evaluation.builder(split).k(5).threads(2).build().run(algorithms);
    assertThat(report.users()).isEqualTo(split.testUserCount()).isGreaterThan(50);
    int[] listeners = Baselines.listeners(split.training());
    for (Algorithm a : algorithms) {
      EvaluationReport.Row row = report.row(a.name());
      List<int[]> lists = new ArrayList<>();
      double sumNdcg = 0;
      for (int t = 0; t < split.testUserCount(); t++) {
        int[] list = a.recommend(split.testUser(t), split.trainingHistory(t), 5);
        lists.add(list);
        int[] relevant = split.heldOut(t);
        // Independent loop: hits by linear scan.
        int hits = 0;
        for (int i = 0; i < Math.min(5, list.length); i++) {
          for (int r : relevant) {
            hits += list[i] == r ? 1 : 0;
          }
        }
        assertThat(row.values(Measure.PRECISION)[t]).isEqualTo(hits / 5.0);
        assertThat(row.values(Measure.RECALL)[t]).isEqualTo((double) hits / relevant.length);
        assertThat(row.values(Measure.HIT_RATE)[t]).isEqualTo(hits > 0 ? 1.0 : 0.0);
        assertThat(row.values(Measure.NOVELTY)[t])
            .isEqualTo(RankingMetrics.novelty(list, 5, listeners, split.training().columns()));
        sumNdcg += RankingMetrics.ndcg(list, 5, relevant);
      }
      assertThat(row.estimate(Measure.NDCG).mean())
          .isCloseTo(sumNdcg / split.testUserCount(), org.assertj.core.data.Offset.offset(1e-12));
      assertThat(row.coverage()).isEqualTo(RankingMetrics.coverage(lists, 5, 60));
    }
    // The popularity baseline recommends nearly the same head to everyone.
    assertThat(report.row("most-popular").coverage()).isLessThan(report.row("random").coverage());
    assertThat(report.pairedTests()).hasSize(3 * Measure.values().length);
  }

  @Test
  void run_sameSeedSameNumbers() {
    EvaluationReport a = run(11, 2);
    EvaluationReport b = run(11, 2);
    assertThat(a.toCsv()).isEqualTo(b.toCsv());
    assertThat(a.toJson()).isEqualTo(b.toJson());
    assertThat(run(12, 2).toCsv()).isNotEqualTo(a.toCsv());
  }

  @ParameterizedTest(name = "threads {0}")
  @ValueSource(ints = {2, 3, 4})
  void run_anyThreadCountSameNumbers(int threads) {
    EvaluationReport one = run(21, 1);
    EvaluationReport many = run(21, threads);
    assertThat(many.toCsv()).isEqualTo(one.toCsv());
    assertThat(many.pairedTestsCsv()).isEqualTo(one.pairedTestsCsv());
    assertThat(many.toJson()).isEqualTo(one.toJson());
  }

  @Test
  void run_reportsProgressUpToAllUsers() {
    SparseMatrix m = TestData.random(4, 40, 200, 0.1);
    HoldoutSplit split = HoldoutSplit.leaveKOut(m, 2, 2, 4);
    AtomicLong max = new AtomicLong();
    AtomicLong total = new AtomicLong();
    Evaluation.builder(split)
        .threads(2)
        .progress(
            (done, all) -> {
              max.accumulateAndGet(done, Math::max);
              total.set(all);
            })
        .build()
        .run(List.of(Baselines.mostPopular(split.training())));
    assertThat(max.get()).isEqualTo(split.testUserCount());
    assertThat(total.get()).isEqualTo(split.testUserCount());
  }

  @Test
  void run_rejectsAlgorithmThatRecommendsTrainingItems() {
    SparseMatrix m = TestData.random(4, 40, 200, 0.1);
    HoldoutSplit split = HoldoutSplit.leaveKOut(m, 2, 2, 4);
    Algorithm cheat =
        new Algorithm() {
          @Override
          public String name() {
            return "cheat";
          }

          @Override
          public int[] recommend(int user, SparseVector history, int k) {
            return new int[] {history.indexAt(0)};
          }
        };
    assertThatThrownBy(() -> Evaluation.builder(split).threads(1).build().run(List.of(cheat)))
        .hasMessageContaining("cheat recommended training item");
    Algorithm popular = Baselines.mostPopular(split.training());
    assertThatThrownBy(() -> Evaluation.builder(split).build().run(List.of(popular, popular)))
        .hasMessageContaining("\"most-popular\" repeats");
  }

  @Test
  void formats_tableAlignedCsvAndValidJson() {
    EvaluationReport r = run(5, 1);
    String[] lines = r.toTable().split("\n");
    // Description, header, rule, 4 rows: no row is wider than the rule, the last column aligns.
    assertThat(lines[0]).contains("K = 5");
    assertThat(lines[1]).startsWith("algorithm").endsWith("coverage");
    assertThat(lines[2]).matches("-+");
    int width = lines[2].length();
    for (int i = 3; i <= 6; i++) {
      assertThat(lines[i].codePointCount(0, lines[i].length()))
          .as("line %d: %s", i, lines[i])
          .isEqualTo(width);
    }
    assertThat(lines[3]).startsWith("item-kNN");
    String[] csv = r.toCsv().split("\n");
    assertThat(csv[0]).isEqualTo("algorithm,measure,k,mean,ci_lower,ci_upper,n");
    assertThat(csv).hasSize(1 + 4 * (Measure.values().length + 1));
    assertThat(csv[1]).startsWith("item-kNN,hit_rate,5,");
    Json.validate(r.toJson());
    assertThat(r.toJson()).contains("\"paired_tests\"").contains("\"ndcg\": {\"mean\": ");
  }

  @Test
  void json_escapesStrings() {
    assertThat(EvaluationReport.json("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    Json.validate("{\"a\": [1, -2.5E-7, null, true, \"x\\\"\"], \"b\": {}}");
    assertThatThrownBy(() -> Json.validate("{\"a\": NaN}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
