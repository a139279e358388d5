package io.playknn.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.posexplode;

import io.playknn.internal.Checks;
import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.lastfm.LastfmDataset;
import io.playknn.lastfm.ReadReport;
import io.playknn.matrix.SparseMatrix;
import java.io.IOException;
import java.io.Serializable;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Computes every item's exact cosine top {@code k} on Apache Spark with the library's {@code
 * brute} index, and writes them as Parquet, bit for bit what {@link
 * NearestNeighbors#kneighborsAll(int)} returns on one machine.
 *
 * <p>The input is prepared on the driver by io-lastfm's {@link LastfmDataset.Builder} (raw Last.fm
 * 360K files, or a {@code (user, item, plays)} table that Spark reads from any storage it knows, with
 * the builder's preparation options), or given as a matrix. The work then runs in one of two
 * {@link Mode}s: the matrix broadcast once and the items cut into ranges of about equal work, each
 * answered by the library's batch query; or the items cut into blocks, each pair of blocks indexed
 * together and answered by {@code kneighborsAll}, and every item's partial lists merged by
 * (distance, index). In both, a pair's distance is formed from the same two rows, normalised the
 * same way and summed over their shared users in the same order, so the answer does not depend on
 * the mode, the cut or the cluster.
 *
 * <p>Output, under the output directory (see {@link NeighborOutput}): {@value
 * NeighborOutput#NEIGHBOURS} (rows {@code item, rank, neighbour, distance}, rank 1 the nearest),
 * {@value NeighborOutput#ITEMS} ({@code item, name}), {@value NeighborOutput#MATRIX} ({@code item,
 * users, values}: the matrix, so that a model can be rebuilt), {@value NeighborOutput#USERS} ({@code
 * user, id}, when the users have ids) and {@value NeighborOutput#META} (one row: {@code items,
 * users, nonZeros, k, width, metric}).
 *
 * <p>A job is immutable; {@link #run} may be called again (with {@link Builder#overwrite} for the
 * same output).
 */
public final class NeighborJob {
  private final LastfmDataset.Builder files;
  private final String table;
  private final TableFormat tableFormat;
  private final List<String> tableColumns;
  private final SparseMatrix matrix;
  private final List<String> itemNames;
  private final int k;
  private final Mode mode;
  private final int blockItems;
  private final int ranges;
  private final long memoryBudget;
  private final int threadsPerTask;
  private final String output;
  private final boolean overwrite;

  private NeighborJob(Builder b) {
    this.files = b.files;
    this.table = b.table;
    this.tableFormat = b.tableFormat;
    this.tableColumns = b.tableColumns;
    this.matrix = b.matrix;
    this.itemNames = b.itemNames;
    this.k = b.k;
    this.mode = b.mode;
    this.blockItems = b.blockItems;
    this.ranges = b.ranges;
    this.memoryBudget = b.memoryBudget;
    this.threadsPerTask = b.threadsPerTask;
    this.output = b.output;
    this.overwrite = b.overwrite;
  }

  /** @return a builder: {@code k} = 100, {@link Mode#AUTO}, one thread per task */
  public static Builder builder() {
    return new Builder();
  }

  /** The matrix and what labels its rows and columns, as prepared on the driver. */
  private record Prepared(
      SparseMatrix matrix, List<String> names, List<String> userIds, List<ReadReport> reports) {}

