package io.playknn.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.lastfm.LastfmDataset;
import io.playknn.lastfm.SyntheticLastfm;
import io.playknn.lastfm.UserOrder;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synthetic data larger than the symmetric kernel's limit (2,048 items), so that {@code
 * kneighborsAll} takes the row kernel with its head block, the broadcast ranges the row kernel
 * alone, and the block pairs the symmetric kernel: all three give the same bits.
 */
class SyntheticJobTest {
  private static final int K = 50;
  private static LastfmDataset dataset;
  private static NeighborTable expected;

  @TempDir static Path dir;

  @BeforeAll
  static void generate() throws IOException {
    Path plays = dir.resolve("plays.tsv");
    SyntheticLastfm.builder().seed(7).scale(0.01).build().write(plays, dir.resolve("profile.tsv"));
    dataset = LastfmDataset.builder().plays(plays).topUsers(Integer.MAX_VALUE)
        .topArtists(Integer.MAX_VALUE).userOrder(UserOrder.AUDIENCE).build();
    assertThat(dataset.matrix().rows()).isGreaterThan(2048);
    expected = NearestNeighbors.fit(dataset.matrix(), NeighborJob.indexOptions(K, 2))
        .kneighborsAll(K);
  }

  private static NeighborTable run(Mode mode, int blockItems, String name) throws IOException {
    String out = dir.resolve(name).toString();
    NeighborJob.builder().matrix(dataset.matrix(), dataset.artistNames()).k(K).mode(mode)
        .blockItems(blockItems).output(out).build().run(LocalSpark.session());
    return NeighborOutput.readTable(LocalSpark.session(), out);
  }

  @Test
  void broadcast_rowKernelRanges_equalKneighborsAll() throws IOException {
    assertThat(run(Mode.BROADCAST, 0, "broadcast")).isEqualTo(expected);
  }

  @Test
  void blocked_symmetricKernelPairs_equalKneighborsAll() throws IOException {
    assertThat(run(Mode.BLOCKED, 1000, "blocked")).isEqualTo(expected);
  }
}
