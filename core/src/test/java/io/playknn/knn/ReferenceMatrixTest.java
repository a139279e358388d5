package io.playknn.knn;

import io.playknn.knn.spi.NeighborOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.playknn.matrix.Npz;
import io.playknn.matrix.SparseMatrix;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/**
 * On the reference training matrix, every provider's top-100 of each of the 1,000 artists equals a
 * naive dense float64 computation written here: the same indices, distances within 1e-12, equal
 * distances ordered by index. Where two distances differ by less than 1e-12 the naive order and
 * the provider's may legitimately differ (rounding); such swaps are accepted and counted.
 */
class ReferenceMatrixTest {
  static SparseMatrix matrix;
  static double[][] expectedDistances;
  static int[][] expectedIndices;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = ReferenceMatrixTest.class.getResourceAsStream("/lastfm-seed/artist_user_mtrx.npz")) {
      matrix = Npz.read(in);
    }
    int n = matrix.rows();
    int d = matrix.columns();
    double[][] dense = new double[n][d];
    for (int r = 0; r < n; r++) {
      double s = 0;
      for (int p = matrix.rowStart(r); p < matrix.rowEnd(r); p++) {
        s += matrix.valueAt(p) * matrix.valueAt(p);
      }
      double norm = Math.sqrt(s);
      for (int p = matrix.rowStart(r); p < matrix.rowEnd(r); p++) {
        dense[r][matrix.columnAt(p)] = matrix.valueAt(p) / norm;
      }
    }
    expectedIndices = new int[n][];
    expectedDistances = new double[n][];
    double[] dist = new double[n];
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      int m = 0;
      for (int j = 0; j < n; j++) {
        if (j == i) {
          continue;
        }
        // Dense rows; the loop visits the query's stored columns only (the other terms are 0).
        double dot = 0;
        for (int p = matrix.rowStart(i); p < matrix.rowEnd(i); p++) {
          int c = matrix.columnAt(p);
          dot += dense[i][c] * dense[j][c];
        }
        idx[m] = j;
        dist[m++] = 1 - dot;
      }
      Neighbors sorted = NeighborOrder.sorted(idx, dist, m).head(100);
      expectedIndices[i] = sorted.indices();
      expectedDistances[i] = sorted.distances();
    }
  }

  static Stream<String> providers() {
    // The naive test provider is the oracle elsewhere, and too slow at this size.
    return NearestNeighbors.providerNames().stream().filter(p -> !p.equals(NaiveTestProvider.NAME));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void top100_ofEveryArtist_equalsNaiveDenseFloat64(String provider) {
    assertThat(matrix.rows()).isEqualTo(1000);
    NearestNeighbors knn =
        NearestNeighbors.fit(
            matrix, KnnOptions.builder().algorithm(provider).metric(Metric.COSINE).build());
    NeighborTable all = knn.kneighborsAll(100);
    int nearTieSwaps = 0;
    for (int i = 0; i < matrix.rows(); i++) {
      Neighbors actual = all.row(i);
      assertThat(actual.size()).isEqualTo(100);
      for (int r = 0; r < 100; r++) {
        assertThat(actual.distance(r))
            .as("%s artist %d rank %d", provider, i, r)
            .isCloseTo(expectedDistances[i][r], org.assertj.core.data.Offset.offset(1e-12));
        if (actual.index(r) != expectedIndices[i][r]) {
          // Only acceptable where the naive distances of the two swapped items are within 1e-12.
          int other = expectedIndices[i][r];
          double otherDistance = expectedDistances[i][r];
          assertThat(Math.abs(otherDistance - actual.distance(r)))
              .as("%s artist %d rank %d: %d instead of %d", provider, i, r, actual.index(r), other)
              .isLessThan(1e-12);
          nearTieSwaps++;
        }
        if (r > 0 && actual.distance(r) == actual.distance(r - 1)) {
          assertThat(actual.index(r)).isGreaterThan(actual.index(r - 1));
        }
      }
      // The same set of neighbours unless the 100th is tied with the 101st.
      assertThat(actual.indices()).containsExactlyInAnyOrder(expectedIndices[i]);
    }
    System.out.printf("%s: %d near-tie swaps over 100,000 ranks%n", provider, nearTieSwaps);
  }
}
