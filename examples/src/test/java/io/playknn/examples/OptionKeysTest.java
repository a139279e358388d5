package io.playknn.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.NearestNeighbors;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * An unknown option key is rejected naming the known ones in the two layers of {@code train}: the
 * {@code --param} flag and SageMaker's {@code hyperparameters.json} (read as a map of strings).
 */
class OptionKeysTest {

  private static TrainCommand parsed(String... args) {
    TrainCommand train = new TrainCommand(Map.of());
    new CommandLine(train).parseArgs(args);
    return train;
  }

  @Test
  void param_unknownKey_isRejectedNamingTheProvidersKeys() {
    TrainCommand train = parsed("--algorithm", "ball_tree", "--param", "leafsize=3");
    assertThatThrownBy(() -> train.options(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown parameter \"leafsize\" for algorithm \"ball_tree\"; known parameters: [leaf_size]");
  }

  @Test
  void param_knownKey_isKept() {
    KnnOptions o = parsed("--algorithm", "ball_tree", "--param", "leaf_size=3").options(Map.of());
    assertThat(o.parameters()).containsExactly(Map.entry("leaf_size", "3"));
  }

  @Test
  void hyperparameters_unknownKey_isRejectedNamingTheKnownKeys() {
    assertThatThrownBy(() -> parsed().options(Map.of("algorithm", "ball_tree", "leafsize", "3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hyperparameter \"leafsize\" is not one of [n_neighbors, metric, algorithm, n_jobs, table_neighbors]"
            + " or a parameter of algorithm \"ball_tree\" [leaf_size]");
    // The default algorithm's own keys are named, whatever they are.
    assertThatThrownBy(() -> parsed().options(Map.of("leaf_size", "3")))
        .hasMessage("hyperparameter \"leaf_size\" is not one of [n_neighbors, metric, algorithm, n_jobs, table_neighbors]"
            + " or a parameter of algorithm \"brute\" "
            + new TreeSet<>(NearestNeighbors.provider("brute").parameterNames()));
  }

  @Test
  void hyperparameters_providerKey_isKeptAndFlagsStillWin() {
    KnnOptions o = parsed("--algorithm", "ball_tree")
        .options(Map.of("leaf_size", "7", "n_neighbors", "4", "sagemaker_region", "x"));
    assertThat(o.algorithm()).isEqualTo("ball_tree");
    assertThat(o.neighbors()).isEqualTo(4);
    assertThat(o.parameters()).containsExactly(Map.entry("leaf_size", "7"));
  }
}
