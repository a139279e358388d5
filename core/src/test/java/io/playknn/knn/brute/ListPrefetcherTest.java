package io.playknn.knn.brute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The opt-in prefetching helper ({@link ListPrefetcher}, {@code query_prefetch=on}) leaves every
 * result bit-identical: single queries above and below {@link BruteForceIndex#PREFETCH_UPDATES},
 * ad-hoc vector queries, and the all-items table.
 */
class ListPrefetcherTest {
  private static final int ITEMS = 3_000;
  private static final int USERS = 40_000;
  private static SparseMatrix matrix;
  private static NearestNeighbors plain;
  private static NearestNeighbors prefetching;

  /**
   * Each user lists about 40 items drawn by popularity, with item 0 listed by three users in four,
   * so that the most listened items' queries pass the prefetch threshold.
   */
  @BeforeAll
  static void fit() {
    SplittableRandom random = new SplittableRandom(20261129);
    double[] cdf = new double[ITEMS];
    double sum = 0;
    for (int i = 0; i < ITEMS; i++) {
      sum += 1.0 / (i + 5);
      cdf[i] = sum;
    }
    SparseMatrix.Builder b = SparseMatrix.builder(ITEMS, USERS);
    boolean[] listed = new boolean[ITEMS];
    int[] chosen = new int[64];
    for (int u = 0; u < USERS; u++) {
      int count = 0;
      if (random.nextInt(4) != 0) {
        chosen[count++] = 0;
        listed[0] = true;
      }
      int wanted = 20 + random.nextInt(41);
      while (count < wanted) {
        int i = java.util.Arrays.binarySearch(cdf, random.nextDouble() * sum);
        i = Math.min(ITEMS - 1, i >= 0 ? i : -i - 1);
        if (!listed[i]) {
          listed[i] = true;
          chosen[count++] = i;
        }
      }
      for (int c = 0; c < count; c++) {
        b.add(chosen[c], u, 1 + random.nextInt(200));
        listed[chosen[c]] = false;
      }
    }
    matrix = b.build();
    plain = fitWith("off");
    prefetching = fitWith("on");
  }

  private static NearestNeighbors fitWith(String prefetch) {
    return NearestNeighbors.fit(
        matrix,
        KnnOptions.builder()
            .algorithm("brute")
            .metric(Metric.COSINE)
            .threads(2)
            .parameter("query_prefetch", prefetch)
            .build());
  }

  /** @return the multiply-adds of item {@code item}'s query: its listeners' list lengths */
  private static long updates(int item) {
    int[] perUser = new int[USERS];
    for (int p = 0; p < matrix.nonZeros(); p++) {
      perUser[matrix.columnAt(p)]++;
    }
    long sum = 0;
    for (int p = matrix.rowStart(item); p < matrix.rowEnd(item); p++) {
      sum += perUser[matrix.columnAt(p)];
    }
    return sum;
  }

  @Test
  void kneighbors_withPrefetch_equalsWithoutBitForBit() {
    assertThat(updates(0))
        .as("item 0's multiply-adds")
        .isGreaterThanOrEqualTo(BruteForceIndex.PREFETCH_UPDATES);
    assertThat(updates(ITEMS - 1))
        .as("last item's multiply-adds")
        .isLessThan(BruteForceIndex.PREFETCH_UPDATES);
    for (int item : new int[] {0, 1, 2, 50, ITEMS - 1}) {
      for (int k : new int[] {1, 100, ITEMS}) {
        assertThat(prefetching.kneighbors(item, k))
            .as("item %d k %d", item, k)
            .isEqualTo(plain.kneighbors(item, k));
      }
    }
  }

  @Test
  void kneighborsOfVector_withPrefetch_equalsWithoutBitForBit() {
    int n = matrix.rowNonZeros(0);
    int[] users = new int[n];
    double[] values = new double[n];
    for (int p = matrix.rowStart(0), i = 0; i < n; p++, i++) {
      users[i] = matrix.columnAt(p);
      values[i] = matrix.valueAt(p) * 3;
    }
    SparseVector query = SparseVector.of(USERS, users, values);
    assertThat(prefetching.kneighbors(query, 60)).isEqualTo(plain.kneighbors(query, 60));
  }

  @Test
  void allItemsTable_withPrefetchOn_equalsSingleQueries() {
    NeighborTable table = prefetching.kneighborsAll(40);
    assertThat(table).isEqualTo(plain.kneighborsAll(40));
    for (int item = 0; item < 5; item++) {
      assertThat(table.row(item)).as("item %d", item).isEqualTo(prefetching.kneighbors(item, 40));
    }
  }

  @Test
  void queryPrefetchOtherThanOnOrOff_isRejected() {
    assertThatThrownBy(() -> fitWith("yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter query_prefetch must be on or off, was yes");
  }
}
