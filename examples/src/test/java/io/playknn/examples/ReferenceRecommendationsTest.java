package io.playknn.examples;

import io.playknn.eval.ReferenceData;
import static org.assertj.core.api.Assertions.assertThat;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.NaiveTestProvider;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.knn.Neighbors;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

class ReferenceRecommendationsTest {
  /**
   * Every provider on the class path except core's naive test oracle (its dense double loop takes
   * a minute for the all-items table and is checked against brute in core's own tests).
   */
  static Stream<String> algorithms() {
    return NearestNeighbors.providerNames().stream()
        .filter(name -> !name.equals(NaiveTestProvider.NAME));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("algorithms")
  void compute_reproducesThePublishedListsNameForName(String algorithm) {
    ReferenceData data = ReferenceData.fromClassPath();
    assertThat(data.expected()).hasSize(5);
    Map<String, Neighbors> lists = ReferenceRecommendations.compute(data, algorithm);
    assertThat(lists.keySet())
        .containsExactly("the beatles", "eagles", "genesis", "nirvana", "the strokes");
    for (Map.Entry<String, Neighbors> e : lists.entrySet()) {
      assertThat(ReferenceRecommendations.names(data, e.getValue()))
          .as("%s with %s", e.getKey(), algorithm)
          .containsExactlyElementsOf(data.expected().get(e.getKey()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("algorithms")
  void allItemsTable_holdsThePublishedLists(String algorithm) {
    ReferenceData data = ReferenceData.fromClassPath();
    NeighborTable table =
        NearestNeighbors.fit(
                data.matrix(),
                KnnOptions.builder().algorithm(algorithm).metric(Metric.COSINE).threads(2).build())
            .kneighborsAll(ReferenceRecommendations.REFERENCE_NEIGHBORS);
    for (Map.Entry<String, java.util.List<String>> e : data.expected().entrySet()) {
      Neighbors row = table.row(data.artist(e.getKey())).head(ReferenceRecommendations.SHOWN);
      assertThat(ReferenceRecommendations.names(data, row))
          .as("%s from the %s table", e.getKey(), algorithm)
          .containsExactlyElementsOf(e.getValue());
    }
  }
}
