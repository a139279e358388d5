package io.playknn.knn.balltree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.knn.Neighbors;
import io.playknn.knn.RandomMatrices;
import io.playknn.matrix.DenseMatrix;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded randomized property test: {@code ball_tree} (fitted on the sparse matrix and natively on
 * its dense form, leaf sizes 1, 2, 5 and 40) equals {@code brute} equals a naive double loop written
 * here, for every item's k nearest (k = 1, 3, n - 1, n + 2), radius queries (radii that hit
 * distances exactly included) and ad-hoc vectors (zero, a copy of a row, random), both metrics.
 * Indices must be equal, distances within 1e-9. Matrices have duplicate rows, exact ties (small
 * integers), zero rows, signed values, and low-dimensional dense coordinates. The seed is in each
 * test's name and every failure message.
 */
class BallTreeOracleTest {
  private static final int[] LEAF_SIZES = {1, 2, 5, 40};

  static LongStream seeds() {
    return LongStream.range(0, 30).map(i -> 0xD1B54A32D192ED03L * (i + 1) + 7);
  }

  /** The matrix for a seed: sparse with ties, sparse continuous signed, or dense low-dimensional. */
  static SparseMatrix matrix(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int rows = 1 + random.nextInt(90);
    switch ((int) Math.floorMod(seed, 3L)) {
      case 0:
        return RandomMatrices.withTies(seed, rows, 1 + random.nextInt(30), 0.05 + 0.4 * random.nextDouble());
      case 1:
        return RandomMatrices.continuous(
            seed, rows, 1 + random.nextInt(30), 0.05 + 0.4 * random.nextDouble(), true);
      default:
        return lowDimensional(random, rows, 1 + random.nextInt(6));
    }
  }

  /** Dense coordinates on a small integer grid (many exact ties and duplicates) plus zero rows. */
  private static SparseMatrix lowDimensional(SplittableRandom random, int rows, int d) {
    double[][] m = new double[rows][d];
    boolean grid = random.nextBoolean();
    for (int r = 0; r < rows; r++) {
      double kind = random.nextDouble();
      if (kind < 0.1) {
        continue;
      }
      if (kind < 0.25 && r > 0) {
        m[r] = m[random.nextInt(r)].clone();
        continue;
      }
      for (int j = 0; j < d; j++) {
        m[r][j] = grid ? random.nextInt(5) - 2 : random.nextGaussian();
      }
    }
    return DenseMatrix.of(m).toSparse();
  }

  // ---- The naive oracle: a double loop over dense rows, the formulas of the contract. ----

  private static double[][] dense(SparseMatrix m) {
    double[][] out = new double[m.rows()][m.columns()];
    for (int r = 0; r < m.rows(); r++) {
      for (int p = m.rowStart(r); p < m.rowEnd(r); p++) {
        out[r][m.columnAt(p)] = m.valueAt(p);
      }
    }
    return out;
  }

