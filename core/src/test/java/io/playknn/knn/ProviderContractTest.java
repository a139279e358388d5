package io.playknn.knn;

import io.playknn.knn.spi.NeighborOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The result contract, run unchanged against every provider {@link java.util.ServiceLoader} finds:
 * the built-in ones and {@link NaiveTestProvider} from test code.
 */
class ProviderContractTest {

  static Stream<String> providers() {
    return NearestNeighbors.providerNames().stream();
  }

  static Stream<Arguments> providersAndMetrics() {
    return providers()
        .flatMap(p -> Stream.of(Metric.values()).map(m -> Arguments.of(p, m)));
  }

  private static NearestNeighbors fit(String provider, Metric metric, SparseMatrix m) {
    return NearestNeighbors.fit(
        m, KnnOptions.builder().algorithm(provider).metric(metric).neighbors(3).threads(2).build());
  }

  /** Rows: 0 and 1 identical, 2 a multiple of 0, 3 zero, 4 and 5 disjoint, 6 mixed. */
  private static SparseMatrix sample() {
    return SparseMatrix.builder(7, 5)
        .add(0, 0, 1).add(0, 1, 2)
        .add(1, 0, 1).add(1, 1, 2)
        .add(2, 0, 2).add(2, 1, 4)
        .add(4, 2, 3)
        .add(5, 3, 1).add(5, 4, 1)
        .add(6, 0, 1).add(6, 2, 1).add(6, 4, 1)
        .build();
  }

  private static void assertContractOrder(Neighbors n) {
    for (int i = 1; i < n.size(); i++) {
      assertThat(NeighborOrder.compare(n.distance(i - 1), n.index(i - 1), n.distance(i), n.index(i)))
          .as("rank %d before rank %d", i - 1, i)
          .isNegative();
    }
  }

  @Test
  void serviceLoader_findsBuiltInAndTestProviders() {
    assertThat(NearestNeighbors.providerNames()).contains("brute", NaiveTestProvider.NAME);
    assertThat(NearestNeighbors.provider(NaiveTestProvider.NAME))
        .isInstanceOf(NaiveTestProvider.class);
  }

