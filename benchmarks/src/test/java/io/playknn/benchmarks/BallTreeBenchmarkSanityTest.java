package io.playknn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.Neighbors;
import io.playknn.matrix.DenseMatrix;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each benchmark of {@link BallTreeBenchmark} and {@link BallTreeReferenceBenchmark} computes the
 * right answer: on small dense inputs, against a naive Euclidean loop written here; on the
 * reference matrix, the published list and brute force's answer.
 */
class BallTreeBenchmarkSanityTest {

  private static int[] naiveTop(DenseMatrix m, int item, int k) {
    double[] q = m.row(item);
    double[] d = new double[m.rows()];
    for (int j = 0; j < m.rows(); j++) {
      double s = 0;
      double[] x = m.row(j);
      for (int c = 0; c < q.length; c++) {
        s += (q[c] - x[c]) * (q[c] - x[c]);
      }
      d[j] = Math.sqrt(s);
    }
    return IntStream.range(0, m.rows())
        .filter(j -> j != item)
        .boxed()
        .sorted(Comparator.<Integer>comparingDouble(j -> d[j]).thenComparingInt(j -> j))
        .limit(k)
        .mapToInt(Integer::intValue)
        .toArray();
  }

  @ParameterizedTest(name = "{0} d={1} n={2}")
  @CsvSource({
    "brute, 2, 600", "ball_tree, 2, 600", "brute, 8, 600", "ball_tree, 8, 600",
    "brute, 32, 300", "ball_tree, 32, 300", "ball_tree, 128, 200"
  })
  void denseBenchmark_buildAndQueryAreRight(String algorithm, int dimension, int size) {
    BallTreeBenchmark b = new BallTreeBenchmark();
    b.algorithm = algorithm;
    b.dimension = dimension;
    b.size = size;
    b.setUp();
    assertThat(b.data.rows()).isEqualTo(size);
    assertThat(b.data.columns()).isEqualTo(dimension);
    NearestNeighbors built = b.build();
    assertThat(built.options().algorithm()).isEqualTo(algorithm);
    for (int i = 0; i < 40; i++) {
      int item = b.queries[b.next];
      Neighbors n = b.query();
      int[] expected = naiveTop(b.data, item, BallTreeBenchmark.K);
      assertThat(n.indices()).as("item %d", item).containsExactly(expected);
      assertThat(built.kneighbors(item, BallTreeBenchmark.K).indices()).containsExactly(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"brute", "ball_tree"})
  void referenceBenchmark_buildAndQueryAreRight(String algorithm) {
    BallTreeReferenceBenchmark b = new BallTreeReferenceBenchmark();
    b.algorithm = algorithm;
    b.setUp();
    NearestNeighbors built = b.build();
    assertThat(built.size()).isEqualTo(1000);
    Neighbors beatles = b.query(); // artist 0
    assertThat(b.data.artists().get(0)).isEqualTo("the beatles");
    assertThat(beatles.size()).isEqualTo(BallTreeReferenceBenchmark.K);
    assertThat(b.data.artistsOf(beatles.head(15)))
        .containsExactlyElementsOf(b.data.expected().get("the beatles"));
    NearestNeighbors brute =
        NearestNeighbors.fit(b.data.matrix(), b.options.toBuilder().algorithm("brute").build());
    for (int item = 1; item < 1000; item += 111) {
      b.next = item;
      assertThat(b.query()).as("artist %d", item).isEqualTo(brute.kneighbors(item, BallTreeReferenceBenchmark.K));
      assertThat(built.kneighbors(item, 5)).isEqualTo(brute.kneighbors(item, 5));
    }
    assertThat(Arrays.asList(b.data.expected().keySet().toArray())).hasSize(5);
  }
}