  /**
   * Prepares the input, computes every item's neighbours and writes the output.
   *
   * @param spark the session to run on
   * @return what ran
   * @throws IOException if an input file cannot be read, or the table cannot be copied to the
   *     driver's temporary directory
   * @throws io.playknn.lastfm.LastfmFormatException if the dataset builder rejects the input (in
   *     strict mode, or a file defect)
   * @throws IllegalArgumentException if a table column is missing or holds a tab or line break, or
   *     the matrix has no rows. If the output exists and {@link Builder#overwrite} is off,
   *     Spark's error that the path exists propagates.
   */
  public JobReport run(SparkSession spark) throws IOException {
    Objects.requireNonNull(spark, "spark");
    long start = System.nanoTime();
    Prepared data = prepare(spark);
    long prepared = System.nanoTime();
    SparseMatrix m = data.matrix();
    Checks.atLeast("items (rows of the matrix)", m.rows(), 1);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slots = jsc.defaultParallelism();
    int perExecutor = tasksPerExecutor(spark, slots);
    long budget = memoryBudget > 0 ? memoryBudget : defaultBudget(spark);
    Plan plan = Plan.choose(m, mode, budget, perExecutor, ranges, slots, blockItems);
    int width = Math.min(k, m.rows() - 1);
    SaveMode save = overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists;

    JavaRDD<RowBlock> slices;
    JavaRDD<Row> perItem;
    int tasks;
    Broadcast<BroadcastIndex> broadcast = null;
    if (plan.mode() == Mode.BROADCAST) {
      broadcast = jsc.broadcast(new BroadcastIndex(RowBlock.of(0, m, 0, m.rows()), threadsPerTask));
      slices = broadcastRanges(jsc, broadcast, plan);
      perItem = answerRanges(slices, broadcast, k);
      tasks = plan.parts();
    } else {
      slices = jsc.parallelize(blocks(m, plan), plan.parts());
      perItem = answerBlocks(slices, plan.parts(), k, width, threadsPerTask, slots);
      tasks = plan.parts() == 1 ? 1 : plan.parts() * (plan.parts() - 1) / 2;
    }
    flatten(spark.createDataFrame(perItem, NeighborOutput.PER_ITEM_SCHEMA))
        .write()
        .mode(save)
        .parquet(NeighborOutput.path(output, NeighborOutput.NEIGHBOURS));
    long neighbours = System.nanoTime();

    spark.createDataFrame(matrixRows(slices), NeighborOutput.MATRIX_SCHEMA)
        .write().mode(save).parquet(NeighborOutput.path(output, NeighborOutput.MATRIX));
    List<Row> names = new ArrayList<>(m.rows());
    for (int i = 0; i < m.rows(); i++) {
      names.add(RowFactory.create(i, data.names().get(i)));
    }
    spark.createDataFrame(names, NeighborOutput.ITEMS_SCHEMA)
        .write().mode(save).parquet(NeighborOutput.path(output, NeighborOutput.ITEMS));
    if (data.userIds() != null) {
      List<Row> users = new ArrayList<>(m.columns());
      for (int u = 0; u < m.columns(); u++) {
        users.add(RowFactory.create(u, data.userIds().get(u)));
      }
      spark.createDataFrame(users, NeighborOutput.USERS_SCHEMA)
          .write().mode(save).parquet(NeighborOutput.path(output, NeighborOutput.USERS));
    }
    Row meta = RowFactory.create(
        m.rows(), m.columns(), (long) m.nonZeros(), k, width, Metric.COSINE.id(),
        data.userIds() != null);
    spark.createDataFrame(List.of(meta), NeighborOutput.META_SCHEMA)
        .coalesce(1).write().mode(save).parquet(NeighborOutput.path(output, NeighborOutput.META));
    if (broadcast != null) {
      broadcast.destroy();
    }
    long end = System.nanoTime();
    return new JobReport(
        plan.mode(), plan.parts(), tasks, m.rows(), m.columns(), m.nonZeros(), k, width,
        (prepared - start) / 1e9, (neighbours - prepared) / 1e9, (end - start) / 1e9,
        data.reports());
  }

  /** @return the options of every index the job fits: cosine {@code brute} */
  static KnnOptions indexOptions(int k, int threads) {
    return KnnOptions.builder()
        .algorithm("brute").metric(Metric.COSINE).neighbors(k).threads(threads).build();
  }

  /**
   * The broadcast matrix and, once per executor JVM, the index fitted from it. Serializable; the
   * index is not serialized but fitted on first use after deserialization.
   */
  static final class BroadcastIndex implements Serializable {
    private static final long serialVersionUID = 1L;
    private final RowBlock rows;
    private final int threads;
    private transient NearestNeighbors index;

    BroadcastIndex(RowBlock rows, int threads) {
      this.rows = rows;
      this.threads = threads;
    }

    RowBlock rows() {
      return rows;
    }

    synchronized NearestNeighbors index(int k) {
      if (index == null) {
        index = NearestNeighbors.fit(rows.toMatrix(), indexOptions(k, threads));
      }
      return index;
    }
  }

  private static JavaRDD<RowBlock> broadcastRanges(
      JavaSparkContext jsc, Broadcast<BroadcastIndex> broadcast, Plan plan) {
    List<int[]> list = new ArrayList<>();
    int[] bounds = plan.bounds();
    for (int i = 0; i < plan.parts(); i++) {
      list.add(new int[] {i, bounds[i], bounds[i + 1]});
    }
    return jsc.parallelize(list, list.size())
        .map(r -> broadcast.value().rows().slice(r[0], r[1], r[2]));
  }

