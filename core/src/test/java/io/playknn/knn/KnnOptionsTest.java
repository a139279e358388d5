package io.playknn.knn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.matrix.DenseMatrix;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Provider parameters are checked against what the provider declares, where they are set. */
class KnnOptionsTest {
  private static final DenseMatrix POINTS = DenseMatrix.of(3, 1, new double[] {0, 1, 3});

  @Test
  void build_misspeltBallTreeParameter_isRejectedNamingTheKnownOnes() {
    assertThatThrownBy(
            () -> KnnOptions.builder().algorithm("ball_tree").parameter("leafsize", "10").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown parameter \"leafsize\" for algorithm \"ball_tree\"; known parameters: [leaf_size]");
  }

  @Test
  void build_ballTreeParameterUnderTheDefaultAlgorithm_isRejectedNamingWhereItBelongs() {
    assertThatThrownBy(() -> KnnOptions.builder().parameter("leafsize", "10").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown parameter \"leafsize\" for algorithm \"brute\"; known parameters: "
            + new java.util.TreeSet<>(NearestNeighbors.provider("brute").parameterNames()))
        .hasMessageEndingWith("; \"leaf_size\" is a parameter of \"ball_tree\"");
  }

  @Test
  void build_declaredParameter_isKept() {
    KnnOptions o = KnnOptions.builder().algorithm("ball_tree").parameter("leaf_size", "2").build();
    assertThat(o.parameters()).containsEntry("leaf_size", "2");
    assertThat(NearestNeighbors.provider("ball_tree").parameterNames()).isEqualTo(Set.of("leaf_size"));
  }

  @Test
  void build_providerNotOnTheClassPath_isCheckedWhenFitted() {
    KnnOptions o = KnnOptions.builder().algorithm("annoy").parameter("trees", "10").build();
    assertThatThrownBy(() -> NearestNeighbors.fit(POINTS, o))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no NearestNeighbors provider named \"annoy\"");
  }

  @Test
  void fit_thirdPartyProviderDeclaringNothing_rejectsAnyParameter() {
    assertThatThrownBy(
            () -> KnnOptions.builder().algorithm(NaiveTestProvider.NAME).parameter("leaf_size", "3").build())
        .hasMessage("unknown parameter \"leaf_size\" for algorithm \"naive_test\"; known parameters: []; "
            + "\"leaf_size\" is a parameter of \"ball_tree\"");
  }

  @Test
  void auto_passesEachParameterOnlyToAProviderThatReadsIt() {
    KnnOptions o = KnnOptions.builder().algorithm("auto").metric(Metric.EUCLIDEAN)
        .parameter("leaf_size", "1").build();
    NearestNeighbors tree = NearestNeighbors.fit(POINTS, o);
    assertThat(tree.options().algorithm()).isEqualTo("ball_tree");
    assertThat(tree.options().parameters()).containsEntry("leaf_size", "1");
    NearestNeighbors brute = NearestNeighbors.fit(POINTS.toSparse(), o);
    assertThat(brute.options().algorithm()).isEqualTo("brute");
    assertThat(brute.options().parameters()).doesNotContainKey("leaf_size");
    assertThat(brute.kneighbors(0, 2).indices()).containsExactly(tree.kneighbors(0, 2).indices());
    assertThatThrownBy(() -> KnnOptions.builder().algorithm("auto").parameter("leafsize", "1").build())
        .hasMessageStartingWith("unknown parameter \"leafsize\" for algorithm \"auto\"; known parameters: [");
  }
}