  @Test
  void provider_unknownNameListsAvailable() {
    assertThatThrownBy(() -> NearestNeighbors.provider("kd_forest"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kd_forest")
        .hasMessageContaining("brute")
        .hasMessageContaining(NaiveTestProvider.NAME);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("providersAndMetrics")
  void kneighborsAll_emptyIndex_answersAnEmptyTable(String provider, Metric metric) {
    // A filter that keeps no item (a country with no listeners) gives a 0-row matrix.
    NearestNeighbors knn = fit(provider, metric, SparseMatrix.builder(0, 3).build());
    NeighborTable all = knn.kneighborsAll(5);
    assertThat(all.size()).isZero();
    assertThat(all.totalCount()).isZero();
    assertThat(knn.kneighbors(new int[0], 5).size()).isZero();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("providersAndMetrics")
  void kneighbors_excludesItselfByIndexNotByRank(String provider, Metric metric) {
    NearestNeighbors knn = fit(provider, metric, sample());
    // Item 1 is an exact duplicate of item 0: both are at distance 0 from item 0's query.
    Neighbors n = knn.kneighbors(1, 6);
    assertThat(n.indices()).doesNotContain(1);
    assertThat(n.index(0)).isEqualTo(0);
    assertThat(n.distance(0)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-12));
    Neighbors m = knn.kneighbors(0, 6);
    assertThat(m.indices()).doesNotContain(0);
    assertThat(m.index(0)).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("providersAndMetrics")
  void kneighbors_kLargerThanOtherItemsReturnsAllOthers(String provider, Metric metric) {
    NearestNeighbors knn = fit(provider, metric, sample());
    for (int item = 0; item < 7; item++) {
      Neighbors n = knn.kneighbors(item, 1000);
      assertThat(n.size()).isEqualTo(6);
      assertThat(n.indices()).doesNotContain(item).doesNotHaveDuplicates();
      assertContractOrder(n);
    }
    assertThat(knn.kneighbors(SparseVector.empty(5), 1000).size()).isEqualTo(7);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void kneighbors_cosineZeroRowIsAtDistanceOneFromAll(String provider) {
    NearestNeighbors knn = fit(provider, Metric.COSINE, sample());
    Neighbors fromZero = knn.kneighbors(3, 6);
    assertThat(fromZero.indices()).containsExactly(0, 1, 2, 4, 5, 6);
    assertThat(fromZero.distances()).containsOnly(1.0);
    // As a candidate, the zero row ranks by index among items at distance exactly 1.
    Neighbors fromDisjoint = knn.kneighbors(4, 6);
    assertThat(fromDisjoint.index(0)).isEqualTo(6);
    assertThat(fromDisjoint.indices()).containsExactly(6, 0, 1, 2, 3, 5);
    assertThat(fromDisjoint.distance(1)).isEqualTo(1.0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void kneighbors_tiesOrderedByLowerIndex(String provider) {
    NearestNeighbors knn = fit(provider, Metric.COSINE, sample());
    // 0, 1 and 2 point the same way: from 2, items 0 and 1 tie at distance ~0.
    Neighbors n = knn.kneighbors(2, 2);
    assertThat(n.indices()).containsExactly(0, 1);
    assertThat(n.distance(0)).isEqualTo(n.distance(1));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("providersAndMetrics")
  void kneighbors_singleItemHasNoNeighbours(String provider, Metric metric) {
    SparseMatrix one = SparseMatrix.builder(1, 3).add(0, 1, 2.0).build();
    NearestNeighbors knn = fit(provider, metric, one);
    assertThat(knn.kneighbors(0, 5).size()).isZero();
    assertThat(knn.kneighbors(SparseVector.of(3, new int[] {1}, new double[] {1}), 5).indices())
        .containsExactly(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void kneighbors_emptyQueryVector(String provider) {
    NearestNeighbors cosine = fit(provider, Metric.COSINE, sample());
    Neighbors c = cosine.kneighbors(SparseVector.empty(5), 7);
    assertThat(c.indices()).containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(c.distances()).containsOnly(1.0);
    NearestNeighbors euclid = fit(provider, Metric.EUCLIDEAN, sample());
    Neighbors e = euclid.kneighbors(SparseVector.empty(5), 7);
    // Distance from the origin is the row norm: 0, sqrt2, sqrt3, sqrt5, sqrt5, 3, sqrt20.
    assertThat(e.indices()).containsExactly(3, 5, 6, 0, 1, 4, 2);
    assertThat(e.distance(0)).isEqualTo(0.0);
    assertThat(e.distance(1)).isCloseTo(Math.sqrt(2), org.assertj.core.data.Offset.offset(1e-12));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("providersAndMetrics")
  void kneighbors_dimensionMismatchIsClearError(String provider, Metric metric) {
    NearestNeighbors knn = fit(provider, metric, sample());
    assertThatThrownBy(() -> knn.kneighbors(SparseVector.empty(4), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimension")
        .hasMessageContaining("4")
        .hasMessageContaining("5");
    assertThatThrownBy(() -> knn.radiusNeighbors(SparseVector.empty(6), 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimension");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void kneighbors_badArgumentsAreRejected(String provider) {
    NearestNeighbors knn = fit(provider, Metric.COSINE, sample());
    assertThatThrownBy(() -> knn.kneighbors(0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k");
    assertThatThrownBy(() -> knn.kneighbors(7, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> knn.kneighbors(-1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> knn.radiusNeighbors(0, -0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("radius");
    assertThatThrownBy(() -> knn.radiusNeighbors(0, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("providersAndMetrics")
  void radiusNeighbors_returnsExactlyThoseWithinRadius(String provider, Metric metric) {
    SparseMatrix m = sample();
    NearestNeighbors knn = fit(provider, metric, m);
    for (int item = 0; item < m.rows(); item++) {
      Neighbors all = knn.kneighbors(item, 1000);
      for (double radius : new double[] {0.0, 0.5, 1.0, 1.5, 3.0}) {
        Neighbors within = knn.radiusNeighbors(item, radius);
        int expected = 0;
        while (expected < all.size() && all.distance(expected) <= radius) {
          expected++;
        }
        assertThat(within).as("item %d radius %s", item, radius).isEqualTo(all.head(expected));
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("providersAndMetrics")
  void kneighborsBatch_equalsSingleQueriesForAnyThreadCount(String provider, Metric metric) {
    SparseMatrix m = sample();
    for (int threads : new int[] {1, 2, 3}) {
      NearestNeighbors knn =
          NearestNeighbors.fit(
              m,
              KnnOptions.builder()
                  .algorithm(provider)
                  .metric(metric)
                  .threads(threads)
                  .build());
      NeighborTable all = knn.kneighborsAll(4);
      assertThat(all.size()).isEqualTo(7);
      for (int i = 0; i < 7; i++) {
        assertThat(all.query(i)).isEqualTo(i);
        assertThat(all.row(i)).isEqualTo(knn.kneighbors(i, 4));
      }
      NeighborTable some = knn.kneighbors(new int[] {6, 0, 6}, 2);
      assertThat(List.of(some.row(0), some.row(1), some.row(2)))
          .containsExactly(knn.kneighbors(6, 2), knn.kneighbors(0, 2), knn.kneighbors(6, 2));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void fit_doesNotDependOnLaterChangesToInputArrays(String provider) {
    double[] values = {1, 2, 3};
    SparseMatrix m = SparseMatrix.fromCsr(3, 2, new int[] {0, 1, 2, 3}, new int[] {0, 1, 0}, values);
    NearestNeighbors knn = fit(provider, Metric.EUCLIDEAN, m);
    Neighbors before = knn.kneighbors(0, 2);
    values[0] = 100;
    assertThat(knn.kneighbors(0, 2)).isEqualTo(before);
  }

  /**
   * Progress of an all-items table: every call names the item count as the total, the last
   * count reached is every item, and listening changes nothing. 3,000 items so that {@code brute}
   * runs its large-batch kernel, not the small Gram one.
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("providersAndMetrics")
  void kneighborsAll_reportsProgressUpToEveryItem(String provider, Metric metric) {
    SparseMatrix m = RandomMatrices.continuous(7, 3000, 40, 0.05, false);
    NearestNeighbors knn = fit(provider, metric, m);
    java.util.concurrent.atomic.AtomicLong maxDone = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.ConcurrentLinkedQueue<Long> totals =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    NeighborTable withProgress =
        knn.kneighborsAll(
            5,
            (done, total) -> {
              maxDone.accumulateAndGet(done, Math::max);
              totals.add(total);
            });
    assertThat(totals).isNotEmpty().containsOnly(3000L);
    assertThat(maxDone.get()).isEqualTo(3000);
    assertThat(withProgress).isEqualTo(knn.kneighborsAll(5));
  }
}
