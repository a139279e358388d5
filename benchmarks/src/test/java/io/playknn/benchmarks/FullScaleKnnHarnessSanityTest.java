package io.playknn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.knn.Neighbors;
import io.playknn.matrix.SparseMatrix;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness's data and work count are right, and its table matches single queries, on 0.2%. */
class FullScaleKnnHarnessSanityTest {
  @TempDir Path dir;

  @Test
  void smallScale_tableEqualsSingleQueriesAndUpdatesCountPairs() throws IOException {
    String previous = System.setProperty("playknn.data", dir.toString());
    try {
      SparseMatrix m = FullScaleKnnHarness.matrix(0.002);
      assertThat(m.rows()).isGreaterThan(100);
      long naive = 0;
      SparseMatrix t = m.transpose();
      for (int u = 0; u < t.rows(); u++) {
        naive += (long) t.rowNonZeros(u) * t.rowNonZeros(u);
      }
      assertThat(FullScaleKnnHarness.updates(m)).isEqualTo(naive);
      NearestNeighbors knn = NearestNeighbors.fit(m, KnnOptions.builder().threads(2).build());
      NeighborTable all = knn.kneighborsAll(100);
      for (int i = 0; i < m.rows(); i += 17) {
        Neighbors single = knn.kneighbors(i, 100);
        assertThat(all.row(i)).as("artist %d", i).isEqualTo(single);
      }
    } finally {
      if (previous == null) {
        System.clearProperty("playknn.data");
      } else {
        System.setProperty("playknn.data", previous);
      }
    }
  }
}
