package io.playknn.benchmarks;

import io.playknn.lastfm.LastfmDataset;
import io.playknn.lastfm.ReadReport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A plain harness for the ingestion figures the README reports: min and median wall time of warm
 * runs, MB/s, lines/s and peak heap. Peak heap is the sum of the heap pools' peak usage during
 * the measured runs (an upper bound of the true peak).
 *
 * <p>Run: {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar
 * io.playknn.benchmarks.LastfmIngestHarness [scale=1.0] [settings=all] [runs=5] [warmup=2]
 * [compression=plain] [threads=0]} ({@code threads=0}: the builder's default). Also prints the
 * median process CPU time of a run, which a busy machine distorts less than wall time.
 */
public final class LastfmIngestHarness {
  private LastfmIngestHarness() {}

  /**
   * @param args {@code key=value} pairs: scale, settings, runs, warmup, compression
   * @throws IOException if the file cannot be written or read
   */
  public static void main(String[] args) throws IOException {
    double scale = 0.01;
    String settings = "all";
    int runs = 5;
    int warmup = 2;
    boolean gzip = false;
    int threads = 0;
    for (String a : args) {
      String[] kv = a.split("=", 2);
      switch (kv[0]) {
        case "scale" -> scale = Double.parseDouble(kv[1]);
        case "settings" -> settings = kv[1];
        case "runs" -> runs = Integer.parseInt(kv[1]);
        case "warmup" -> warmup = Integer.parseInt(kv[1]);
        case "compression" -> gzip = LastfmIngestBenchmark.isGzip(kv[1]);
        case "threads" -> threads = Integer.parseInt(kv[1]);
        default -> throw new IllegalArgumentException("unknown argument " + a);
      }
    }
    Path plays = LastfmIngestBenchmark.syntheticFile(scale, gzip);
    long bytes = Files.size(plays);
    for (int i = 0; i < warmup; i++) {
      LastfmIngestBenchmark.ingest(plays, settings, threads);
    }
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    double[] seconds = new double[runs];
    double[] cpuSeconds = new double[runs];
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ReadReport report = null;
    LastfmDataset d = null;
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      long c0 = os.getProcessCpuTime();
      d = LastfmIngestBenchmark.ingest(plays, settings, threads);
      seconds[i] = (System.nanoTime() - t0) / 1e9;
      cpuSeconds[i] = (os.getProcessCpuTime() - c0) / 1e9;
      report = d.reports().get(0);
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    Arrays.sort(seconds);
    Arrays.sort(cpuSeconds);
    double min = seconds[0];
    double median = seconds[runs / 2];
    System.out.printf(
        Locale.ROOT,
        "{\"file\": \"%s\", \"bytes\": %d, \"lines\": %d, \"settings\": \"%s\", \"runs\": %d,"
            + " \"threads\": %d, \"minSeconds\": %.3f, \"medianSeconds\": %.3f,"
            + " \"medianCpuSeconds\": %.3f, \"mbPerSecond\": %.1f,"
            + " \"linesPerSecond\": %.0f, \"peakHeapMb\": %.0f, \"matrix\": \"%s\"}%n",
        plays, bytes, report.linesRead(), settings, runs, threads, min, median,
        cpuSeconds[runs / 2], bytes / 1e6 / median,
        report.linesRead() / median, peak / 1e6, d);
  }
}
