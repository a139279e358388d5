package io.playknn.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.matrix.Npz;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import io.playknn.recommend.Scoring.Neighbourhood;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every {@link Scoring} variant against the dense naive computation of its definition. */
class ScoringTest {
  private static final List<Scoring> VARIANTS =
      List.of(
          Scoring.REFERENCE.withShrinkage(3),
          Scoring.REFERENCE.withAlpha(0.8),
          Scoring.REFERENCE.withAlpha(0),
          Scoring.REFERENCE.withBeta(0.4),
          Scoring.REFERENCE.withNeighbourhood(Neighbourhood.CANDIDATE),
          new Scoring(2, 0.7, 0.3, Neighbourhood.CANDIDATE),
          Scoring.REFERENCE.withExponent(2.5),
          new Scoring(0, 0.3, 0.2, Neighbourhood.CANDIDATE, 2),
          new Scoring(2, 0.7, 0.3, Neighbourhood.HISTORY));

  static Stream<Arguments> cases() {
    return Stream.of(1L, 2L, 3L, 4L)
        .flatMap(seed -> VARIANTS.stream().map(v -> Arguments.of(seed, v)));
  }

  private static Recommender fit(SparseMatrix m, int k, Scoring scoring) {
    NearestNeighbors knn =
        NearestNeighbors.fit(m, KnnOptions.builder().metric(Metric.COSINE).neighbors(1).build());
    return Recommender.builder(knn, m).neighbors(k).threads(2).scoring(scoring).build();
  }

  @ParameterizedTest(name = "seed {0}: {1}")
  @MethodSource("cases")
  void recommend_equalsNaiveDenseComputation(long seed, Scoring scoring) {
    SparseMatrix m = Naive.randomMatrix(40, 60, 0.15, seed);
    int k = 7;
    Recommender r = fit(m, k, scoring);
    double[][] s = Naive.similarities(Naive.gram(Naive.dense(m)), m, scoring);
    boolean[][] pairs =
        Naive.neighbourhoods(s, k, scoring.neighbourhood() == Neighbourhood.CANDIDATE);
    for (int t = 0; t < 20; t++) {
      SparseVector history = Naive.randomHistory(40, 1 + t % 6, seed * 100 + t);
      double[] expected = Naive.scores(s, pairs, history);
      Recommendations got = r.recommend(history, 15);
      int[] want = Naive.rank(expected, history, 15);
      assertThat(got.items()).as("seed %d, %s, history %s", seed, scoring, history).containsExactly(want);
      for (int i = 0; i < want.length; i++) {
        assertThat(got.score(i)).as("seed %d, rank %d", seed, i).isEqualTo(expected[want[i]]);
      }
    }
  }

  @ParameterizedTest(name = "seed {0}: {1}")
  @MethodSource("cases")
  void similar_ranksEveryOtherItemBySimilarity(long seed, Scoring scoring) {
    SparseMatrix m = Naive.randomMatrix(30, 50, 0.2, seed);
    Recommender r = fit(m, 5, scoring);
    double[][] s = Naive.similarities(Naive.gram(Naive.dense(m)), m, scoring);
    for (int item = 0; item < 30; item++) {
      double[] column = new double[30];
      for (int c = 0; c < 30; c++) {
        column[c] = c == item ? 0 : s[c][item];
      }
      int[] want = Naive.rank(column, SparseVector.of(30, new int[] {item}, new double[] {1}), 40);
      Recommendations got = r.similar(item, 40);
      assertThat(got.items()).as("seed %d, item %d", seed, item).containsExactly(want);
      for (int i = 0; i < want.length; i++) {
        assertThat(got.score(i)).isEqualTo(column[want[i]]);
      }
    }
  }

  @Test
  void variants_onTheShippedData_equalNaiveComputation() throws IOException {
    SparseMatrix m;
    try (InputStream in = getClass().getResourceAsStream("/lastfm-seed/artist_user_mtrx.npz")) {
      m = Npz.read(in);
    }
    double[][] gram = Naive.gramByUsers(m);
    SparseMatrix byUser = m.transpose();
    for (Scoring scoring :
        List.of(
            new Scoring(10, 0.7, 0.3, Neighbourhood.CANDIDATE),
            new Scoring(0, 0.6, 0.2, Neighbourhood.HISTORY, 1.5))) {
      int k = 50;
      Recommender r = fit(m, k, scoring);
      double[][] s = Naive.similarities(gram, m, scoring);
      boolean[][] pairs =
          Naive.neighbourhoods(s, k, scoring.neighbourhood() == Neighbourhood.CANDIDATE);
      for (int user = 0; user < m.columns(); user += 97) {
        SparseVector history = byUser.row(user);
        double[] expected = Naive.scores(s, pairs, history);
        int[] want = Naive.rank(expected, history, 10);
        assertThat(r.recommend(history, 10).items())
            .as("%s, user %d", scoring, user)
            .containsExactly(want);
      }
    }
  }

  @Test
  void reference_isTheDefaultAndKeepsTheIndexPath() {
    SparseMatrix m = Naive.randomMatrix(20, 30, 0.3, 9);
    NearestNeighbors knn =
        NearestNeighbors.fit(m, KnnOptions.builder().metric(Metric.COSINE).neighbors(5).build());
    Recommender plain = Recommender.builder(knn, m).build();
    Recommender explicit = Recommender.builder(knn, m).scoring(Scoring.REFERENCE).build();
    SparseVector history = Naive.randomHistory(20, 4, 1);
    assertThat(explicit.recommend(history, 10)).isEqualTo(plain.recommend(history, 10));
    assertThat(Scoring.REFERENCE.withShrinkage(-0.0).isReference()).isTrue();
    assertThat(Scoring.REFERENCE.withAlpha(0.7).isReference()).isFalse();
  }

  @Test
  void options_outOfRange_failNamingValueAndRule() {
    assertThatThrownBy(() -> Scoring.REFERENCE.withAlpha(1.5))
        .hasMessage("alpha must be in [0, 1], was 1.5");
    assertThatThrownBy(() -> Scoring.REFERENCE.withShrinkage(Double.NaN))
        .hasMessage("shrinkage must be finite and >= 0, was NaN");
    assertThatThrownBy(() -> Scoring.REFERENCE.withBeta(-1))
        .hasMessage("beta must be finite and >= 0, was -1.0");
    assertThatThrownBy(() -> Scoring.REFERENCE.withExponent(0))
        .hasMessage("exponent must be in (0, 10], was 0.0");
    assertThatThrownBy(() -> Neighbourhood.parse("both"))
        .hasMessage("neighbourhood must be one of [history, candidate], was \"both\"");
    assertThat(Neighbourhood.parse("Candidate")).isEqualTo(Neighbourhood.CANDIDATE);
  }
}