  private static double[] normalized(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v * v;
    }
    double norm = Math.sqrt(s);
    double[] out = a.clone();
    if (norm != 0) {
      for (int j = 0; j < out.length; j++) {
        out[j] /= norm;
      }
    }
    return out;
  }

  private static double naiveDistance(Metric metric, double[] a, double[] b) {
    double s = 0;
    if (metric == Metric.COSINE) {
      double[] na = normalized(a);
      double[] nb = normalized(b);
      for (int j = 0; j < a.length; j++) {
        s += na[j] * nb[j];
      }
      return Math.min(2, Math.max(0, 1 - s));
    }
    for (int j = 0; j < a.length; j++) {
      s += (a[j] - b[j]) * (a[j] - b[j]);
    }
    return Math.sqrt(s);
  }

  /** All items but {@code self}, sorted by (distance, index). */
  private static Neighbors naiveAll(Metric metric, double[][] rows, double[] q, int self) {
    List<double[]> pairs = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      if (i != self) {
        pairs.add(new double[] {naiveDistance(metric, q, rows[i]), i});
      }
    }
    pairs.sort((x, y) -> x[0] != y[0] ? Double.compare(x[0], y[0]) : Double.compare(x[1], y[1]));
    int[] idx = new int[pairs.size()];
    double[] dist = new double[pairs.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = (int) pairs.get(i)[1];
      dist[i] = pairs.get(i)[0];
    }
    return Neighbors.of(idx, dist);
  }

  private static Neighbors withinRadius(Neighbors all, double radius) {
    int n = 0;
    while (n < all.size() && all.distance(n) <= radius) {
      n++;
    }
    return all.head(n);
  }

  /** Same indices in the same order, distances within 1e-9 (checked cheaply, reported by AssertJ). */
  static void assertSame(Neighbors expected, Neighbors actual, String what) {
    boolean same = expected.size() == actual.size();
    for (int i = 0; same && i < expected.size(); i++) {
      same =
          expected.index(i) == actual.index(i)
              && Math.abs(expected.distance(i) - actual.distance(i)) <= 1e-9;
    }
    if (!same) {
      assertThat(actual.indices()).as(what).containsExactly(expected.indices());
      for (int i = 0; i < expected.size(); i++) {
        assertThat(actual.distance(i))
            .as("%s rank %d", what, i)
            .isCloseTo(expected.distance(i), Offset.offset(1e-9));
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void ballTree_equalsBruteAndNaiveLoop(long seed) {
    SparseMatrix m = matrix(seed);
    double[][] rows = dense(m);
    int n = m.rows();
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    List<SparseVector> vectors = new ArrayList<>();
    vectors.add(SparseVector.empty(m.columns()));
    vectors.add(m.row(random.nextInt(n)));
    vectors.add(RandomMatrices.continuous(seed + 1, 1, m.columns(), 0.5, true).row(0));
    for (Metric metric : Metric.values()) {
      KnnOptions.Builder o = KnnOptions.builder().metric(metric).threads(1 + random.nextInt(3));
      NearestNeighbors brute = NearestNeighbors.fit(m, o.algorithm("brute").build());
      // Radii: the distances some item has to others (hit exactly), and random ones.
      Neighbors probe = naiveAll(metric, rows, rows[0], 0);
      double[] radii = {
        0.0,
        probe.size() > 0 ? probe.distance(probe.size() / 2) : 0.5,
        probe.size() > 0 ? probe.distance(0) : 1.0,
        metric == Metric.COSINE ? 1.0 : 2.0,
        (metric == Metric.COSINE ? 2 : 4) * random.nextDouble()
      };
      Neighbors[] expectedAll = new Neighbors[n];
      for (int item = 0; item < n; item++) {
        expectedAll[item] = naiveAll(metric, rows, rows[item], item);
      }
      Neighbors[] expectedVectors = new Neighbors[vectors.size()];
      for (int v = 0; v < vectors.size(); v++) {
        expectedVectors[v] = naiveAll(metric, rows, dense(vectors.get(v)), -1);
      }
      for (int leafSize : LEAF_SIZES) {
        KnnOptions treeOptions =
            o.algorithm("ball_tree").parameter("leaf_size", Integer.toString(leafSize)).build();
        NearestNeighbors sparseTree = NearestNeighbors.fit(m, treeOptions);
        NearestNeighbors denseTree = NearestNeighbors.fit(DenseMatrix.fromSparse(m), treeOptions);
        for (NearestNeighbors tree : List.of(sparseTree, denseTree)) {
          String where =
              "seed " + seed + " " + metric + " leaf_size " + leafSize + " " + tree + " of " + m;
          for (int item = 0; item < n; item++) {
            Neighbors all = expectedAll[item];
            for (int k : new int[] {1, 3, Math.max(1, n - 1), n + 2}) {
              Neighbors expected = all.head(k);
              String what = where + " item " + item + " k " + k;
              if (leafSize == LEAF_SIZES[0] && tree == sparseTree) {
                assertSame(expected, brute.kneighbors(item, k), what + " (brute)");
              }
              assertSame(expected, tree.kneighbors(item, k), what);
            }
            for (double radius : radii) {
              assertSame(
                  withinRadius(all, radius),
                  tree.radiusNeighbors(item, radius),
                  where + " item " + item + " radius " + radius);
            }
          }
          NeighborTable table = tree.kneighborsAll(3);
          for (int item = 0; item < n; item++) {
            assertThat(table.row(item)).as(where + " batch " + item).isEqualTo(tree.kneighbors(item, 3));
          }
          for (int vi = 0; vi < vectors.size(); vi++) {
            SparseVector v = vectors.get(vi);
            Neighbors all = expectedVectors[vi];
            String what = where + " vector " + Arrays.toString(dense(v));
            assertSame(all.head(5), brute.kneighbors(v, 5), what + " (brute)");
            assertSame(all.head(5), tree.kneighbors(v, 5), what);
            assertSame(all, tree.kneighbors(v, n + 1), what + " all");
            for (double radius : radii) {
              assertSame(
                  withinRadius(all, radius), tree.radiusNeighbors(v, radius), what + " r " + radius);
            }
          }
        }
      }
    }
  }

  private static double[] dense(SparseVector v) {
    double[] out = new double[v.dimension()];
    for (int i = 0; i < v.size(); i++) {
      out[v.indexAt(i)] = v.valueAt(i);
    }
    return out;
  }

  @Test
  void fit_leafSizeBelowOneIsRejected() {
    SparseMatrix m = SparseMatrix.builder(2, 2).add(0, 0, 1).add(1, 1, 1).build();
    KnnOptions zero = KnnOptions.builder().algorithm("ball_tree").parameter("leaf_size", "0").build();
    assertThatThrownBy(() -> NearestNeighbors.fit(m, zero))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaf_size")
        .hasMessageContaining(">= 1")
        .hasMessageContaining("0");
    KnnOptions text = KnnOptions.builder().algorithm("ball_tree").parameter("leaf_size", "big").build();
    assertThatThrownBy(() -> NearestNeighbors.fit(DenseMatrix.fromSparse(m), text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaf_size")
        .hasMessageContaining("big");
  }

  @Test
  void fit_emptyMatrixAnswersEmpty() {
    for (Metric metric : Metric.values()) {
      NearestNeighbors knn =
          NearestNeighbors.fit(
              SparseMatrix.builder(0, 3).build(),
              KnnOptions.builder().algorithm("ball_tree").metric(metric).build());
      assertThat(knn.kneighbors(SparseVector.empty(3), 4).size()).isZero();
      assertThat(knn.radiusNeighbors(SparseVector.empty(3), 4).size()).isZero();
    }
  }

  @Test
  void fit_zeroColumnsDenseEuclidean_buildsAndAnswersAsBrute() {
    // More rows than a leaf holds, no column to split on: every point is the origin.
    DenseMatrix m = DenseMatrix.of(100, 0, new double[0]);
    for (String algorithm : new String[] {"ball_tree", "auto"}) {
      NearestNeighbors tree = NearestNeighbors.fit(
          m, KnnOptions.builder().algorithm(algorithm).metric(Metric.EUCLIDEAN).build());
      NearestNeighbors brute = NearestNeighbors.fit(
          m, KnnOptions.builder().algorithm("brute").metric(Metric.EUCLIDEAN).build());
      assertThat(tree.kneighbors(7, 3).indices()).containsExactly(0, 1, 2);
      assertSame(brute.kneighbors(7, 3), tree.kneighbors(7, 3), algorithm);
    }
  }

  @Test
  void kneighbors_distanceWhoseSquareOverflows_isFinite() {
    // (1e200)^2 overflows; the distance is rescaled, as hypot does, in both providers.
    DenseMatrix m = DenseMatrix.of(2, 1, new double[] {0, 1e200});
    NearestNeighbors tree = NearestNeighbors.fit(
        m, KnnOptions.builder().algorithm("ball_tree").metric(Metric.EUCLIDEAN).build());
    NearestNeighbors brute = NearestNeighbors.fit(
        m, KnnOptions.builder().algorithm("brute").metric(Metric.EUCLIDEAN).build());
    Neighbors expected = brute.kneighbors(0, 1);
    assertThat(expected.size()).isEqualTo(1);
    assertThat(expected.distance(0)).isEqualTo(1e200);
    Neighbors actual = tree.kneighbors(0, 1);
    assertThat(actual.indices()).containsExactly(1);
    assertThat(actual.distance(0)).isEqualTo(1e200);
  }

  @Test
  void kneighbors_concurrentQueriesFromManyThreadsEqualSequentialOnes() throws Exception {
    SparseMatrix m = RandomMatrices.continuous(21, 300, 6, 0.6, true);
    for (boolean dense : new boolean[] {false, true}) {
      for (Metric metric : Metric.values()) {
        KnnOptions o =
            KnnOptions.builder().algorithm("ball_tree").metric(metric).parameter("leaf_size", "4").build();
        NearestNeighbors tree =
            dense ? NearestNeighbors.fit(DenseMatrix.fromSparse(m), o) : NearestNeighbors.fit(m, o);
        Neighbors[] sequential = new Neighbors[m.rows()];
        for (int i = 0; i < m.rows(); i++) {
          sequential[i] = tree.kneighbors(i, 9);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
          List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
          for (int t = 0; t < 6; t++) {
            int offset = t;
            results.add(
                pool.submit(
                    () -> {
                      boolean same = true;
                      for (int r = 0; r < m.rows(); r++) {
                        int i = (r * 7 + offset) % m.rows();
                        same &= tree.kneighbors(i, 9).equals(sequential[i]);
                        same &= tree.radiusNeighbors(i, 0.5).equals(tree.radiusNeighbors(i, 0.5));
                      }
                      return same;
                    }));
          }
          for (java.util.concurrent.Future<Boolean> f : results) {
            assertThat(f.get()).as("dense %s %s", dense, metric).isTrue();
          }
        } finally {
          pool.shutdownNow();
        }
      }
    }
  }

  @Test
  void fit_isDeterministic() {
    SparseMatrix m = RandomMatrices.withTies(11, 200, 12, 0.3);
    KnnOptions o =
        KnnOptions.builder().algorithm("ball_tree").parameter("leaf_size", "3").neighbors(7).build();
    assertThat(NearestNeighbors.fit(m, o).kneighborsAll(7))
        .isEqualTo(NearestNeighbors.fit(m, o).kneighborsAll(7));
    assertThat(NearestNeighbors.fit(m, o).toString())
        .isEqualTo(NearestNeighbors.fit(m, o).toString());
  }
}
