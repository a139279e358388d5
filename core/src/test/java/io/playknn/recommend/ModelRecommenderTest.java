package io.playknn.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.RandomMatrices;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import io.playknn.model.KnnModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link KnnModel#recommender()}: served from the stored table whenever it can, and says so. */
class ModelRecommenderTest {
  @TempDir Path dir;

  private static final long SEED = 1801L;
  private static final SparseMatrix M = RandomMatrices.withTies(SEED, 150, 40, 0.15);

  private static List<String> names() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < M.rows(); i++) {
      names.add("artist " + i);
    }
    return names;
  }

  private static KnnModel fit(int neighbors) {
    return KnnModel.fit(M, KnnOptions.builder().neighbors(neighbors).threads(2).build(), names());
  }

  private static void assertSameRecommendations(Recommender a, Recommender b, String what) {
    for (int q = 0; q < 20; q++) {
      SparseVector h = SparseVector.of(M.rows(), new int[] {q, q + 40, q + 90}, new double[] {3, 1, 2});
      Recommendations x = a.recommend(h, 12);
      Recommendations y = b.recommend(h, 12);
      assertThat(x.items()).as(what + " seed " + SEED + " query " + q).containsExactly(y.items());
      assertThat(x.scores()).as(what + " seed " + SEED + " query " + q).containsExactly(y.scores());
    }
  }

  /** The case: n_neighbors 101 with a 100-wide table serves the table's 100. */
  @Test
  void recommender_indexNeighborsAboveTableWidth_servesFromTheTable() throws Exception {
    Path file = dir.resolve("m.pknn");
    fit(101).withNeighborTable(100).save(file);
    KnnModel loaded = KnnModel.load(file);
    Recommender r = loaded.recommender();
    assertThat(r.fromNeighborTable()).isTrue();
    assertThat(r.neighbors()).isEqualTo(100);
    assertThat(r.names()).isPresent();
    Recommender computed = Recommender.builder(loaded.index(), M).neighbors(100).build();
    assertThat(computed.fromNeighborTable()).isFalse();
    assertSameRecommendations(r, computed, "table 100");
  }

  @Test
  void recommender_indexNeighborsWithinTable_usesThemFromTheTable() {
    Recommender r = fit(7).withNeighborTable(30).recommender();
    assertThat(r.fromNeighborTable()).isTrue();
    assertThat(r.neighbors()).isEqualTo(7);
    assertSameRecommendations(r, fit(7).recommender(), "table 30, neighbors 7");
  }

  @Test
  void recommender_withoutTable_computesAndSaysSo() {
    Recommender r = fit(9).recommender();
    assertThat(r.fromNeighborTable()).isFalse();
    assertThat(r.neighbors()).isEqualTo(9);
  }

  @Test
  void recommenderBuilder_moreNeighborsThanTheTable_isRefusedUnlessChosen() {
    KnnModel m = fit(101).withNeighborTable(100);
    assertThatThrownBy(() -> m.recommenderBuilder().neighbors(101).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("neighbors = 101 needs 101 neighbours per item, more than the neighbour table"
            + " holds (100); ask for at most 100, or choose computeBeyondTable() to compute every"
            + " item's list");
    Recommender wide = m.recommenderBuilder().neighbors(101).computeBeyondTable().build();
    assertThat(wide.fromNeighborTable()).isFalse();
    assertThat(wide.neighbors()).isEqualTo(101);
    assertSameRecommendations(wide, fit(101).recommender(), "computed 101");
    // Within the table the choice changes nothing: the table serves.
    Recommender within = m.recommenderBuilder().neighbors(60).computeBeyondTable().build();
    assertThat(within.fromNeighborTable()).isTrue();
  }

  /** More neighbours than there are other items is capped at items - 1, which the table holds. */
  @Test
  void recommenderBuilder_neighborsBeyondItems_cappedAndServedFromAFullTable() {
    Recommender r = fit(5).withNeighborTable(M.rows() + 10).recommenderBuilder()
        .neighbors(M.rows() + 50).build();
    assertThat(r.fromNeighborTable()).isTrue();
    assertThat(r.neighbors()).isEqualTo(M.rows() - 1);
  }
}
