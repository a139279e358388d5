package io.playknn.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.knn.Neighbors;
import io.playknn.knn.spi.NeighborOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The merge of partial lists: the top k of the union, in any grouping and order. */
class PartialNeighborsTest {

  /** Distances of candidates 0..n-1 with many ties (few distinct values). */
  private static double[] distances(Random random, int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = random.nextInt(8) / 8.0;
    }
    return d;
  }

  /** @return the top k by (distance, index) of the given candidates */
  private static PartialNeighbors top(double[] d, List<Integer> candidates, int k) {
    List<Integer> sorted = new ArrayList<>(candidates);
    sorted.sort((a, b) -> NeighborOrder.compare(d[a], a, d[b], b));
    List<Integer> kept = sorted.subList(0, Math.min(k, sorted.size()));
    return new PartialNeighbors(
        kept.stream().mapToInt(Integer::intValue).toArray(),
        kept.stream().mapToDouble(i -> d[i]).toArray());
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void merge_overlappingSubsetsAnyOrder_isTheTopKOfTheUnion(long seed) {
    Random random = new Random(seed);
    int n = 60;
    int k = 1 + random.nextInt(15);
    double[] d = distances(random, n);
    List<PartialNeighbors> parts = new ArrayList<>();
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    // Overlapping subsets covering every candidate, as block pairs share their blocks.
    for (int p = 0; p < 5; p++) {
      List<Integer> subset = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (i % 5 == p || random.nextInt(3) == 0) {
          subset.add(i);
        }
      }
      parts.add(top(d, subset, k));
    }
    PartialNeighbors want = top(d, all, k);
    for (int order = 0; order < 6; order++) {
      Collections.shuffle(parts, random);
      PartialNeighbors left = parts.get(0);
      for (PartialNeighbors p : parts.subList(1, parts.size())) {
        left = PartialNeighbors.merge(left, p, k);
      }
      PartialNeighbors right = parts.get(parts.size() - 1);
      for (int i = parts.size() - 2; i >= 0; i--) {
        right = PartialNeighbors.merge(parts.get(i), right, k);
      }
      PartialNeighbors tree = PartialNeighbors.merge(
          PartialNeighbors.merge(parts.get(0), parts.get(1), k),
          PartialNeighbors.merge(parts.get(2), PartialNeighbors.merge(parts.get(3), parts.get(4), k), k),
          k);
      for (PartialNeighbors got : List.of(left, right, tree)) {
        assertThat(got.indices()).as("seed %d", seed).containsExactly(want.indices());
        assertThat(got.distances()).as("seed %d", seed).containsExactly(want.distances());
      }
    }
  }

  @Test
  void merge_sameCandidateWithTwoDistances_fails() {
    PartialNeighbors a = new PartialNeighbors(new int[] {3, 5}, new double[] {0.1, 0.2});
    PartialNeighbors b = new PartialNeighbors(new int[] {5}, new double[] {Math.nextUp(0.1)});
    assertThatThrownBy(() -> PartialNeighbors.merge(a, b, 3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("candidate 5 came with two different distances");
  }

  @Test
  void merge_keepsAtMostK() {
    PartialNeighbors a = new PartialNeighbors(new int[] {1, 2}, new double[] {0.1, 0.3});
    PartialNeighbors b = new PartialNeighbors(new int[] {0, 2}, new double[] {0.2, 0.3});
    PartialNeighbors m = PartialNeighbors.merge(a, b, 2);
    assertThat(m.indices()).containsExactly(1, 0);
    assertThat(Arrays.stream(PartialNeighbors.merge(a, b, 5).indices())).containsExactly(1, 0, 2);
  }
}
