package io.playknn.knn.brute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.matrix.SparseMatrix;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The benchmarks' tuning hook: other settings give the default index's table; typos fail. */
class BenchmarkHooksTest {
  private static final KnnOptions OPTIONS =
      KnnOptions.builder().metric(Metric.COSINE).threads(2).build();

  private static SparseMatrix matrix() {
    SplittableRandom random = new SplittableRandom(3);
    SparseMatrix.Builder b = SparseMatrix.builder(300, 120);
    for (int i = 0; i < 300; i++) {
      for (int l = 0, n = 1 + 100 / (i + 1) + random.nextInt(4); l < n; l++) {
        b.add(i, random.nextInt(120), 1 + random.nextInt(5));
      }
    }
    return b.build();
  }

  @Test
  void fit_withOtherSettings_givesTheDefaultTable() {
    SparseMatrix m = matrix();
    var expected = NearestNeighbors.fit(m, OPTIONS).kneighborsAll(20);
    for (Map<String, String> tuning :
        java.util.List.of(
            Map.of("batch_kernel", "rows", "head_size", "0"),
            Map.of("batch_kernel", "rows", "head_size", "100", "query_split", "0"),
            Map.of("batch_kernel", "gram"))) {
      assertThat(BenchmarkHooks.fit(m, OPTIONS, tuning).kneighborsAll(20))
          .as("%s", tuning)
          .isEqualTo(expected);
    }
  }

  @Test
  void fit_unknownKey_namesTheKnownKeys() {
    assertThatThrownBy(() -> BenchmarkHooks.fit(matrix(), OPTIONS, Map.of("tile_size", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was tile_size")
        .hasMessageContaining("head_size");
  }
}
