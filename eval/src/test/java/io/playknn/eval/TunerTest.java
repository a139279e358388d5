package io.playknn.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.matrix.SparseMatrix;
import io.playknn.recommend.Scoring.Neighbourhood;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tuner on a tiny seeded matrix. */
class TunerTest {
  private static final Tuner.SearchSpace SMALL =
      new Tuner.SearchSpace(
          List.of(ItemKnnConfig.Values.AS_GIVEN, ItemKnnConfig.Values.BINARY),
          List.of(5, 100),
          List.of(0.3, 0.5, 0.8),
          List.of(0.0, 0.4),
          List.of(1.0, 2.0),
          List.of(0.0, 10.0),
          List.of(Neighbourhood.HISTORY, Neighbourhood.CANDIDATE));

  private static Tuner.Result tune(HoldoutSplit split, int threads) {
    return Tuner.builder(split).space(SMALL).k(5).threads(threads).build().tune();
  }

  @Test
  void tune_choosesTheBestTrialStartingFromTheReference() {
    SparseMatrix m = TestData.random(11, 40, 300, 0.3);
    HoldoutSplit split = HoldoutSplit.leaveKOut(m, 3, 3, 11);
    Tuner.Result r = tune(split, 2);
    assertThat(r.trials().get(0).config()).isEqualTo(ItemKnnConfig.REFERENCE);
    double best = r.trials().stream().mapToDouble(t -> t.ndcg().mean()).max().orElseThrow();
    assertThat(r.bestTrial().ndcg().mean()).isEqualTo(best);
    // Each configuration is tried once.
    assertThat(r.trials().stream().map(Tuner.Trial::config).distinct().count())
        .isEqualTo(r.trials().size());
    assertThat(r.trials().size()).isGreaterThan(8);
    assertThat(r.validation()).contains("seed " + (11 ^ Tuner.VALIDATION_SALT));
    assertThat(tune(split, 1)).isEqualTo(r);
  }

  @Test
  void validation_isCarvedFromTheTrainingDataOnly() {
    SparseMatrix m = TestData.random(12, 30, 200, 0.3);
    HoldoutSplit split = HoldoutSplit.leaveKOut(m, 3, 3, 12);
    HoldoutSplit validation =
        HoldoutSplit.leaveKOut(split.training(), 3, 3, split.seed() ^ Tuner.VALIDATION_SALT);
    for (int t = 0; t < split.testUserCount(); t++) {
      int user = split.testUser(t);
      for (int item : split.heldOut(t)) {
        assertThat(validation.training().get(item, user)).isZero();
      }
    }
    for (int v = 0; v < validation.testUserCount(); v++) {
      int user = validation.testUser(v);
      for (int item : validation.heldOut(v)) {
        assertThat(split.training().get(item, user)).as("user %d item %d", user, item).isNotZero();
      }
    }
  }

  @Test
  void searchSpace_rejectsEmptyDimensionsAndBadValues() {
    assertThatThrownBy(
            () ->
                new Tuner.SearchSpace(
                    List.of(), SMALL.neighbors(), SMALL.alphas(), SMALL.betas(),
                    SMALL.exponents(), SMALL.shrinkages(), SMALL.neighbourhoods()))
        .hasMessage("every search dimension needs a value, one was empty");
    assertThatThrownBy(
            () ->
                new Tuner.SearchSpace(
                    SMALL.values(), SMALL.neighbors(), List.of(2.0), SMALL.betas(),
                    SMALL.exponents(), SMALL.shrinkages(), SMALL.neighbourhoods()))
        .hasMessage("alpha must be in [0, 1], was 2.0");
    assertThat(Tuner.SearchSpace.DEFAULT.toString())
        .isEqualTo(
            "values {as given, binary}; neighbours {50, 100, 200, 400, all}; alpha {0.0, 0.1, 0.2,"
                + " 0.3, 0.4, 0.5, 0.6, 0.7, 0.8}; beta {0.0, 0.1, 0.2, 0.3, 0.4, 0.5}; exponent"
                + " {0.5, 0.75, 1.0, 1.5, 2.0}; shrinkage {0.0, 5.0, 20.0, 50.0}; side {history,"
                + " candidate}");
  }
}
