package io.playknn.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.lastfm.LastfmDataset;
import io.playknn.matrix.SparseMatrix;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plan: which mode runs and how the items are cut. */
class PlanTest {
  /** 10 items: item i is played by users 0..(20 - 2i), so earlier items cost more. */
  private static SparseMatrix skewed() {
    SparseMatrix.Builder b = SparseMatrix.builder(10, 21);
    for (int i = 0; i < 10; i++) {
      for (int u = 0; u <= 20 - 2 * i; u++) {
        b.add(i, u, 1 + u);
      }
    }
    return b.build();
  }

  @Test
  void pairIndex_numbersEveryPairOnce() {
    for (int blocks = 2; blocks < 9; blocks++) {
      Set<Integer> seen = new HashSet<>();
      for (int i = 0; i < blocks; i++) {
        for (int j = i + 1; j < blocks; j++) {
          seen.add(NeighborJob.pairIndex(i, j, blocks));
        }
      }
      assertThat(seen).hasSize(blocks * (blocks - 1) / 2);
      assertThat(seen.stream().mapToInt(Integer::intValue).max().getAsInt())
          .isEqualTo(blocks * (blocks - 1) / 2 - 1);
    }
    assertThat(NeighborJob.pairIndex(0, 0, 1)).isZero();
  }

  @Test
  void auto_broadcastWhenTheIndexFits_rangesOfEqualWork() {
    Plan p = Plan.choose(skewed(), Mode.AUTO, 1L << 30, 2, 3, 2, 0);
    assertThat(p.mode()).isEqualTo(Mode.BROADCAST);
    assertThat(p.bounds()).startsWith(0).endsWith(10).isSorted();
    assertThat(p.parts()).isEqualTo(3);
    // The costly first items share a range among fewer items than the cheap last ones.
    assertThat(p.bounds()[1] - p.bounds()[0]).isLessThan(p.bounds()[3] - p.bounds()[2]);
  }

  @Test
  void auto_blockedWhenTheIndexDoesNotFit_blocksWithinTheBudget() {
    SparseMatrix m = skewed();
    long budget = Plan.indexBytes(10, m.nonZeros(), 1) - 1;
    Plan p = Plan.choose(m, Mode.AUTO, budget, 1, 0, 2, 0);
    assertThat(p.mode()).isEqualTo(Mode.BLOCKED);
    assertThat(p.parts()).isGreaterThan(1);
    assertThat(p.bounds()).startsWith(0).endsWith(10).isSorted();
  }

  @Test
  void blocked_blockItemsGiven_cutsEqualBlocks() {
    Plan p = Plan.choose(skewed(), Mode.BLOCKED, 1L << 30, 1, 0, 2, 4);
    assertThat(p.bounds()).containsExactly(0, 4, 8, 10);
  }

  @Test
  void builder_rejectsNonsenseWithTheValue() {
    assertThatThrownBy(() -> NeighborJob.builder().output("x").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exactly one input");
    assertThatThrownBy(() -> NeighborJob.builder().files(LastfmDataset.builder()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no output");
    assertThatThrownBy(() ->
        NeighborJob.builder().files(LastfmDataset.builder()).output("x").k(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k")
        .hasMessageContaining("0");
    assertThatThrownBy(() ->
        NeighborJob.builder().matrix(skewed(), java.util.List.of("a")).output("x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one name per row of the matrix (10), had 1");
  }
}
