package io.playknn.benchmarks;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.knn.ProgressListener;
import io.playknn.knn.brute.BenchmarkHooks;
import io.playknn.lastfm.LastfmDataset;
import io.playknn.lastfm.UserOrder;
import io.playknn.lastfm.Weighting;
import io.playknn.matrix.SparseMatrix;
import io.playknn.model.KnnModel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every artist's exact cosine top-K over the full-size synthetic Last.fm 360K data (seed 42: all
 * users and artists, per-user max scaling, user columns in {@link UserOrder#AUDIENCE} order unless
 * {@code users=plays}): min and median wall time of warm runs per thread
 * count, multiply-add updates per second, and peak heap during the measured runs. Updates are
 * {@code sum over users of (artists per user)²}, the work of the row-by-row kernel.
 *
 * <p>Run: {@code java -Xmx8g -cp benchmarks/target/benchmarks.jar
 * io.playknn.benchmarks.FullScaleKnnHarness [scale=1.0] [k=100] [threads=1,2] [runs=5]
 * [warmup=1] [rounds=1]}. The synthetic file is generated once into {@code java.io.tmpdir} (see {@link
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
   * Reads a plays file with this harness's settings: every user and artist, per-user max scaling,
   * users in {@link UserOrder#AUDIENCE} order.
   *
   * @param plays a Last.fm 360K plays file
   * @return the dataset
   * @throws IOException if the file cannot be read
   */
  static LastfmDataset dataset(Path plays) throws IOException {
    return dataset(plays, UserOrder.AUDIENCE);
  }

  /**
   * @param plays a Last.fm 360K plays file
   * @param users the order of the user columns
   * @return the dataset: every user and artist, per-user max scaling
   * @throws IOException if the file cannot be read
   */
  static LastfmDataset dataset(Path plays, UserOrder users) throws IOException {
    return LastfmDataset.builder()
        .plays(plays)
        .topUsers(Integer.MAX_VALUE)
        .topArtists(Integer.MAX_VALUE)
        .weighting(Weighting.maxScaled())
        .userOrder(users)
        .build();
  }

  /**
   * The table's checksum, as {@code benchmarks/native/sparse_topk.c} prints it for its own result:
   * the sum over rows and ranks of distance + index × 1e-6, accumulated row by row in rank order.
   *
   * @param table a neighbour table
   * @return the checksum
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

  /** @return each user's (column's) number of items */
  private static long[] itemsPerUser(SparseMatrix m) {
    long[] perUser = new long[m.columns()];
    for (int p = 0; p < m.nonZeros(); p++) {
      perUser[m.columnAt(p)]++;
    }
    return perUser;
  }

  /**
   * @param m an item × user matrix
   * @return {@code sum over users of (items per user)²}
   */
  static long updates(SparseMatrix m) {
    long[] perUser = itemsPerUser(m);
    long sum = 0;
    for (long c : perUser) {
      sum += c * c;
    }
    return sum;
  }

  /**
   * @param args {@code key=value} pairs: scale, k, threads (comma-separated), runs (timed runs per
   *     thread count and round), warmup, rounds (of all thread counts in turn, default 1),
   *     tableOnly (skip the single queries and the model file), queryOnly (only the single
   *     queries), users ({@code audience}, the default, or {@code plays}: the user column order,
   *     see {@link UserOrder}), and the brute-force tuning keys of {@link BenchmarkHooks}
   *     (for example {@code batch_kernel=rows}, {@code head_size=0} or {@code query_split=0}) for
   *     the table and the single queries; the model round trip always uses the defaults
   * @throws IOException if the data cannot be generated or read
   */
  public static void main(String[] args) throws IOException {
    double scale = 1.0;
    int k = 100;
    int runs = 5;
    int warmup = 1;
    int rounds = 1;
    int[] threadCounts = {1, 2};
    boolean tableOnly = false;
    boolean queryOnly = false;
    UserOrder users = UserOrder.AUDIENCE;
    Map<String, String> parameters = new TreeMap<>();
    for (String a : args) {
      String[] kv = a.split("=", 2);
      switch (kv[0]) {
        case "scale" -> scale = Double.parseDouble(kv[1]);
        case "k" -> k = Integer.parseInt(kv[1]);
        case "runs" -> runs = Integer.parseInt(kv[1]);
        case "warmup" -> warmup = Integer.parseInt(kv[1]);
        case "rounds" -> rounds = Integer.parseInt(kv[1]);
        case "tableOnly" -> tableOnly = Boolean.parseBoolean(kv[1]);
        case "queryOnly" -> queryOnly = Boolean.parseBoolean(kv[1]);
        case "users" -> users = UserOrder.valueOf(kv[1].toUpperCase(Locale.ROOT));
        case "threads" -> threadCounts = Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt).toArray();
        default -> {
          if (kv.length != 2) {
            throw new IllegalArgumentException("arguments are key=value, was " + a);
          }
          parameters.put(kv[0], kv[1]); // checked by BenchmarkHooks.fit
        }
      }
    }
    LastfmDataset data = dataset(LastfmIngestBenchmark.syntheticFile(scale, false), users);
    SparseMatrix m = data.matrix();
    long updates = updates(m);
    // Rounds alternate the thread counts, so that a drift in the machine's speed (a virtual
    // machine's can drift by a third within an hour) falls on every thread count alike.
    Map<Integer, double[]> seconds = new TreeMap<>();
    Map<Integer, Long> peaks = new TreeMap<>();
    Map<Integer, Double> checksums = new TreeMap<>();
    int rows = 0;
    for (int round = 0; round < (queryOnly ? 0 : rounds); round++) {
      for (int threads : threadCounts) {
        NearestNeighbors knn =
            BenchmarkHooks.fit(
                m, KnnOptions.builder().metric(Metric.COSINE).threads(threads).build(), parameters);
        for (int i = 0; i < warmup; i++) {
          knn.kneighborsAll(
              k,
              round == 0 && i == 0
                  ? percentOnStderr("table, " + threads + " thread(s)")
                  : ProgressListener.NONE);
        }
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
          pool.resetPeakUsage();
        }
        double[] times = seconds.computeIfAbsent(threads, t -> new double[0]);
        times = Arrays.copyOf(times, times.length + runs);
        NeighborTable table = null;
        for (int r = times.length - runs; r < times.length; r++) {
          table = null;
          long t0 = System.nanoTime();
          table = knn.kneighborsAll(k);
          times[r] = (System.nanoTime() - t0) / 1e9;
        }
        seconds.put(threads, times);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
          if (pool.getType() == MemoryType.HEAP) {
            peak += pool.getPeakUsage().getUsed();
          }
        }
        peaks.merge(threads, peak, Math::max);
        checksums.put(threads, checksum(table));
        rows = table.size();
      }
    }
    for (Map.Entry<Integer, double[]> e : seconds.entrySet()) {
      int threads = e.getKey();
      double[] times = e.getValue().clone();
      Arrays.sort(times);
      double median = median(times);
      System.out.printf(
          Locale.ROOT,
          "{\"items\": %d, \"users\": %d, \"userOrder\": \"%s\", \"nonZeros\": %d, \"k\": %d,"
              + " \"threads\": %d, \"runs\": %d, \"minSeconds\": %.3f, \"medianSeconds\": %.3f,"
              + " \"updates\": %d, \"updatesPerSecond\": %.4g, \"nsPerUpdatePerThread\": %.2f,"
              + " \"peakHeapMb\": %.0f, \"rows\": %d, \"checksum\": %.6f}%n",
          m.rows(), m.columns(), users.name().toLowerCase(Locale.ROOT), m.nonZeros(), k, threads,
          times.length, times[0], median,
          updates, updates / median, median * 1e9 * threads / updates, peaks.get(threads) / 1e6,
          rows, checksums.get(threads));
    }
    if (seconds.size() > 1 && seconds.containsKey(1)) {
      double one = median(sorted(seconds.get(1)));
      for (Map.Entry<Integer, double[]> e : seconds.entrySet()) {
        if (e.getKey() != 1) {
          System.out.printf(
              Locale.ROOT,
              "{\"speedUp\": %.3f, \"threads\": %d, \"rounds\": %d, \"note\": \"median of 1"
                  + " thread over median of %d threads, rounds alternating the thread counts\"}%n",
              one / median(sorted(e.getValue())), e.getKey(), rounds, e.getKey());
        }
      }
    }
    if (tableOnly) {
      return;
    }
    onTheFly(m, k, parameters, users.name().toLowerCase(Locale.ROOT));
    if (!queryOnly) {
      tableRoundTrip(m, data.artistNames(), k, threadCounts[0]);
    }
  }

  /**
   * Single queries without a table: the median and the most listened artist, then the heaviest
   * ({@link #heaviestQueries}). The index is dropped on return, so that the round trip's heap
   * holds only its own model (its load, a second copy, still needs more than a 1.5 GB cap).
   */
  private static void onTheFly(
      SparseMatrix m, int k, Map<String, String> parameters, String order) {
    NearestNeighbors single =
        BenchmarkHooks.fit(m, KnnOptions.builder().metric(Metric.COSINE).build(), parameters);
    Integer[] byListeners = new Integer[m.rows()];
    for (int i = 0; i < byListeners.length; i++) {
      byListeners[i] = i;
    }
    Arrays.sort(byListeners, (a, b) -> Integer.compare(m.rowNonZeros(a), m.rowNonZeros(b)));
    warmUp(single, byListeners, k);
    singleQueries(single, "median artist", byListeners[byListeners.length / 2], k, m, order);
    singleQueries(
        single, "most-listened artist", byListeners[byListeners.length - 1], k, m, order);
    heaviestQueries(single, k, m, order);
  }

  private static double[] sorted(double[] values) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }

  /** @return the median of sorted values (the mean of the middle two for an even count) */
  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Prints 10% steps of a long build to standard error. */
  private static ProgressListener percentOnStderr(String what) {
    AtomicInteger shown = new AtomicInteger();
    return (done, total) -> {
      int tenths = (int) (10 * done / Math.max(1, total));
      if (shown.getAndAccumulate(tenths, Math::max) < tenths) {
        System.err.printf(Locale.ROOT, "%s: %d%%%n", what, 10 * tenths);
      }
    };
  }

  /** Number of queries {@link #warmUp} runs. */
  static final int WARM_UP_QUERIES = 2_000;

  /**
   * Compiles the single-query path before it is timed: one query for each of {@value
   * #WARM_UP_QUERIES} artists spread evenly over the listener order, the top 1% left out to keep
   * it short. Without it ({@code queryOnly=true} has no table build before), a small query would
   * be timed in the interpreter: a few repeats of one small query do not get the loop compiled.
   *
   * @param byListeners the artists in increasing listener count
   */
  private static void warmUp(NearestNeighbors knn, Integer[] byListeners, int k) {
    int span = byListeners.length - byListeners.length / 100;
    for (int i = 0; i < WARM_UP_QUERIES; i++) {
      knn.kneighbors(byListeners[(int) ((long) i * span / WARM_UP_QUERIES)], k);
    }
  }

  /** One item's top-k on the fly, no table: 20 warm-up and 50 timed queries. */
  private static void singleQueries(
      NearestNeighbors knn, String what, int item, int k, SparseMatrix m, String userOrder) {
    for (int i = 0; i < 20; i++) {
      knn.kneighbors(item, k);
    }
    double[] ms = new double[50];
    for (int r = 0; r < ms.length; r++) {
      long t0 = System.nanoTime();
      knn.kneighbors(item, k);
      ms[r] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf(
        Locale.ROOT,
        "{\"singleQuery\": \"%s\", \"item\": %d, \"listeners\": %d, \"userOrder\": \"%s\","
            + " \"k\": %d, \"runs\": %d, \"minMs\": %.4f, \"medianMs\": %.4f}%n",
        what, item, m.rowNonZeros(item), userOrder, k, ms.length, ms[0], median(ms));
  }

  /** Number of artists {@link #heaviestQueries} times. */
  static final int HEAVIEST = 64;

  /**
   * The on-the-fly queries most likely to be the slowest: the {@value #HEAVIEST} artists with the
   * most multiply-adds (summed list lengths of their listeners), each 2 warm-up and 7 timed
   * queries. Prints the median of their medians, the largest median and its artist, and how many
   * medians exceed 10 ms. An artist whose listeners are spread over many runs of columns can be
   * slower than the most listened one.
   */
  private static void heaviestQueries(
      NearestNeighbors knn, int k, SparseMatrix m, String userOrder) {
    long[] perUser = itemsPerUser(m);
    long[] keys = new long[m.rows()];
    for (int item = 0; item < m.rows(); item++) {
      long updates = 0;
      for (int p = m.rowStart(item), end = m.rowEnd(item); p < end; p++) {
        updates += perUser[m.columnAt(p)];
      }
      keys[item] = (updates << 32) | item;
    }
    Arrays.sort(keys);
    int n = Math.min(HEAVIEST, keys.length);
    double[] medians = new double[n];
    int slowest = -1;
    int over = 0;
    for (int i = 0; i < n; i++) {
      int item = (int) keys[keys.length - 1 - i];
      for (int w = 0; w < 2; w++) {
        knn.kneighbors(item, k);
      }
      double[] ms = new double[7];
      for (int r = 0; r < ms.length; r++) {
        long t0 = System.nanoTime();
        knn.kneighbors(item, k);
        ms[r] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(ms);
      medians[i] = median(ms);
      if (slowest < 0 || medians[i] > medians[slowest]) {
        slowest = i;
      }
      over += medians[i] > 10 ? 1 : 0;
    }
    int slowestItem = (int) keys[keys.length - 1 - slowest];
    double slowestMs = medians[slowest];
    Arrays.sort(medians);
    System.out.printf(
        Locale.ROOT,
        "{\"singleQueries\": \"heaviest artists\", \"artists\": %d, \"userOrder\": \"%s\","
            + " \"k\": %d, \"runsEach\": 7, \"medianOfMediansMs\": %.4f, \"maxMedianMs\": %.4f,"
            + " \"slowestItem\": %d, \"slowestListeners\": %d, \"mediansOver10Ms\": %d}%n",
        n, userOrder, k, median(medians), slowestMs, slowestItem, m.rowNonZeros(slowestItem),
        over);
  }

  /**
   * The all-items table through the model file: computed into a model, saved, loaded back
   * (memory-mapped) and compared with the original entry by entry.
   */
  private static void tableRoundTrip(SparseMatrix m, List<String> names, int k, int threads)
      throws IOException {
    long t0 = System.nanoTime();
    KnnOptions options = KnnOptions.builder().metric(Metric.COSINE).threads(threads).build();
    KnnModel model = KnnModel.fit(m, options, names).withNeighborTable(k);
    long t1 = System.nanoTime();
    Path file = Files.createTempFile("playknn-full-table", KnnModel.EXTENSION);
    try {
      model.save(file);
      long t2 = System.nanoTime();
      KnnModel loaded = KnnModel.load(file);
      long t3 = System.nanoTime();
      boolean equal = loaded.neighborTable().orElseThrow().equals(model.neighborTable().orElseThrow());
      long t4 = System.nanoTime();
      if (!equal) {
        throw new IllegalStateException("the loaded table differs from the saved one");
      }
      System.out.printf(
          Locale.ROOT,
          "{\"tableRoundTrip\": true, \"k\": %d, \"threads\": %d, \"fileMb\": %.0f,"
              + " \"fitAndTableSeconds\": %.3f, \"saveSeconds\": %.3f, \"loadSeconds\": %.3f,"
              + " \"compareSeconds\": %.3f, \"equal\": %b}%n",
          k, threads, Files.size(file) / 1e6, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9,
          (t4 - t3) / 1e9, equal);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
