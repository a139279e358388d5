package io.playknn.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every metric against values worked out by hand from its definition. */
class RankingMetricsTest {
  private static final double EPS = 1e-12;

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  // Ranked 3, 1, 7, 5; relevant {1, 5, 9}: hits at ranks 2 and 4.
  private static final int[] RANKED = {3, 1, 7, 5};
  private static final int[] RELEVANT = {1, 5, 9};

  @Test
  void allMetrics_twoHitsOfThreeAtK4() {
    assertThat(RankingMetrics.hit(RANKED, 4, RELEVANT)).isEqualTo(1.0);
    assertThat(RankingMetrics.precision(RANKED, 4, RELEVANT)).isEqualTo(2.0 / 4);
    assertThat(RankingMetrics.recall(RANKED, 4, RELEVANT)).isEqualTo(2.0 / 3);
    double dcg = 1 / log2(3) + 1 / log2(5);
    double idcg = 1 + 1 / log2(3) + 1 / log2(4);
    assertThat(RankingMetrics.ndcg(RANKED, 4, RELEVANT)).isCloseTo(dcg / idcg, within(EPS));
    // AP = (P@2 + P@4) / min(4, 3) = (1/2 + 2/4) / 3.
    assertThat(RankingMetrics.averagePrecision(RANKED, 4, RELEVANT))
        .isCloseTo(1.0 / 3, within(EPS));
    assertThat(RankingMetrics.reciprocalRank(RANKED, 4, RELEVANT)).isEqualTo(0.5);
  }

  @Test
  void allMetrics_cutOffTruncatesTheList() {
    // K = 2: only 3, 1 count; one hit at rank 2.
    assertThat(RankingMetrics.hit(RANKED, 2, RELEVANT)).isEqualTo(1.0);
    assertThat(RankingMetrics.precision(RANKED, 2, RELEVANT)).isEqualTo(0.5);
    assertThat(RankingMetrics.recall(RANKED, 2, RELEVANT)).isEqualTo(1.0 / 3);
    assertThat(RankingMetrics.ndcg(RANKED, 2, RELEVANT))
        .isCloseTo((1 / log2(3)) / (1 + 1 / log2(3)), within(EPS));
    assertThat(RankingMetrics.averagePrecision(RANKED, 2, RELEVANT))
        .isCloseTo(0.5 / 2, within(EPS));
    assertThat(RankingMetrics.reciprocalRank(RANKED, 1, RELEVANT)).isZero();
  }

  @Test
  void allMetrics_userWithNoHitsScoresZero() {
    int[] ranked = {0, 2, 4};
    int[] relevant = {5};
    assertThat(RankingMetrics.hit(ranked, 3, relevant)).isZero();
    assertThat(RankingMetrics.precision(ranked, 3, relevant)).isZero();
    assertThat(RankingMetrics.recall(ranked, 3, relevant)).isZero();
    assertThat(RankingMetrics.ndcg(ranked, 3, relevant)).isZero();
    assertThat(RankingMetrics.averagePrecision(ranked, 3, relevant)).isZero();
    assertThat(RankingMetrics.reciprocalRank(ranked, 3, relevant)).isZero();
  }

  @Test
  void allMetrics_kLargerThanCatalogue() {
    // A 3-item catalogue, item 1 in training: only 2 items can be listed although K = 10.
    int[] ranked = {2, 0};
    int[] relevant = {0};
    assertThat(RankingMetrics.hit(ranked, 10, relevant)).isEqualTo(1.0);
    assertThat(RankingMetrics.precision(ranked, 10, relevant)).isEqualTo(0.1);
    assertThat(RankingMetrics.recall(ranked, 10, relevant)).isEqualTo(1.0);
    assertThat(RankingMetrics.ndcg(ranked, 10, relevant)).isCloseTo(1 / log2(3), within(EPS));
    assertThat(RankingMetrics.averagePrecision(ranked, 10, relevant)).isEqualTo(0.5);
    assertThat(RankingMetrics.reciprocalRank(ranked, 10, relevant)).isEqualTo(0.5);
    assertThat(RankingMetrics.coverage(List.of(ranked), 10, 3)).isCloseTo(2.0 / 3, within(EPS));
  }

  @Test
  void ndcgAndMap_perfectRankingScoresOne() {
    int[] ranked = {4, 2, 9};
    assertThat(RankingMetrics.ndcg(ranked, 3, new int[] {2, 4})).isCloseTo(1.0, within(EPS));
    assertThat(RankingMetrics.averagePrecision(ranked, 3, new int[] {2, 4})).isEqualTo(1.0);
    // More relevant items than K: the ideal fills all K positions.
    assertThat(RankingMetrics.ndcg(ranked, 2, new int[] {2, 4, 7, 8})).isCloseTo(1.0, within(EPS));
    assertThat(RankingMetrics.averagePrecision(ranked, 2, new int[] {2, 4, 7, 8})).isEqualTo(1.0);
  }

  @Test
  void popularityAndNovelty_handComputed() {
    double[] popularity = {0.5, 0.25, 1.0};
    assertThat(RankingMetrics.meanPopularity(new int[] {2, 1}, 5, popularity)).isEqualTo(0.625);
    assertThat(RankingMetrics.meanPopularity(new int[] {2, 1}, 1, popularity)).isEqualTo(1.0);
    assertThat(RankingMetrics.meanPopularity(new int[0], 5, popularity)).isZero();
    int[] listeners = {2, 1, 4, 0};
    // log2(4 / max(0, 1)) = 2 and log2(4 / 2) = 1.
    assertThat(RankingMetrics.novelty(new int[] {3, 0}, 10, listeners, 4)).isEqualTo(1.5);
    assertThat(RankingMetrics.novelty(new int[] {2}, 10, listeners, 4)).isZero();
  }

  @Test
  void coverage_distinctItemsInTopK() {
    List<int[]> lists = List.of(new int[] {0, 1}, new int[] {1, 2}, new int[0]);
    assertThat(RankingMetrics.coverage(lists, 1, 5)).isEqualTo(0.4);
    assertThat(RankingMetrics.coverage(lists, 2, 5)).isCloseTo(0.6, within(EPS));
  }

  @Test
  void metrics_rejectBadArguments() {
    assertThatThrownBy(() -> RankingMetrics.ndcg(RANKED, 0, RELEVANT))
        .hasMessageContaining("k must be >= 1, was 0");
    assertThatThrownBy(() -> RankingMetrics.recall(RANKED, 3, new int[0]))
        .hasMessageContaining("relevant must not be empty");
    assertThatThrownBy(() -> RankingMetrics.coverage(List.of(new int[] {7}), 1, 5))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("was 7");
  }

  @Test
  void metrics_unsortedRelevantOrRepeatedRecommendation_rejectedNotMiscounted() {
    // Unsorted, the binary search would miss item 2 (a hit); repeated, item 3 would count twice
    // and recall would reach 2 / 1.
    assertThatThrownBy(() -> RankingMetrics.hit(new int[] {2}, 1, new int[] {5, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("relevant must be sorted ascending without repeats, but holds 5 before 2");
    assertThatThrownBy(() -> RankingMetrics.recall(new int[] {3, 1, 3}, 3, new int[] {3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ranked must not repeat an item in its top 3, but item 3 repeats");
    // A repeat past the cut-off does not count, so it is allowed.
    assertThat(RankingMetrics.recall(new int[] {3, 1, 3}, 2, new int[] {3})).isEqualTo(1.0);
  }
}