  /** Broadcast mode: each range is one call of the library's batch query. */
  private static JavaRDD<Row> answerRanges(
      JavaRDD<RowBlock> ranges, Broadcast<BroadcastIndex> broadcast, int k) {
    return ranges.flatMap(
        range -> {
          int[] items = new int[range.rows()];
          for (int i = 0; i < items.length; i++) {
            items[i] = range.first() + i;
          }
          NeighborTable t = broadcast.value().index(k).kneighbors(items, k);
          List<Row> out = new ArrayList<>(items.length);
          for (int i = 0; i < items.length; i++) {
            out.add(RowFactory.create(items[i], t.row(i).indices(), t.row(i).distances()));
          }
          return out.iterator();
        });
  }

  private static List<RowBlock> blocks(SparseMatrix m, Plan plan) {
    List<RowBlock> list = new ArrayList<>(plan.parts());
    int[] bounds = plan.bounds();
    for (int b = 0; b < plan.parts(); b++) {
      list.add(RowBlock.of(b, m, bounds[b], bounds[b + 1]));
    }
    return list;
  }

  /**
   * The number of the pair of blocks {@code i < j} among {@code blocks} blocks, in {@code [0,
   * blocks (blocks - 1) / 2)}; 0 for the one block of a one-block plan.
   */
  static int pairIndex(int i, int j, int blocks) {
    return blocks == 1 ? 0 : i * blocks - i * (i + 1) / 2 + (j - i - 1);
  }

  /**
   * Blocked mode: every block goes to each pair it belongs to; each pair is indexed as one matrix
   * whose {@code kneighborsAll} gives its items' partial lists, merged per item by (distance,
   * index). With one block, that block is the only pair.
   */
  private static JavaRDD<Row> answerBlocks(
      JavaRDD<RowBlock> blocks, int count, int k, int width, int threads, int slots) {
    int pairs = count == 1 ? 1 : count * (count - 1) / 2;
    JavaPairRDD<Integer, RowBlock> keyed =
        blocks.flatMapToPair(
            b -> {
              List<Tuple2<Integer, RowBlock>> out = new ArrayList<>();
              for (int other = 0; other < count; other++) {
                if (other != b.id() || count == 1) {
                  int i = Math.min(b.id(), other);
                  int j = Math.max(b.id(), other);
                  out.add(new Tuple2<>(pairIndex(i, j, count), b));
                }
              }
              return out.iterator();
            });
    JavaPairRDD<Integer, PartialNeighbors> partial =
        keyed.groupByKey(new HashPartitioner(pairs)).flatMapToPair(g -> answerPair(g._2(), k, threads));
    return partial
        .reduceByKey((a, b) -> PartialNeighbors.merge(a, b, k), Math.max(1, 2 * slots))
        .map(t -> finished(t._1(), t._2(), width));
  }

  /** Indexes one pair of blocks (or one block) and lists every item's top {@code k} in it. */
  private static Iterator<Tuple2<Integer, PartialNeighbors>> answerPair(
      Iterable<RowBlock> group, int k, int threads) {
    List<RowBlock> two = new ArrayList<>(2);
    group.forEach(two::add);
    two.sort((x, y) -> Integer.compare(x.first(), y.first()));
    RowBlock a = two.get(0);
    RowBlock b = two.size() > 1 ? two.get(1) : null;
    SparseMatrix union = b == null ? a.toMatrix() : a.unionMatrix(b);
    NeighborTable t = NearestNeighbors.fit(union, indexOptions(k, threads)).kneighborsAll(k);
    List<Tuple2<Integer, PartialNeighbors>> out = new ArrayList<>(union.rows());
    for (int local = 0; local < union.rows(); local++) {
      int[] idx = new int[t.count(local)];
      double[] dist = new double[idx.length];
      for (int r = 0; r < idx.length; r++) {
        idx[r] = a.globalItem(b, t.index(local, r));
        dist[r] = t.distance(local, r);
      }
      out.add(new Tuple2<>(a.globalItem(b, local), new PartialNeighbors(idx, dist)));
    }
    return out.iterator();
  }

  /** @throws IllegalStateException if the merged list is not {@code width} distinct neighbours */
  private static Row finished(int item, PartialNeighbors p, int width) {
    p.checkDistinct();
    if (p.size() != width) {
      throw new IllegalStateException(
          "item " + item + " must have " + width + " neighbours after the merge, had " + p.size());
    }
    return RowFactory.create(item, p.indices(), p.distances());
  }

  /** One row per (item, rank): rank 1 is the nearest. */
  private static Dataset<Row> flatten(Dataset<Row> perItem) {
    return perItem
        .select(col("item"), posexplode(col("neighbours")).as(new String[] {"pos", "neighbour"}),
            col("distances"))
        .select(
            col("item"),
            col("pos").plus(1).as("rank"),
            col("neighbour"),
            col("distances").getItem(col("pos")).as("distance"));
  }

