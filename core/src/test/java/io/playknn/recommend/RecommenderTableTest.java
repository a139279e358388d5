package io.playknn.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.knn.RandomMatrices;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import io.playknn.model.KnnModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Recommender.Builder#neighborTable}: a saved table replaces the computed one. */
class RecommenderTableTest {
  @TempDir Path dir;

  private static final KnnOptions COSINE =
      KnnOptions.builder().metric(Metric.COSINE).neighbors(5).threads(2).build();

  private static List<String> names(int n) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add("item " + i);
    }
    return names;
  }

  @Test
  void build_withLoadedModelTable_recommendsAsWhenComputed() throws Exception {
    long seed = 4242L;
    SparseMatrix m = RandomMatrices.withTies(seed, 120, 40, 0.15);
    Path file = dir.resolve("m.pknn");
    KnnModel.fit(m, COSINE, names(m.rows())).withNeighborTable(30).save(file);
    KnnModel loaded = KnnModel.load(file);
    Files.delete(file);
    NeighborTable table = loaded.neighborTable().orElseThrow();
    assertThat(table.count(0)).isEqualTo(30);

    for (int k : new int[] {10, 30}) {
      Recommender computed = Recommender.builder(loaded.index(), m).neighbors(k).build();
      Recommender fromTable =
          Recommender.builder(loaded.index(), m).neighbors(k).neighborTable(table).build();
      SplittableRandom random = new SplittableRandom(seed + k);
      for (int trial = 0; trial < 40; trial++) {
        int[] items = random.ints(1 + random.nextInt(6), 0, m.rows()).distinct().sorted().toArray();
        double[] weights = random.doubles(items.length, 0.5, 20).toArray();
        SparseVector history = SparseVector.of(m.rows(), items, weights);
        Recommendations expected = computed.recommend(history, 15);
        Recommendations actual = fromTable.recommend(history, 15);
        String what = "seed " + seed + " k " + k + " trial " + trial;
        assertThat(actual.items()).as(what).containsExactly(expected.items());
        assertThat(actual.scores()).as(what).containsExactly(expected.scores());
        assertThat(fromTable.explain(history, actual, 3)).as(what)
            .isEqualTo(computed.explain(history, expected, 3));
        int item = items[0];
        assertThat(fromTable.similar(item, k).items()).as(what)
            .containsExactly(computed.similar(item, k).items());
      }
    }
  }

  /** 4 items whose real cosine neighbours differ from the table given: the table is what is used. */
  @Test
  void build_withTable_answersFromTheTableNotTheIndex() {
    SparseMatrix m = SparseMatrix.builder(4, 3)
        .add(0, 0, 1).add(1, 0, 1).add(1, 1, 1).add(2, 1, 1).add(3, 2, 1).build();
    NearestNeighbors knn = NearestNeighbors.fit(m, COSINE);
    assertThat(knn.kneighbors(0, 1).index(0)).isEqualTo(1);
    NeighborTable made = NeighborTable.of(
        new int[] {0, 1, 2, 3},
        new int[] {0, 2, 4, 6, 8},
        new int[] {3, 2, 3, 0, 0, 1, 0, 1},
        new double[] {0.25, 0.5, 0.0, 0.125, 0.5, 0.5, 0.75, 1.0});
    Recommender r = Recommender.builder(knn, m).neighbors(2).neighborTable(made).build();
    assertThat(r.similar(0, 2).items()).containsExactly(3, 2);
    assertThat(r.similar(0, 2).scores()).containsExactly(0.75, 0.5);
    // Item 0 with weight 2: scores 2 × (1 - d) over its table row.
    Recommendations recs = r.recommend(SparseVector.of(4, new int[] {0}, new double[] {2}), 3);
    assertThat(recs.items()).containsExactly(3, 2, 1);
    assertThat(recs.scores()).containsExactly(1.5, 1.0, 0.0);
  }

  @Test
  void build_tableNarrowerThanNeighbors_refusedUnlessComputingIsChosen() {
    SparseMatrix m = RandomMatrices.withTies(7L, 30, 12, 0.3);
    NearestNeighbors knn = NearestNeighbors.fit(m, COSINE);
    NeighborTable narrow = knn.kneighborsAll(3);
    assertThatThrownBy(() -> Recommender.builder(knn, m).neighbors(8).neighborTable(narrow).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("neighbors = 8 needs 8 neighbours per item, more than the neighbour"
            + " table holds (3)");
    Recommender withNarrow = Recommender.builder(knn, m).neighbors(8).neighborTable(narrow)
        .computeBeyondTable().build();
    assertThat(withNarrow.fromNeighborTable()).isFalse();
    // Without neighbors(...), the default (the index's 5) is capped to the table's 3.
    Recommender byDefault = Recommender.builder(knn, m).neighborTable(narrow).build();
    assertThat(byDefault.fromNeighborTable()).isTrue();
    assertThat(byDefault.neighbors()).isEqualTo(3);
    Recommender computed = Recommender.builder(knn, m).neighbors(8).build();
    SparseVector h = SparseVector.of(30, new int[] {2, 9}, new double[] {1, 3});
    assertThat(withNarrow.recommend(h, 10).items()).containsExactly(computed.recommend(h, 10).items());
    assertThat(withNarrow.recommend(h, 10).scores())
        .containsExactly(computed.recommend(h, 10).scores());
  }

  @Test
  void build_tableNotMatchingTheIndex_rejected() {
    SparseMatrix m = RandomMatrices.withTies(8L, 6, 5, 0.5);
    NearestNeighbors knn = NearestNeighbors.fit(m, COSINE);
    NeighborTable fewerRows = NeighborTable.of(
        new int[] {0, 1}, new int[] {0, 1, 2}, new int[] {1, 0}, new double[] {0.1, 0.1});
    assertThatThrownBy(() -> Recommender.builder(knn, m).neighborTable(fewerRows).neighbors(1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("neighborTable must have one row per indexed item (6), had 2 rows");
    NeighborTable shuffled = knn.kneighbors(new int[] {0, 1, 2, 3, 5, 4}, 2);
    assertThatThrownBy(() -> Recommender.builder(knn, m).neighborTable(shuffled).neighbors(2).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("neighborTable row 4 must answer item 4, answers 5");
    NeighborTable outOfRange = NeighborTable.of(
        new int[] {0, 1, 2, 3, 4, 5}, new int[] {0, 1, 2, 3, 4, 5, 6},
        new int[] {1, 0, 1, 9, 0, 0}, new double[] {0, 0, 0, 0, 0, 0});
    assertThatThrownBy(() -> Recommender.builder(knn, m).neighborTable(outOfRange).neighbors(1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("neighborTable row 3, rank 0: index must be in [0, 6) and not 3, was 9");
  }
}
