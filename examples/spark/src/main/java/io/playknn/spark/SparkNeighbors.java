package io.playknn.spark;

import io.playknn.lastfm.ArtistKey;
import io.playknn.lastfm.LastfmDataset;
import io.playknn.lastfm.UserOrder;
import io.playknn.lastfm.Weighting;
import io.playknn.model.KnnModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code spark-submit} entry point of {@link NeighborJob}: every item's exact neighbours of
 * raw Last.fm files or a {@code (user, item, plays)} table, written as Parquet; optionally the
 * model file a server loads. {@code --help} lists the options.
 */
@Command(
    name = "playknn-spark",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Computes every item's exact cosine top-k neighbours on Spark and writes them as Parquet",
      "under OUT: neighbours (item, rank, neighbour, distance), items (item, name), matrix,",
      "users and meta. Input: raw Last.fm 360K files (--plays, --profiles; read on the driver)",
      "or a table (--table) of (user, item, plays) rows on any storage Spark reads."
    })
public final class SparkNeighbors implements Callable<Integer> {
  /** The value transforms by name, as the dataset builder offers them. */
  enum WeightingName {
    RAW(Weighting::raw), MAX_SCALED(Weighting::maxScaled), LOG1P(Weighting::log1p),
    BINARY(Weighting::binary), TFIDF(Weighting::tfidf), BM25(Weighting::bm25);

    private final Supplier<Weighting> weighting;

    WeightingName(Supplier<Weighting> weighting) {
      this.weighting = weighting;
    }
  }

  @Option(names = "--plays", paramLabel = "FILE",
      description = "The raw 360K plays file on the driver (plain or .gz).")
  Path plays;

  @Option(names = "--profiles", paramLabel = "FILE",
      description = "The raw 360K profile file on the driver; needed for --countries.")
  Path profiles;

  @Option(names = "--table", paramLabel = "PATH",
      description = "A table of (user, item, plays) rows, any path or URI Spark reads.")
  String table;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "PARQUET",
      description = "The table's format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  TableFormat format;

  @Option(names = "--columns", paramLabel = "USER,ITEM,PLAYS", split = ",",
      defaultValue = "user,item,plays",
      description = "The table's column names (default: ${DEFAULT-VALUE}).")
  List<String> columns;

  @Option(names = "--countries", paramLabel = "NAME", split = ",",
      description = "Keep only users of these profile countries (the reference: United States).")
  List<String> countries = List.of();

  @Option(names = "--top-users", paramLabel = "N", defaultValue = "2147483647",
      description = "Users kept, by total plays (default: all).")
  int topUsers;

  @Option(names = "--top-artists", paramLabel = "N", defaultValue = "2147483647",
      description = "Items kept, by total plays (default: all).")
  int topArtists;

  @Option(names = "--artist-key", paramLabel = "KEY", defaultValue = "NAME",
      description = "What identifies an artist in raw files: ${COMPLETION-CANDIDATES}.")
  ArtistKey artistKey;