  private static JavaRDD<Row> matrixRows(JavaRDD<RowBlock> slices) {
    return slices.flatMap(
        s -> {
          List<Row> out = new ArrayList<>(s.rows());
          for (int i = s.first(); i < s.first() + s.rows(); i++) {
            out.add(RowFactory.create(i, s.users(i), s.values(i)));
          }
          return out.iterator();
        });
  }

  /** @return concurrent tasks per executor: the local threads, or executor cores / task cpus */
  private static int tasksPerExecutor(SparkSession spark, int slots) {
    org.apache.spark.SparkConf conf = spark.sparkContext().getConf();
    if (spark.sparkContext().isLocal()) {
      return slots;
    }
    int cores = conf.getInt("spark.executor.cores", 1);
    return Math.max(1, cores / Math.max(1, conf.getInt("spark.task.cpus", 1)));
  }

  /**
   * @return half an executor's heap ({@code spark.executor.memory}, default 1g), or in local mode
   *     half the driver's
   */
  private static long defaultBudget(SparkSession spark) {
    if (spark.sparkContext().isLocal()) {
      return Runtime.getRuntime().maxMemory() / 2;
    }
    return spark.sparkContext().getConf().getSizeAsBytes("spark.executor.memory", "1g") / 2;
  }

  private Prepared prepare(SparkSession spark) throws IOException {
    if (matrix != null) {
      return new Prepared(matrix, itemNames, null, List.of());
    }
    LastfmDataset d;
    if (table != null) {
      Path tmp = Files.createTempFile("playknn-table-", ".tsv");
      try {
        copyTable(spark, tmp);
        d = files.plays(tmp).build();
      } finally {
        Files.deleteIfExists(tmp);
      }
    } else {
      d = files.build();
    }
    List<String> users = new ArrayList<>(d.users().size());
    for (int u = 0; u < d.users().size(); u++) {
      users.add(d.users().key(u));
    }
    return new Prepared(d.matrix(), d.artistNames(), users, d.reports());
  }

