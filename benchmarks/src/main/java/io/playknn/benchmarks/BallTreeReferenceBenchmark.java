package io.playknn.benchmarks;

import io.playknn.eval.ReferenceData;
import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.Neighbors;
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
 * {@code ball_tree} against {@code brute} on the sparse reference matrix (1,000 artists × 9,994
 * users, cosine, top-101 as the reference): build time, and per-query time cycling through all
 * 1,000 artists on one thread. This is where the tree is expected to lose (10,000 sparse
 * dimensions leave little to prune).
 *
 * <p>Run with the annotations' settings: {@code java -jar benchmarks/target/benchmarks.jar
 * BallTreeReferenceBenchmark}. The committed results are in {@code
 * benchmarks/results/current/ball-tree.json}, run together with {@link BallTreeBenchmark} (see there for
 * the command).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BallTreeReferenceBenchmark {
  /** The reference's {@code n_neighbors}. */
  static final int K = 101;

  /** The provider. */
  @Param({"brute", "ball_tree"})
  public String algorithm;

  ReferenceData data;
  KnnOptions options;
  NearestNeighbors index;
  int next;

  /** Loads the shipped matrix and fits the index queried. */
  @Setup
  public void setUp() {
    data = ReferenceData.fromClassPath();
    options =
        KnnOptions.builder().algorithm(algorithm).metric(Metric.COSINE).neighbors(K).threads(1).build();
    index = NearestNeighbors.fit(data.matrix(), options);
  }

  /** @return a freshly fitted index (build time) */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 3)
  @Measurement(iterations = 10)
  public NearestNeighbors build() {
    return NearestNeighbors.fit(data.matrix(), options);
  }

  /** @return the top-101 of the next artist (per-query time, averaged over all artists) */
  @Benchmark
  public Neighbors query() {
    int item = next;
    next = next + 1 == index.size() ? 0 : next + 1;
    return index.kneighbors(item, K);
  }
}
