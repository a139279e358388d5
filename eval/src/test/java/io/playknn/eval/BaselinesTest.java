package io.playknn.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import io.playknn.recommend.Recommender;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BaselinesTest {

  @Test
  void itemKnn_referenceConfigEqualsTheReferenceRecommender_binaryReadsHistoriesAsOnes() {
    SparseMatrix m = TestData.random(21, 40, 120, 0.3);
    Algorithm reference = Baselines.itemKnn("r", m, ItemKnnConfig.REFERENCE, 2);
    Algorithm plain = Baselines.itemBased("p", Baselines.fitItemKnn(m, 100, 2));
    ItemKnnConfig binary =
        new ItemKnnConfig(ItemKnnConfig.Values.BINARY, 10, io.playknn.recommend.Scoring.REFERENCE);
    Algorithm b = Baselines.itemKnn("b", m, binary, 1);
    Algorithm onesFirst =
        Baselines.itemBased("o", Baselines.fitItemKnn(ItemKnnConfig.Values.BINARY.apply(m), 10, 1));
    SparseMatrix byUser = m.transpose();
    for (int u = 0; u < 120; u++) {
      SparseVector h = byUser.row(u);
      assertThat(reference.recommend(u, h, 10)).containsExactly(plain.recommend(u, h, 10));
      assertThat(b.recommend(u, h, 10))
          .containsExactly(onesFirst.recommend(u, ItemKnnConfig.Values.BINARY.apply(h), 10));
    }
    assertThat(binary.toString())
        .isEqualTo(
            "values=binary, neighbours=10, alpha=0.5, beta=0.0, exponent=1.0, shrinkage=0.0,"
                + " neighbourhood=history");
  }

  @Test
  void favourite_largestValueTiesToLowerIndex() {
    assertThat(Baselines.favourite(SparseVector.of(6, new int[] {1, 4, 5}, new double[] {2, 3, 3})))
        .isEqualTo(4);
    assertThat(Baselines.favourite(SparseVector.empty(3))).isEqualTo(-1);
  }

  @Test
  void mostPopular_byListenersTiesToLowerIndexSkippingHistory() {
    // Listeners per item: 0 → 2, 1 → 1, 2 → 1, 3 → 1, 4 → 2.
    Algorithm a = Baselines.mostPopular(TestData.tiny());
    assertThat(a.recommend(0, SparseVector.empty(5), 10)).containsExactly(0, 4, 1, 2, 3);
    assertThat(a.recommend(0, SparseVector.of(5, new int[] {0, 2}, new double[] {1, 1}), 2))
        .containsExactly(4, 1);
  }

  @Test
  void random_seededPerUserExcludesHistoryExactlyMinKAvailable() {
    Algorithm a = Baselines.random(20, 9);
    SparseVector h = SparseVector.of(20, new int[] {0, 3, 19}, new double[] {1, 1, 1});
    int[] first = a.recommend(5, h, 10);
    assertThat(first).hasSize(10).doesNotContain(0, 3, 19).doesNotHaveDuplicates();
    assertThat(a.recommend(5, h, 10)).containsExactly(first);
    assertThat(Baselines.random(20, 9).recommend(5, h, 10)).containsExactly(first);
    assertThat(a.recommend(6, h, 10)).isNotEqualTo(first);
    int[] all = a.recommend(5, h, 100);
    assertThat(all).hasSize(17);
    Arrays.sort(all);
    assertThat(all).doesNotContain(0, 3, 19).doesNotHaveDuplicates();
  }

  @Test
  void favouriteItem_neighboursOfFavouriteSkippingHistory() {
    SparseMatrix m = TestData.tiny();
    Recommender r = Baselines.fitItemKnn(m, 4, 1);
    Algorithm a = Baselines.favouriteItem(r);
    // Favourite 0 (value 1 beats .5); its neighbours 1, 2 (sim .707), then 3, 4 (sim 0).
    SparseVector h = SparseVector.of(5, new int[] {0, 1}, new double[] {1, 0.5});
    assertThat(a.recommend(0, h, 2)).containsExactly(2, 3);
    assertThat(a.recommend(0, h, 9)).containsExactly(2, 3, 4);
    assertThat(a.recommend(0, SparseVector.empty(5), 3)).isEmpty();
  }

  @Test
  void itemBased_isTheRecommendersList() {
    SparseMatrix m = TestData.tiny();
    Recommender r = Baselines.fitItemKnn(m, 2, 1);
    SparseVector h = SparseVector.of(5, new int[] {1, 3}, new double[] {1, 1});
    assertThat(Baselines.itemBased("knn", r).recommend(0, h, 3))
        .containsExactly(r.recommend(h, 3).items())
        .containsExactly(0, 4, 2);
  }
}