  /**
   * Writes the table's rows in the 360K plays format ({@code user TAB TAB item TAB plays}, the
   * MBID empty), for the dataset builder to read as it reads a raw file: values are written as
   * their text, so the builder's rules (and its read report) judge them.
   */
  private void copyTable(SparkSession spark, Path tmp) throws IOException {
    Dataset<Row> t =
        tableFormat == TableFormat.PARQUET
            ? spark.read().parquet(table)
            : spark.read().option("header", "true").csv(table);
    List<String> present = Arrays.asList(t.columns());
    for (String c : tableColumns) {
      Checks.require(
          present.contains(c),
          "table %s must have a column %s (user, item and plays columns are %s), has %s",
          table, c, tableColumns, present);
    }
    Dataset<Row> rows = t.select(
        col(tableColumns.get(0)).cast("string"),
        col(tableColumns.get(1)).cast("string"),
        col(tableColumns.get(2)).cast("string"));
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      Iterator<Row> it = rows.toLocalIterator();
      long line = 0;
      while (it.hasNext()) {
        Row r = it.next();
        line++;
        w.write(field(r, 0, line));
        w.write("\t\t");
        w.write(field(r, 1, line));
        w.write('\t');
        w.write(field(r, 2, line));
        w.write('\n');
      }
    }
  }

  /** @return a table cell's text, empty for null */
  private String field(Row r, int i, long line) {
    String s = r.isNullAt(i) ? "" : r.getString(i);
    for (int c = 0; c < s.length(); c++) {
      char ch = s.charAt(c);
      if (ch == '\t' || ch == '\n' || ch == '\r') {
        throw new IllegalArgumentException(
            "table " + table + ", row " + line + ": column " + tableColumns.get(i)
                + " must not contain a tab or line break (the plays format separates fields with"
                + " them), was \"" + s + "\"");
      }
    }
    return s;
  }

  /** Configures a {@link NeighborJob}; exactly one input must be given. Not thread-safe. */
  public static final class Builder {
    private LastfmDataset.Builder files;
    private String table;
    private TableFormat tableFormat;
    private List<String> tableColumns = List.of("user", "item", "plays");
    private SparseMatrix matrix;
    private List<String> itemNames;
    private int inputs;
    private int k = 100;
    private Mode mode = Mode.AUTO;
    private int blockItems;
    private int ranges;
    private long memoryBudget;
    private int threadsPerTask = 1;
    private String output;
    private boolean overwrite;

    private Builder() {}

    /**
     * Input: raw Last.fm files, read on the driver.
     *
     * @param dataset a dataset builder that names its files ({@code plays}, and {@code profiles}
     *     for a country filter) and holds the preparation options; it is built when the job runs
     * @return this builder
     */
    public Builder files(LastfmDataset.Builder dataset) {
      this.files = Objects.requireNonNull(dataset, "dataset");
      inputs++;
      return this;
    }

    /**
     * Input: a table of {@code (user, item, plays)} rows on any storage Spark reads. The rows are
     * copied to the driver and prepared by {@code preparation} as a raw plays file would be (the
     * item is the artist name).
     *
     * @param path the table's path or URI
     * @param format its format
     * @param preparation a dataset builder holding the preparation options (countries need its
     *     {@code profiles} file); its plays input is set to the table's rows
     * @return this builder
     */
    public Builder table(String path, TableFormat format, LastfmDataset.Builder preparation) {
      this.table = Objects.requireNonNull(path, "path");
      this.tableFormat = Objects.requireNonNull(format, "format");
      this.files = Objects.requireNonNull(preparation, "preparation");
      inputs++;
      return this;
    }

    /**
     * @param user the table's user column (default {@code user})
     * @param item the item column (default {@code item})
     * @param plays the play-count column (default {@code plays})
     * @return this builder
     */
    public Builder columns(String user, String item, String plays) {
      this.tableColumns = List.of(user, item, plays);
      return this;
    }

    /**
     * Input: a prepared item × user matrix (rows are items).
     *
     * @param items the matrix, at least one row
     * @param names the name of each row
     * @return this builder
     */
    public Builder matrix(SparseMatrix items, List<String> names) {
      this.matrix = Objects.requireNonNull(items, "items");
      this.itemNames = List.copyOf(names);
      inputs++;
      return this;
    }

    /**
     * @param k neighbours per item, {@code >= 1} (default 100); each item gets {@code min(k, items
     *     - 1)}
     * @return this builder
     */
    public Builder k(int k) {
      this.k = k;
      return this;
    }

    /**
     * @param mode how the work is spread (default {@link Mode#AUTO})
     * @return this builder
     */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * @param items items per block in blocked mode, {@code >= 1}; 0 (default) picks the largest
     *     size whose heaviest pair of blocks fits the memory budget of one task
     * @return this builder
     */
    public Builder blockItems(int items) {
      this.blockItems = items;
      return this;
    }

    /**
     * @param count item ranges in broadcast mode, {@code >= 1}; 0 (default) makes four per task
     *     slot of the cluster
     * @return this builder
     */
    public Builder ranges(int count) {
      this.ranges = count;
      return this;
    }

    /**
     * @param bytes memory an executor may give the index, all its concurrent tasks together;
     *     decides {@link Mode#AUTO} and the default block size. 0 (default): half of {@code
     *     spark.executor.memory} (in local mode, half the driver's heap)
     * @return this builder
     */
    public Builder memoryBudget(long bytes) {
      this.memoryBudget = bytes;
      return this;
    }

    /**
     * @param threads threads each task gives the library's batch query, {@code >= 1} (default 1;
     *     match {@code spark.task.cpus})
     * @return this builder
     */
    public Builder threadsPerTask(int threads) {
      this.threadsPerTask = threads;
      return this;
    }

    /**
     * @param dir the output directory, a path or URI Spark writes to
     * @return this builder
     */
    public Builder output(String dir) {
      this.output = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * @param replace whether to replace an existing output (default false: fail)
     * @return this builder
     */
    public Builder overwrite(boolean replace) {
      this.overwrite = replace;
      return this;
    }

    /**
     * @return the job
     * @throws IllegalStateException if not exactly one input, or no output, is given
     * @throws IllegalArgumentException if a number is out of range, or the matrix and its names
     *     disagree
     */
    public NeighborJob build() {
      if (inputs != 1) {
        throw new IllegalStateException(
            "exactly one input must be given (files, table or matrix), was " + inputs);
      }
      if (output == null) {
        throw new IllegalStateException("no output: call output(dir)");
      }
      Checks.atLeast("k", k, 1);
      Checks.atLeast("blockItems", blockItems, 0);
      Checks.atLeast("ranges", ranges, 0);
      Checks.require(memoryBudget >= 0, "memoryBudget must be >= 0 bytes, was %d", memoryBudget);
      Checks.atLeast("threadsPerTask", threadsPerTask, 1);
      if (matrix != null) {
        Checks.require(
            itemNames.size() == matrix.rows(),
            "names must have one name per row of the matrix (%d), had %d",
            matrix.rows(),
            itemNames.size());
      }
      return new NeighborJob(this);
    }
  }
}
