package io.playknn.knn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.matrix.DenseMatrix;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The {@code auto} rule: brute for sparse input or more than 15 dimensions, ball tree otherwise. */
class AutoAlgorithmTest {
  private static final KnnOptions AUTO = KnnOptions.builder().algorithm("auto").neighbors(3).build();

  private static DenseMatrix randomDense(long seed, int rows, int columns) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[rows * columns];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(7) - 3;
    }
    return DenseMatrix.of(rows, columns, values);
  }

  @Test
  void fit_autoOnSparseInputChoosesBrute() {
    SparseMatrix lowDimensional = randomDense(1, 30, 2).toSparse();
    assertThat(NearestNeighbors.fit(lowDimensional, AUTO).options().algorithm()).isEqualTo("brute");
  }

  @Test
  void fit_autoOnDenseInputChoosesByDimension() {
    assertThat(NearestNeighbors.fit(randomDense(2, 30, 15), AUTO).options().algorithm())
        .isEqualTo("ball_tree");
    assertThat(NearestNeighbors.fit(randomDense(3, 30, 1), AUTO).options().algorithm())
        .isEqualTo("ball_tree");
    assertThat(NearestNeighbors.fit(randomDense(4, 30, 16), AUTO).options().algorithm())
        .isEqualTo("brute");
  }

  @Test
  void fit_autoKeepsTheOtherOptions() {
    KnnOptions options =
        KnnOptions.builder()
            .algorithm("auto")
            .metric(Metric.EUCLIDEAN)
            .neighbors(4)
            .threads(2)
            .parameter("leaf_size", "2")
            .build();
    NearestNeighbors knn = NearestNeighbors.fit(randomDense(5, 40, 3), options);
    assertThat(knn.options()).isEqualTo(options.toBuilder().algorithm("ball_tree").build());
    assertThat(knn.toString()).contains("leaf_size 2");
  }

  @Test
  void fit_namingTheAlgorithmOverridesAuto() {
    DenseMatrix low = randomDense(6, 40, 3);
    DenseMatrix high = randomDense(7, 40, 20);
    KnnOptions.Builder b = KnnOptions.builder();
    assertThat(NearestNeighbors.fit(low, b.algorithm("brute").build()).options().algorithm())
        .isEqualTo("brute");
    NearestNeighbors tree = NearestNeighbors.fit(high, b.algorithm("ball_tree").build());
    assertThat(tree.toString()).startsWith("BallTreeIndex");
    assertThat(NearestNeighbors.fit(high.toSparse(), b.algorithm("ball_tree").build()).toString())
        .startsWith("BallTreeIndex");
  }

  @Test
  void fit_autoAnswersAsTheProviderItChose() {
    DenseMatrix m = randomDense(8, 50, 4);
    NearestNeighbors auto = NearestNeighbors.fit(m, AUTO);
    NearestNeighbors brute = NearestNeighbors.fit(m, AUTO.toBuilder().algorithm("brute").build());
    assertThat(auto.kneighborsAll(5)).isEqualTo(brute.kneighborsAll(5));
    SparseVector q = SparseVector.ofDense(new double[] {1, -2, 0, 3});
    assertThat(auto.kneighbors(q, 7)).isEqualTo(brute.kneighbors(q, 7));
  }

  @Test
  void provider_unknownNameListsAutoToo() {
    assertThatThrownBy(() -> NearestNeighbors.fit(randomDense(9, 3, 2), AUTO.toBuilder().algorithm("kd_tree").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"kd_tree\"")
        .hasMessageContaining("ball_tree")
        .hasMessageContaining("brute")
        .hasMessageContaining("\"auto\"");
    assertThat(NearestNeighbors.provider("auto").name()).isEqualTo("auto");
    assertThat(NearestNeighbors.providerNames()).contains("ball_tree", "brute").doesNotContain("auto");
  }
}
