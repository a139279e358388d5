package io.playknn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.playknn.eval.ReferenceData;
import io.playknn.knn.NeighborTable;
import io.playknn.knn.Neighbors;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each benchmark of {@link ReferenceKnnBenchmark} computes the right answer. */
class ReferenceKnnBenchmarkSanityTest {
  static ReferenceData data;
  static ReferenceKnnBenchmark bench;

  @BeforeAll
  static void setUp() {
    data = ReferenceData.fromClassPath();
    bench = new ReferenceKnnBenchmark();
    bench.threads = 2;
    bench.setUp();
  }

  @Test
  void oneArtistTop101_startsWithThePublishedBeatlesList() {
    Neighbors n = bench.oneArtistTop101();
    assertThat(n.size()).isEqualTo(101);
    assertThat(data.artistsOf(n.head(15)))
        .containsExactlyElementsOf(data.expected().get("the beatles"));
    assertThat(bench.denseBaselineOneArtistTop101()).containsExactly(n.indices());
  }

  @Test
  void allArtistsTop101_agreesWithTheDenseBaselineOnSampledArtists() {
    NeighborTable all = bench.allArtistsTop101();
    assertThat(all.size()).isEqualTo(1000);
    for (int item = 0; item < 1000; item += 37) {
      assertThat(all.row(item).indices())
          .as("artist %d", item)
          .containsExactly(bench.dense.kneighbors(item, ReferenceKnnBenchmark.K));
    }
  }

  @Test
  void denseBaselineAll_equalsBruteOnASmallerMatrix() {
    // The full dense run takes seconds; the same code on 200 artists is checked against brute.
    io.playknn.matrix.SparseMatrix.Builder b = io.playknn.matrix.SparseMatrix.builder(200, data.matrix().columns());
    for (int r = 0; r < 200; r++) {
      for (int p = data.matrix().rowStart(r); p < data.matrix().rowEnd(r); p++) {
        b.add(r, data.matrix().columnAt(p), data.matrix().valueAt(p));
      }
    }
    io.playknn.matrix.SparseMatrix small = b.build();
    int[][] rows = new DenseBaseline(small).kneighborsAll(ReferenceKnnBenchmark.K);
    NeighborTable brute =
        io.playknn.knn.NearestNeighbors.fit(small, io.playknn.knn.KnnOptions.defaults())
            .kneighborsAll(ReferenceKnnBenchmark.K);
    assertThat(rows).hasNumberOfRows(200);
    for (int i = 0; i < 200; i++) {
      assertThat(rows[i]).as("artist %d", i).containsExactly(brute.row(i).indices());
    }
    assertThat(Arrays.stream(rows).mapToInt(r -> r.length).distinct()).containsExactly(101);
  }
}
