package io.playknn.knn.brute;

import static org.assertj.core.api.Assertions.assertThat;

import io.playknn.knn.spi.NeighborHeap;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CandidateSelectionTest {

  /**
   * Distinct items in random order with distances drawn from {@code levels} values (few levels:
   * many ties, which must be broken by smaller index); k below, at and above the candidate count.
   */
  @ParameterizedTest
  @ValueSource(ints = {2, 5, 1000, 1 << 30})
  void selectsWhatABoundedHeapKeeps(int levels) {
    selectsWhatABoundedHeapKeeps(levels, false);
  }

  /**
   * Distances {@code 1 - s} with similarities {@code s} spread over 24 binades, from levels (ties
   * again), so that the histogram's buckets — below 2^-16, the binades above, and within one
   * bucket — all decide some trials.
   */
  @ParameterizedTest
  @ValueSource(ints = {3, 40, 1 << 20})
  void selectsWhatABoundedHeapKeeps_similaritiesOverManyBinades(int levels) {
    selectsWhatABoundedHeapKeeps(levels, true);
  }

  private static void selectsWhatABoundedHeapKeeps(int levels, boolean spread) {
    SplittableRandom random = new SplittableRandom(levels);
    CandidateSelection selection = new CandidateSelection(400);
    NeighborHeap heap = new NeighborHeap(0);
    for (int trial = 0; trial < 2_000; trial++) {
      int n = random.nextInt(400);
      int k = random.nextInt(Math.max(1, n + 20));
      int[] items = shuffledItems(random, n);
      heap.reset(k);
      selection.clear();
      for (int item : items) {
        double d = random.nextInt(levels) / (double) levels;
        if (spread) {
          d = 1.0 - Math.scalb(1.0 - d, -random.nextInt(24));
        }
        heap.offer(item, d);
        selection.add(item, d);
      }
      int[] expectedIndices = new int[k];
      double[] expectedDistances = new double[k];
      int expectedCount = heap.drainInto(expectedIndices, expectedDistances, 0);
      int[] indices = new int[k + 3];
      double[] distances = new double[k + 3];
      int count = selection.selectInto(k, indices, distances, 3);

      String what = "trial " + trial + ", n " + n + ", k " + k;
      assertThat(count).as(what).isEqualTo(expectedCount).isEqualTo(Math.min(n, k));
      assertThat(Arrays.copyOfRange(indices, 3, 3 + count))
          .as(what)
          .containsExactly(Arrays.copyOf(expectedIndices, count));
      assertThat(Arrays.copyOfRange(distances, 3, 3 + count))
          .as(what)
          .containsExactly(Arrays.copyOf(expectedDistances, count));
      assertThat(selection.size()).as("forgotten after selecting").isZero();
    }
  }
  /**
   * A large k over thousands of exact ties added in descending index order: the long runs of
   * equal keys are put in index order, and the result is what a bounded heap keeps.
   */
  @Test
  void selectInto_largeKOverLongRunsOfTies_keepsSmallerIndicesFirst() {
    int n = 5_000;
    CandidateSelection selection = new CandidateSelection(n);
    NeighborHeap heap = new NeighborHeap(3_000);
    for (int item = n - 1; item >= 0; item--) {
      double d = item % 3 == 0 ? 0.25 : 0.75;
      selection.add(item, d);
      heap.offer(item, d);
    }
    int[] expectedIndices = new int[3_000];
    double[] expectedDistances = new double[3_000];
    heap.drainInto(expectedIndices, expectedDistances, 0);
    int[] indices = new int[3_000];
    double[] distances = new double[3_000];

    assertThat(selection.selectInto(3_000, indices, distances, 0)).isEqualTo(3_000);
    assertThat(indices).containsExactly(expectedIndices);
    assertThat(distances).containsExactly(expectedDistances);
    assertThat(indices[0]).isZero();
    assertThat(indices[1]).isEqualTo(3);
  }

  @Test
  void bucket_isNonDecreasingInSimilarity() {
    double[] similarities = {-1, 0, 0x1p-20, 0x1p-16, Math.nextUp(0x1p-16), 0x1.08p-16, 1e-3, 0.25,
        Math.nextDown(0.5), 0.5, 0.51, Math.nextDown(1.0), 1.0};
    int previous = -1;
    for (double s : similarities) {
      int b = CandidateSelection.bucket(1.0 - s);
      assertThat(b).as("similarity %s", s).isGreaterThanOrEqualTo(previous);
      previous = b;
    }
    assertThat(CandidateSelection.bucket(1.0)).isZero();
    assertThat(CandidateSelection.bucket(2.0)).isZero();
    assertThat(CandidateSelection.bucket(1.0 - 0x1p-16)).isZero();
    assertThat(CandidateSelection.bucket(1.0 - 0x1.08p-16)).as("2^-16 (1 + 1/32)").isEqualTo(2);
    assertThat(CandidateSelection.bucket(1.0 - 0.5)).isEqualTo(1 + 15 * 32);
    assertThat(CandidateSelection.bucket(0x1p-53)).as("just below 1").isEqualTo(1 + 15 * 32 + 31);
    assertThat(CandidateSelection.bucket(0.0)).isEqualTo(2 + 16 * 32 - 1);
  }

  private static int[] shuffledItems(SplittableRandom random, int n) {
    int[] items = new int[n];
    for (int i = 0; i < n; i++) {
      items[i] = 3 * i + random.nextInt(3);
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }
}
