package io.playknn.spark;

import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.lastfm.LastfmDataset;
import io.playknn.lastfm.UserOrder;
import io.playknn.lastfm.Weighting;
import io.playknn.matrix.SparseMatrix;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark job against the in-JVM {@code kneighborsAll} on one data set, in local mode: every
 * item's cosine top {@code k} over the dataset of a Last.fm 360K plays file (all users and
 * artists, per-user max scaling, users in {@link UserOrder#AUDIENCE} order, as the full-scale
 * harness of {@code benchmarks}). Prints one JSON object per line: the in-JVM runs, then for each
 * mode the job's runs (the neighbours stage: computing every item's neighbours and writing them as
 * Parquet; and the whole run with the other outputs), the overhead ratio of medians, and whether
 * the table read back from Parquet equals the in-JVM one bit for bit, with both checksums.
 *
 * <p>Run with Spark on the class path (its jars, or {@code spark-submit --class
 * io.playknn.spark.SparkScaleHarness --master 'local[2]' --driver-memory 8g
 * playknn-spark-all.jar ...}): {@code plays=FILE [k=100] [threads=2] [runs=3] [modes=broadcast,blocked]
 * [blockItems=0] [out=DIR]}. The job runs on {@code local[threads]}; the in-JVM table on {@code
 * threads} threads.
 */
final class SparkScaleHarness {
  private SparkScaleHarness() {}

  /**
   * The checksum {@code benchmarks}' full-scale harness prints: the sum over rows and ranks of
   * distance + index × 1e-6, accumulated row by row in rank order.
   */
  static double checksum(NeighborTable table) {
    double sum = 0;
    for (int row = 0; row < table.size(); row++) {
      for (int rank = 0; rank < table.count(row); rank++) {
        sum += table.distance(row, rank) + table.index(row, rank) * 1e-6;
      }
    }
    return sum;
  }

  private static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  private static String json(Map<String, Object> fields) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      sb.append(sb.length() > 1 ? ", " : "").append('"').append(e.getKey()).append("\": ");
      Object v = e.getValue();
      if (v instanceof String s) {
        sb.append('"').append(s).append('"');
      } else if (v instanceof List<?> l) {
        sb.append(l.toString());
      } else if (v instanceof Double d) {
        sb.append(String.format(Locale.ROOT, "%.3f", d));
      } else {
        sb.append(v);
      }
    }
    return sb.append('}').toString();
  }

  private static List<Double> rounded(List<Double> xs) {
    List<Double> out = new ArrayList<>();
    for (double x : xs) {
      out.add(Math.round(x * 1000) / 1000.0);
    }
    return out;
  }

  /**
   * @param args {@code key=value} pairs (see the class comment)
   * @throws IOException if the plays file cannot be read or the output written
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> opt = new TreeMap<>(Map.of(
        "k", "100", "threads", "2", "runs", "3", "modes", "broadcast,blocked", "blockItems", "0",
        "out", System.getProperty("java.io.tmpdir") + "/playknn-spark-harness"));
    List<String> known = List.of("plays", "k", "threads", "runs", "modes", "blockItems", "out");
    for (String a : args) {
      int eq = a.indexOf('=');
      String key = eq < 0 ? a : a.substring(0, eq);
      if (eq < 0 || !known.contains(key)) {
        throw new IllegalArgumentException("argument must be key=value with a key in " + known
            + ", was " + a);
      }
      opt.put(key, a.substring(eq + 1));
    }
    if (!opt.containsKey("plays")) {
      throw new IllegalArgumentException("plays=FILE is required (a Last.fm 360K plays file)");
    }
    int k = Integer.parseInt(opt.get("k"));
    int threads = Integer.parseInt(opt.get("threads"));
    int runs = Integer.parseInt(opt.get("runs"));
    PrintStream out = System.out;

    long t0 = System.nanoTime();
    LastfmDataset d = LastfmDataset.builder().plays(Path.of(opt.get("plays")))
        .topUsers(Integer.MAX_VALUE).topArtists(Integer.MAX_VALUE)
        .weighting(Weighting.maxScaled()).userOrder(UserOrder.AUDIENCE).build();
    SparseMatrix m = d.matrix();
    double prepare = (System.nanoTime() - t0) / 1e9;

    NearestNeighbors index = NearestNeighbors.fit(m, NeighborJob.indexOptions(k, threads));
    NeighborTable inJvm = index.kneighborsAll(k); // warm-up
    List<Double> jvm = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      long s = System.nanoTime();
      inJvm = index.kneighborsAll(k);
      jvm.add((System.nanoTime() - s) / 1e9);
    }
    double inJvmChecksum = checksum(inJvm);
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    out.println(json(new java.util.LinkedHashMap<>(Map.of(
        "what", "in-JVM kneighborsAll", "items", m.rows(), "users", m.columns(),
        "nonZeros", (long) m.nonZeros(), "k", k, "threads", threads,
        "prepareSeconds", prepare, "seconds", rounded(jvm), "medianSeconds", median(jvm),
        "checksum", String.format(Locale.ROOT, "%.6f", inJvmChecksum)))));
    out.flush();
    index = null;

    SparkSession spark = SparkSession.builder()
        .master("local[" + threads + "]").appName("playknn-spark-harness")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      for (String modeName : opt.get("modes").split(",")) {
        Mode mode = Mode.valueOf(modeName.trim().toUpperCase(Locale.ROOT));
        String dir = opt.get("out") + "/" + modeName.trim();
        List<Double> neighbours = new ArrayList<>();
        List<Double> total = new ArrayList<>();
        JobReport report = null;
        for (int r = 0; r <= runs; r++) {
          report = NeighborJob.builder().matrix(m, d.artistNames()).k(k).mode(mode)
              .blockItems(Integer.parseInt(opt.get("blockItems"))).output(dir).overwrite(true)
              .build().run(spark);
          if (r > 0) { // run 0 warms up
            neighbours.add(report.neighboursSeconds());
            total.add(report.totalSeconds());
          }
        }
        long s = System.nanoTime();
        NeighborTable read = NeighborOutput.readTable(spark, dir);
        double readSeconds = (System.nanoTime() - s) / 1e9;
        double sparkChecksum = checksum(read);
        Map<String, Object> f = new java.util.LinkedHashMap<>();
        f.put("what", "spark job");
        f.put("mode", mode.name().toLowerCase(Locale.ROOT));
        f.put("master", "local[" + threads + "]");
        f.put("parts", report.parts());
        f.put("tasks", report.tasks());
        f.put("k", k);
        f.put("neighboursSeconds", rounded(neighbours));
        f.put("medianNeighboursSeconds", median(neighbours));
        f.put("totalSeconds", rounded(total));
        f.put("medianTotalSeconds", median(total));
        f.put("overheadRatio", median(neighbours) / median(jvm));
        f.put("readBackSeconds", readSeconds);
        f.put("checksum", String.format(Locale.ROOT, "%.6f", sparkChecksum));
        f.put("inJvmChecksum", String.format(Locale.ROOT, "%.6f", inJvmChecksum));
        f.put("equalBitForBit", read.equals(inJvm));
        f.put("loadAverageBefore", load);
        f.put("loadAverageAfter",
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.println(json(f));
        out.flush();
        load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      }
    } finally {
      spark.stop();
    }
    Files.createDirectories(Path.of(opt.get("out")));
    out.println(json(Map.of("note", "medians over the timed runs; run 0 of each mode warms up",
        "args", Arrays.toString(args).replace("\"", "'"))));
  }
}
