package io.playknn.benchmarks;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.lastfm.LastfmDataset;
import io.playknn.lastfm.Weighting;
import io.playknn.matrix.SparseMatrix;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Every artist's exact cosine top-K over the full-size synthetic Last.fm 360K data (seed 42: all
 * users and artists, per-user max scaling): min and median wall time of warm runs per thread
 * count, multiply-add updates per second, and peak heap during the measured runs. Updates are
 * {@code sum over users of (artists per user)²}, the work of the row-by-row kernel.
 *
 * <p>Run: {@code java -Xmx8g -cp benchmarks/target/benchmarks.jar
 * io.playknn.benchmarks.FullScaleKnnHarness [scale=1.0] [k=100] [threads=1,2] [runs=5]
 * [warmup=1]}. The synthetic file is generated once into {@code java.io.tmpdir} (see {@link
 * LastfmIngestBenchmark}).
 */
public final class FullScaleKnnHarness {
  private FullScaleKnnHarness() {}

  /**
   * Loads the synthetic dataset's artist × user matrix.
   *
   * @param scale dataset size relative to the real one
   * @return the matrix, max-scaled per user as the reference
   * @throws IOException if the file cannot be written or read
   */
  static SparseMatrix matrix(double scale) throws IOException {
    return dataset(LastfmIngestBenchmark.syntheticFile(scale, false)).matrix();
  }

  /**
   * Reads a plays file with this harness's settings: every user and artist, per-user max scaling.
   *
   * @param plays a Last.fm 360K plays file
   * @return the dataset
   * @throws IOException if the file cannot be read
   */
  static LastfmDataset dataset(Path plays) throws IOException {
    return LastfmDataset.builder()
        .plays(plays)
        .topUsers(Integer.MAX_VALUE)
        .topArtists(Integer.MAX_VALUE)
        .weighting(Weighting.maxScaled())
        .build();
  }

  /**
   * @param m an item × user matrix
   * @return {@code sum over users of (items per user)²}
   */
  static long updates(SparseMatrix m) {
    long[] perUser = new long[m.columns()];
    for (int p = 0; p < m.nonZeros(); p++) {
      perUser[m.columnAt(p)]++;
    }
    long sum = 0;
    for (long c : perUser) {
      sum += c * c;
    }
    return sum;
  }

  /**
   * @param args {@code key=value} pairs: scale, k, threads (comma-separated), runs, warmup
   * @throws IOException if the data cannot be generated or read
   */
  public static void main(String[] args) throws IOException {
    double scale = 1.0;
    int k = 100;
    int runs = 5;
    int warmup = 1;
    int[] threadCounts = {1, 2};
    for (String a : args) {
      String[] kv = a.split("=", 2);
      switch (kv[0]) {
        case "scale" -> scale = Double.parseDouble(kv[1]);
        case "k" -> k = Integer.parseInt(kv[1]);
        case "runs" -> runs = Integer.parseInt(kv[1]);
        case "warmup" -> warmup = Integer.parseInt(kv[1]);
        case "threads" -> threadCounts = Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt).toArray();
        default -> throw new IllegalArgumentException("unknown argument " + a);
      }
    }
    SparseMatrix m = matrix(scale);
    long updates = updates(m);
    for (int threads : threadCounts) {
      NearestNeighbors knn =
          NearestNeighbors.fit(
              m, KnnOptions.builder().metric(Metric.COSINE).threads(threads).build());
      for (int i = 0; i < warmup; i++) {
        knn.kneighborsAll(k);
      }
      System.gc();
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        pool.resetPeakUsage();
      }
      double[] seconds = new double[runs];
      NeighborTable table = null;
      for (int r = 0; r < runs; r++) {
        table = null;
        long t0 = System.nanoTime();
        table = knn.kneighborsAll(k);
        seconds[r] = (System.nanoTime() - t0) / 1e9;
      }
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      Arrays.sort(seconds);
      double median = seconds[runs / 2];
      System.out.printf(
          Locale.ROOT,
          "{\"items\": %d, \"users\": %d, \"nonZeros\": %d, \"k\": %d, \"threads\": %d,"
              + " \"runs\": %d, \"minSeconds\": %.3f, \"medianSeconds\": %.3f,"
              + " \"updates\": %d, \"updatesPerSecond\": %.4g, \"nsPerUpdatePerThread\": %.2f,"
              + " \"peakHeapMb\": %.0f, \"rows\": %d}%n",
          m.rows(), m.columns(), m.nonZeros(), k, threads, runs, seconds[0], median, updates,
          updates / median, median * 1e9 * threads / updates, peak / 1e6, table.size());
    }
  }
}
