package io.playknn.benchmarks;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.Neighbors;
import io.playknn.matrix.DenseMatrix;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code ball_tree} against {@code brute} on dense data: build time and per-query time (the 10
 * nearest neighbours of an indexed item, Euclidean, one thread) for {@code n} items uniform in the
 * unit cube of dimension {@code d}, seeded. Queries cycle through 1,024 fixed items. Both fit the
 * same {@link DenseMatrix}: the tree natively, brute force on its sparse form.
 *
 * <p>Run with the annotations' settings: {@code java -jar benchmarks/target/benchmarks.jar
 * BallTreeBenchmark}. The committed {@code benchmarks/results/current/ball-tree.json} (this class and
 * {@link BallTreeReferenceBenchmark}) was run shorter: {@code java -jar
 * benchmarks/target/benchmarks.jar 'BallTree.*Benchmark' -wi 2 -w 1s -i 3 -r 1s -rf json -rff
 * benchmarks/results/current/ball-tree.json}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BallTreeBenchmark {
  /** Neighbours per query. */
  static final int K = 10;
  /** Number of distinct query items. */
  static final int QUERIES = 1024;

  /** Dimension {@code d}. */
  @Param({"2", "8", "32", "128"})
  public int dimension;

  /** Number of items {@code n}. */
  @Param({"10000", "100000"})
  public int size;

  /** The provider. */
  @Param({"brute", "ball_tree"})
  public String algorithm;

  DenseMatrix data;
  KnnOptions options;
  NearestNeighbors index;
  int[] queries;
  int next;

  /** Generates the data and fits the index queried. */
  @Setup
  public void setUp() {
    data = uniform(size, dimension, 20261128L + 31L * dimension + size);
    options =
        KnnOptions.builder()
            .algorithm(algorithm)
            .metric(Metric.EUCLIDEAN)
            .neighbors(K)
            .threads(1)
            .build();
    index = NearestNeighbors.fit(data, options);
    SplittableRandom random = new SplittableRandom(7);
    queries = new int[Math.min(QUERIES, size)];
    for (int i = 0; i < queries.length; i++) {
      queries[i] = random.nextInt(size);
    }
  }

  /**
   * @param n rows
   * @param d columns
   * @param seed the seed
   * @return {@code n × d} values uniform in {@code [0, 1)}
   */
  static DenseMatrix uniform(int n, int d, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[n * d];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextDouble();
    }
    return DenseMatrix.of(n, d, values);
  }

  /** @return a freshly fitted index (build time) */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  public NearestNeighbors build() {
    return NearestNeighbors.fit(data, options);
  }

  /** @return the 10 nearest neighbours of the next query item (per-query time) */
  @Benchmark
  public Neighbors query() {
    int item = queries[next];
    next = next + 1 == queries.length ? 0 : next + 1;
    return index.kneighbors(item, K);
  }
}
