package io.playknn.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.Neighbors;
import io.playknn.knn.RandomMatrices;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecommenderTest {
  private static final double HALF_ROOT2 = Math.sqrt(0.5);

  /**
   * Items × users. cos(0,1) = cos(0,2) = cos(3,4) = 1/sqrt(2); every other pair 0. With k = 2: 0 →
   * [1, 2], 1 → [0, 2 (sim 0)], 2 → [0, 1 (sim 0)], 3 → [4, 0 (sim 0)], 4 → [3, 0 (sim 0)].
   */
  private static SparseMatrix tiny() {
    return SparseMatrix.builder(5, 4)
        .add(0, 0, 1)
        .add(0, 1, 1)
        .add(1, 0, 1)
        .add(2, 1, 1)
        .add(3, 2, 1)
        .add(4, 2, 1)
        .add(4, 3, 1)
        .build();
  }

  private static Recommender recommender(SparseMatrix m, int k, int threads) {
    NearestNeighbors knn =
        NearestNeighbors.fit(
            m, KnnOptions.builder().metric(Metric.COSINE).neighbors(k).threads(threads).build());
    return Recommender.builder(knn, m)
        .names(ItemNames.of(List.of("a", "b", "c", "d", "e")))
        .neighbors(k)
        .threads(threads)
        .build();
  }

  private static SparseVector history(int size, int[] items, double[] weights) {
    return SparseVector.of(size, items, weights);
  }

  @Test
  void recommend_handComputedScoresAndZeroFill() {
    Recommender r = recommender(tiny(), 2, 1);
    Recommendations recs = r.recommend(history(5, new int[] {0}, new double[] {2}), 10);
    // 1 and 2 score 2/sqrt(2) (tie: lower index first); 3 and 4 are unreached: score 0, by index.
    assertThat(recs.items()).containsExactly(1, 2, 3, 4);
    assertThat(recs.scores())
        .containsExactly(new double[] {2 * HALF_ROOT2, 2 * HALF_ROOT2, 0, 0}, within(1e-12));
  }

  @Test
  void recommend_tiesByLowerIndexAndReachedZeroInterleavesByIndex() {
    Recommender r = recommender(tiny(), 2, 1);
    // 1 → [0 (.707), 2 (0)], 3 → [4 (.707), 0 (0)]: 0 = .707, 4 = .707, 2 = 0 (reached).
    Recommendations recs = r.recommend(history(5, new int[] {1, 3}, new double[] {1, 1}), 3);
    assertThat(recs.items()).containsExactly(0, 4, 2);
    assertThat(recs.score(0)).isCloseTo(HALF_ROOT2, within(1e-12));
    assertThat(recs.score(1)).isCloseTo(HALF_ROOT2, within(1e-12));
    assertThat(recs.score(2)).isZero();
  }

  @Test
  void recommend_exactlyNWhenCandidatesExistAndFewerOnlyWhenNotEnough() {
    Recommender r = recommender(tiny(), 1, 1);
    SparseVector h = history(5, new int[] {0, 1}, new double[] {1, 1});
    assertThat(r.recommend(h, 1).size()).isEqualTo(1);
    assertThat(r.recommend(h, 3).items()).containsExactly(2, 3, 4);
    assertThat(r.recommend(h, 50).size()).isEqualTo(3);
    SparseVector all = history(5, new int[] {0, 1, 2, 3, 4}, new double[] {1, 1, 1, 1, 1});
    assertThat(r.recommend(all, 5).size()).isZero();
  }

  @Test
  void recommend_negativeSimilarityRanksBelowUnreachedZeros() {
    // 0 = (1, 0), 1 = (-1, 0), 2 = (0, 1), 3 = (0, 2): similarity(0, 1) = -1, (0, 2) = (0, 3) = 0.
    SparseMatrix m =
        SparseMatrix.builder(4, 2).add(0, 0, 1).add(1, 0, -1).add(2, 1, 1).add(3, 1, 2).build();
    SparseVector h = history(4, new int[] {0}, new double[] {1});
    for (int k : new int[] {1, 3}) {
      NearestNeighbors knn =
          NearestNeighbors.fit(m, KnnOptions.builder().neighbors(k).threads(1).build());
      Recommendations recs = Recommender.builder(knn, m).neighbors(k).build().recommend(h, 3);
      if (k == 3) {
        // All reached: 2 and 3 score 0 (by index), 1 scores -1 and comes last.
        assertThat(recs.items()).containsExactly(2, 3, 1);
        assertThat(recs.scores()).containsExactly(0, 0, -1);
      } else {
        // Only 2 reached (score 0); 1 and 3 unreached also score 0: all by index.
        assertThat(recs.items()).containsExactly(1, 2, 3);
        assertThat(recs.scores()).containsExactly(0, 0, 0);
      }
    }
  }

  @Test
  void recommend_explicitZeroWeightStillExcludes() {
    Recommender r = recommender(tiny(), 2, 1);
    Recommendations recs = r.recommend(history(5, new int[] {0, 1}, new double[] {1, 0}), 4);
    assertThat(recs.items()).containsExactly(2, 3, 4);
  }

  @Test
  void recommend_rejectsBadInput() {
    Recommender r = recommender(tiny(), 2, 1);
    assertThatThrownBy(() -> r.recommend(history(5, new int[] {0}, new double[] {-1}), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item 0")
        .hasMessageContaining("-1.0");
    assertThatThrownBy(() -> r.recommend(history(4, new int[] {0}, new double[] {1}), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5, was 4");
    assertThatThrownBy(() -> r.recommend(history(5, new int[] {0}, new double[] {1}), 0))
        .hasMessageContaining("n must be >= 1, was 0");
  }

  @Test
  void builder_rejectsEuclideanAndMismatchedMatrix() {
    SparseMatrix m = tiny();
    NearestNeighbors euclid =
        NearestNeighbors.fit(m, KnnOptions.builder().metric(Metric.EUCLIDEAN).build());
    assertThatThrownBy(() -> Recommender.builder(euclid, m).build())
        .hasMessageContaining("metric must be cosine")
        .hasMessageContaining("euclidean");
    NearestNeighbors knn = NearestNeighbors.fit(m, KnnOptions.defaults());
    assertThatThrownBy(() -> Recommender.builder(knn, m.transpose()).build())
        .hasMessageContaining("one row per indexed item (5), had 4 rows");
    assertThatThrownBy(() -> Recommender.builder(knn, m).names(ItemNames.of(List.of("x"))).build())
        .hasMessageContaining("named 1");
    assertThatThrownBy(() -> Recommender.builder(knn, m).build().similar("a", 2))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void similar_byIndexAndNameScoresAreSimilarities() {
    Recommender r = recommender(tiny(), 2, 1);
    Recommendations s = r.similar("D", 4);
    assertThat(s.items()).containsExactly(4, 0, 1, 2);
    assertThat(s.score(0)).isCloseTo(HALF_ROOT2, within(1e-12));
    assertThat(s.score(1)).isZero();
    assertThat(r.similar(3, 100).size()).isEqualTo(4);
    assertThatThrownBy(() -> r.similar("zz", 2)).isInstanceOf(UnknownItemException.class);
  }

  @Test
  void basket_meanSimilarityExcludesBasket() {
    Recommender r = recommender(tiny(), 2, 1);
    Recommendations b = r.basket(new int[] {1, 3, 3}, 3);
    // Distinct {1, 3}, weights 1/2: 0 and 4 score .707 / 2.
    assertThat(b.items()).containsExactly(0, 4, 2);
    assertThat(b.score(0)).isCloseTo(HALF_ROOT2 / 2, within(1e-12));
    assertThat(r.basket(List.of("b", "d"), 3)).isEqualTo(b);
    assertThatThrownBy(() -> r.basket(new int[0], 3)).hasMessageContaining("at least one");
  }

  @Test
  void explain_listsContributorsWithSimilarityAndCoListeners() {
    Recommender r = recommender(tiny(), 2, 1);
    SparseVector h = r.history(Map.of("b", 1.0, "d", 3.0));
    Recommendations recs = r.recommend(h, 3);
    // 4: 3 × .707 from d; 0: 1 × .707 from b plus 3 × 0 from d; 2: 1 × 0 from b.
    assertThat(recs.items()).containsExactly(4, 0, 2);
    List<Explanation> why = r.explain(h, recs, 5);
    assertThat(why).hasSize(3);
    Explanation first = why.get(0);
    assertThat(first.item()).isEqualTo(4);
    assertThat(first.score()).isEqualTo(recs.score(0));
    assertThat(first.contributions()).hasSize(1);
    assertThat(first.contributions().get(0).historyItem()).isEqualTo(3);
    assertThat(first.contributions().get(0).coListeners()).isEqualTo(1);
    assertThat(first.contributions().get(0).contribution())
        .isCloseTo(3 * HALF_ROOT2, within(1e-12));
    Explanation second = why.get(1);
    assertThat(second.contributions()).extracting(Contribution::historyItem).containsExactly(1, 3);
    assertThat(second.contributions()).extracting(Contribution::coListeners).containsExactly(1, 0);
    assertThat(second.contributions().get(1).similarity()).isZero();
    assertThat(r.explain(h, recs, 1).get(1).contributions()).hasSize(1);
  }

  @Test
  void coListeners_countsSharedUsers() {
    Recommender r = recommender(tiny(), 2, 1);
    assertThat(r.coListeners(0, 1)).isEqualTo(1);
    assertThat(r.coListeners(0, 0)).isEqualTo(2);
    assertThat(r.coListeners(0, 4)).isZero();
  }

  /** Naive scoring straight from the definition, from the index's own neighbour lists. */
  private static List<ScoredItem> naive(NearestNeighbors knn, int k, SparseVector history, int n) {
    int size = knn.size();
    double[] score = new double[size];
    boolean[] inHistory = new boolean[size];
    for (int i = 0; i < history.size(); i++) {
      inHistory[history.indexAt(i)] = true;
    }
    for (int i = 0; i < history.size(); i++) {
      Neighbors list = knn.kneighbors(history.indexAt(i), k);
      for (int r = 0; r < list.size(); r++) {
        score[list.index(r)] += history.valueAt(i) * (1 - list.distance(r));
      }
    }
    List<ScoredItem> all = new ArrayList<>();
    for (int c = 0; c < size; c++) {
      if (!inHistory[c]) {
        all.add(new ScoredItem(c, score[c]));
      }
    }
    all.sort(
        Comparator.comparingDouble(ScoredItem::score)
            .reversed()
            .thenComparingInt(ScoredItem::item));
    return all.subList(0, Math.min(n, all.size()));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void recommend_matchesNaiveDefinition(long seed) {
    SparseMatrix m = RandomMatrices.withTies(seed, 40, 25, 0.15);
    int k = 1 + (int) (seed % 7);
    NearestNeighbors knn =
        NearestNeighbors.fit(m, KnnOptions.builder().neighbors(k).threads(1).build());
    Recommender r = Recommender.builder(knn, m).neighbors(k).threads(1).build();
    SplittableRandom random = new SplittableRandom(seed);
    for (int trial = 0; trial < 30; trial++) {
      int length = 1 + random.nextInt(6);
      int[] items = random.ints(length, 0, 40).toArray();
      double[] weights = random.doubles(length, 0, 3).toArray();
      SparseVector h = SparseVector.of(40, items, weights);
      int n = 1 + random.nextInt(45);
      Recommendations got = r.recommend(h, n);
      assertThat(got.asList()).as("seed %d trial %d", seed, trial).isEqualTo(naive(knn, k, h, n));
      List<Explanation> why = r.explain(h, got, 100);
      for (int i = 0; i < got.size(); i++) {
        assertThat(why.get(i).score())
            .as("seed %d explanation %d", seed, i)
            .isEqualTo(got.score(i));
      }
    }
  }

  @ParameterizedTest(name = "threads {0}")
  @ValueSource(ints = {1, 2, 3})
  void recommendAll_sameAsOneByOneForAnyThreadCount(int threads) {
    SparseMatrix m = RandomMatrices.withTies(11, 60, 80, 0.1);
    Recommender r = recommender5(m, threads);
    SparseMatrix users = m.transpose();
    AtomicLong last = new AtomicLong();
    List<Recommendations> all =
        r.recommendAll(users, 7, (done, total) -> last.accumulateAndGet(done, Math::max));
    assertThat(all).hasSize(80);
    assertThat(last.get()).isEqualTo(80);
    for (int u = 0; u < 80; u++) {
      assertThat(all.get(u)).as("user %d", u).isEqualTo(r.recommend(users.row(u), 7));
    }
  }

  private static Recommender recommender5(SparseMatrix m, int threads) {
    NearestNeighbors knn =
        NearestNeighbors.fit(m, KnnOptions.builder().neighbors(5).threads(threads).build());
    return Recommender.builder(knn, m).build();
  }
}