  @Option(names = "--user-order", paramLabel = "ORDER", defaultValue = "PLAYS",
      description = "Order of the user columns: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  UserOrder userOrder;

  @Option(names = "--weighting", paramLabel = "W", defaultValue = "MAX_SCALED",
      description = "Value transform: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  WeightingName weighting;

  @Option(names = "--strict", description = "Fail on the first bad input line (default: skip and count).")
  boolean strict;

  @Option(names = "-k", paramLabel = "K", defaultValue = "100",
      description = "Neighbours per item (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "AUTO",
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: broadcast when the index fits"
          + " --memory-budget).")
  Mode mode;

  @Option(names = "--block-items", paramLabel = "N", defaultValue = "0",
      description = "Items per block in blocked mode (default: fit the memory budget).")
  int blockItems;

  @Option(names = "--ranges", paramLabel = "N", defaultValue = "0",
      description = "Item ranges in broadcast mode (default: four per task slot).")
  int ranges;

  @Option(names = "--memory-budget", paramLabel = "BYTES", defaultValue = "0",
      description = "Executor memory for the index, e.g. 4g (default: half of spark.executor.memory).",
      converter = ByteSize.class)
  long memoryBudget;

  @Option(names = "--threads-per-task", paramLabel = "N", defaultValue = "1",
      description = "Threads of each task's batch query; match spark.task.cpus (default: 1).")
  int threadsPerTask;

  @Option(names = "--out", paramLabel = "DIR", required = true,
      description = "Output directory, any path or URI Spark writes.")
  String out;

  @Option(names = "--overwrite", description = "Replace an existing output.")
  boolean overwrite;

  @Option(names = "--model", paramLabel = "FILE",
      description = "Also read the output back and save the model with its table here (on the"
          + " driver), for the server.")
  Path model;

  /** Parses sizes such as {@code 512m} or {@code 4g}. */
  static final class ByteSize implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      long unit = 1;
      char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
      if (last == 'k' || last == 'm' || last == 'g' || last == 't') {
        unit = 1L << (10 * ("kmgt".indexOf(last) + 1));
        v = v.substring(0, v.length() - 1);
      }
      try {
        long n = Long.parseLong(v);
        if (n < 0) {
          throw new NumberFormatException();
        }
        return Math.multiplyExact(n, unit);
      } catch (NumberFormatException | ArithmeticException e) {
        throw new CommandLine.TypeConversionException(
            "must be a non-negative byte count with an optional k, m, g or t, was '" + value + "'");
      }
    }
  }

  /**
   * Runs the job in the session {@code spark-submit} configures.
   *
   * @param args the command-line arguments ({@code --help} lists them)
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new SparkNeighbors()).setCaseInsensitiveEnumValuesAllowed(true)
        .execute(args));
  }

  /** @return the job the options describe */
  NeighborJob job() {
    LastfmDataset.Builder dataset = LastfmDataset.builder()
        .countries(countries).topUsers(topUsers).topArtists(topArtists).artistKey(artistKey)
        .userOrder(userOrder).weighting(weighting.weighting.get()).strict(strict);
    if (profiles != null) {
      dataset.profiles(profiles);
    }
    NeighborJob.Builder b = NeighborJob.builder();
    if ((table == null) == (plays == null)) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "give exactly one input: --plays FILE or --table PATH");
    }
    if (columns.size() != 3) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--columns must name 3 columns (user, item, plays), was " + columns);
    }
    if (table != null) {
      b.table(table, format, dataset).columns(columns.get(0), columns.get(1), columns.get(2));
    } else {
      b.files(dataset.plays(plays));
    }
    return b.k(k).mode(mode).blockItems(blockItems).ranges(ranges).memoryBudget(memoryBudget)
        .threadsPerTask(threadsPerTask).output(out).overwrite(overwrite).build();
  }

  @Override
  public Integer call() throws Exception {
    NeighborJob job = job();
    SparkSession spark = SparkSession.builder().appName("playknn-spark").getOrCreate();
    try {
      JobReport r = job.run(spark);
      System.out.printf(Locale.ROOT,
          "%s mode, %d parts, %d tasks: %d items x %d users, %d non-zeros, k = %d%n"
              + "prepare %.2f s, neighbours %.2f s, total %.2f s; output %s%n",
          r.mode().name().toLowerCase(Locale.ROOT), r.parts(), r.tasks(), r.items(), r.users(),
          r.nonZeros(), r.k(), r.prepareSeconds(), r.neighboursSeconds(), r.totalSeconds(), out);
      r.reports().forEach(System.out::println);
      if (model != null) {
        KnnModel m = NeighborOutput.readModel(spark, out);
        m.save(model);
        System.out.println("model with its neighbour table saved to " + model);
      }
      return 0;
    } finally {
      spark.stop();
    }
  }
}
