package io.playknn.benchmarks;

import io.playknn.eval.ReferenceData;
import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
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
 * The hot similarity loop on the shipped reference matrix (1,000 artists × 9,994 users, 293,439
 * non-zeros), cosine, top-101 as the reference: every artist's neighbours on 1 and 2 threads, one
 * artist's neighbours ({@code the beatles}, row 0, the most-played and so the densest row), and the
 * dense double loop that mirrors the reference's densified brute force as the baseline.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ReferenceKnnBenchmark -rf json -rff
 * benchmarks/results/current/reference-knn.json}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ReferenceKnnBenchmark {
  /** The reference's {@code n_neighbors}. */
  static final int K = 101;

  /**
   * Threads for the all-artists batch. JMH runs every benchmark of this class once per value, but
   * only {@link #allArtistsTop101} uses it: the other three are single-threaded, so their two
   * results measure the same work twice.
   */
  @Param({"1", "2"})
  public int threads;

  NearestNeighbors brute;
  DenseBaseline dense;
  int beatles;

  /** Loads the shipped matrix and fits brute cosine. */
  @Setup
  public void setUp() {
    ReferenceData data = ReferenceData.fromClassPath();
    brute =
        NearestNeighbors.fit(
            data.matrix(),
            KnnOptions.builder()
                .algorithm("brute")
                .metric(Metric.COSINE)
                .neighbors(K)
                .threads(threads)
                .build());
    dense = new DenseBaseline(data.matrix());
    beatles = data.artist("the beatles");
  }

  /** @return every artist's top-101 */
  @Benchmark
  public NeighborTable allArtistsTop101() {
    return brute.kneighborsAll(K);
  }

  /** @return one artist's top-101 (the densest row) */
  @Benchmark
  public Neighbors oneArtistTop101() {
    return brute.kneighbors(beatles, K);
  }

  /** @return one artist's top-101 by the dense baseline */
  @Benchmark
  public int[] denseBaselineOneArtistTop101() {
    return dense.kneighbors(beatles, K);
  }

  /** @return every artist's top-101 by the dense baseline (single-threaded) */
  @Benchmark
  @Warmup(iterations = 1, time = 1)
  @Measurement(iterations = 3, time = 1)
  public int[][] denseBaselineAllArtistsTop101() {
    return dense.kneighborsAll(K);
  }
}
