package io.playknn.examples;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.ProgressListener;
import io.playknn.lastfm.ReadReport;
import io.playknn.knn.NearestNeighbors;
import io.playknn.model.KnnModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train}: fits a model and saves it, as the reference's training job did, following
 * SageMaker's container contract when no flags are given.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    header = "Fits a model and saves it to a model file.",
    description = {
      "Fits a nearest-neighbour model and saves it to one safe model file (.pknn).",
      "Options come from flags, else from SageMaker's hyperparameters.json "
          + "(SM_INPUT_DIR/config/hyperparameters.json; keys n_neighbors, metric, algorithm, "
          + "n_jobs, table_neighbors and the provider's parameters, e.g. leaf_size; values are "
          + "strings), else defaults.",
      "Data comes from --data, else SM_CHANNEL_TRAIN, else SM_INPUT_DIR/data/train.",
      "The model goes to --model, else SM_MODEL_DIR/model.pknn.",
      "Prints what was read (for raw Last.fm files: lines read, kept and skipped by reason), "
          + "what was fitted and where it was written."
    })
final class TrainCommand implements Callable<Integer> {
  private final Map<String, String> env;

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = {"--data", "--train"}, paramLabel = "PATH",
      description = "Training data: a SciPy .npz item x user matrix with artists.tsv "
          + "(index<TAB>artist) beside it, a .pknn model to re-fit, or a directory holding one "
          + "of them or the raw Last.fm 360K files (default: SM_CHANNEL_TRAIN). "
          + "--train is an alias.")
  Path data;

  @Option(names = "--model", paramLabel = "PATH",
      description = "Where to write the model: a file, or an existing directory to write "
          + "model.pknn into (default: SM_MODEL_DIR/model.pknn).")
  Path model;

  @Mixin FitOptions fit = new FitOptions();

  @Option(names = {"--neighbors", "--n-neighbors"}, paramLabel = "K",
      description = "Default number of neighbours a query returns, scikit-learn's n_neighbors "
          + "(default: 5, as scikit-learn). --n-neighbors is an alias.")
  Integer neighbors;

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads for batch queries (default: all processors).")
  Integer threads;

  @Option(names = {"--table-neighbors", "--table-k"}, paramLabel = "K",
      description = "Also compute every artist's K nearest neighbours and save them in the model "
          + "(format 1.1), so recommend and serve read them instead of recomputing "
          + "(default: no table). --table-k is an alias.")
  Integer tableNeighbors;

  @Option(names = "--param", paramLabel = "NAME=VALUE",
      description = "A parameter the provider declares, e.g. leaf_size=40 for ball_tree; "
          + "repeatable; an unknown name fails, listing the known ones.")
  Map<String, String> parameters = new LinkedHashMap<>();

  TrainCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /**
   * Runs {@code train} with the process environment; the same as {@code playknn train}.
   *
   * @param args the command-line arguments ({@code --help} lists them)
   */
  public static void main(String[] args) {
    String[] all = new String[args.length + 1];
    all[0] = "train";
    System.arraycopy(args, 0, all, 1, args.length);
    System.exit(Cli.commandLine(System.getenv()).execute(all));
  }

  @Override
  public Integer call() throws Exception {
    CommandLine command = spec.commandLine();
    PrintWriter out = command.getOut();
    if (tableNeighbors != null && tableNeighbors < 1) {
      throw new CommandLine.ParameterException(command,
          "--table-neighbors must be >= 1, was " + tableNeighbors);
    }
    SageMaker sm = new SageMaker(env);
    Map<String, String> hyper = sm.hyperparameters();
    KnnOptions options = options(hyper);
    Integer table = tableNeighbors != null ? tableNeighbors : tableNeighbors(hyper);
    Path source = data != null ? data : sm.trainChannel();
    Path target = model != null ? model : sm.modelDir().resolve(SageMaker.MODEL_FILE);
    if (Files.isDirectory(target)) {
      target = target.resolve(SageMaker.MODEL_FILE);
    }
    long start = System.nanoTime();
    Progress progress = Progress.of(command.getErr(), fit.progress);
    TrainingData d = TrainingData.read(source, progress, fit.strict);
    for (ReadReport report : d.reports()) {
      out.println("read " + report);
    }
    out.flush();
    KnnModel fitted = progress.during("fitting " + options.algorithm(),
        () -> KnnModel.fit(d.items(), options, d.itemNames(), d.userIds()));
    if (table != null) {
      try (ProgressBar bar = progress.bar("neighbour table", d.items().rows())) {
        fitted = fitted.withNeighborTable(table,
            bar == null ? ProgressListener.NONE : (done, total) -> bar.stepTo(done));
      }
    }
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    fitted.save(target);
    out.printf("trained %s on %d items x %d users (%d stored) from %s in %.1f s%n",
        options, d.items().rows(), d.items().columns(), d.items().nonZeros(), d.source(),
        (System.nanoTime() - start) / 1e9);
    if (table != null) {
      out.printf("with every item's %d nearest neighbours%n",
          fitted.neighborTable().orElseThrow().count(0));
    }
    out.printf("model written to %s (%d bytes)%n", target, Files.size(target));
    out.flush();
    return 0;
  }

  /** The {@code table_neighbors} hyperparameter, or {@code null}. */
  private static Integer tableNeighbors(Map<String, String> hyper) {
    String v = hyper.get("table_neighbors");
    if (v == null) {
      return null;
    }
    int k = parseInt("table_neighbors", v.trim());
    if (k < 1) {
      throw new IllegalArgumentException("hyperparameter table_neighbors must be >= 1, was " + k);
    }
    return k;
  }

  /** Flags win over hyperparameters, which win over defaults. */
  KnnOptions options(Map<String, String> hyper) {
    KnnOptions.Builder b = KnnOptions.builder();
    // Provider parameters are the ones the chosen provider declares, as for --param.
    String chosen = fit.algorithm != null ? fit.algorithm
        : hyper.getOrDefault("algorithm", KnnOptions.DEFAULT_ALGORITHM).trim();
    Set<String> providerKeys = NearestNeighbors.provider(chosen).parameterNames();
    for (Map.Entry<String, String> e : hyper.entrySet()) {
      String v = e.getValue().trim();
      switch (e.getKey()) {
        case "n_neighbors" -> b.neighbors(parseInt(e.getKey(), v));
        case "metric" -> b.metric(Metric.parse(v));
        case "algorithm" -> b.algorithm(v);
        case "n_jobs" -> {
          int jobs = parseInt(e.getKey(), v);
          b.threads(jobs == -1 ? Runtime.getRuntime().availableProcessors() : jobs);
        }
        case "table_neighbors" -> { } // not an index option: see tableNeighbors
        default -> {
          if (providerKeys.contains(e.getKey())) {
            b.parameter(e.getKey(), v);
          } else if (!e.getKey().startsWith("sagemaker_")) {
            throw new IllegalArgumentException("hyperparameter \"" + e.getKey()
                + "\" is not one of [n_neighbors, metric, algorithm, n_jobs, table_neighbors] or a"
                + " parameter of algorithm \"" + chosen + "\" " + new TreeSet<>(providerKeys));
          }
        }
      }
    }
    if (fit.algorithm != null) {
      b.algorithm(fit.algorithm);
    }
    if (fit.metric != null) {
      b.metric(fit.metric);
    }
    if (neighbors != null) {
      b.neighbors(neighbors);
    }
    if (threads != null) {
      b.threads(threads);
    }
    parameters.forEach(b::parameter);
    return b.build();
  }

  private static int parseInt(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "hyperparameter " + name + " must be an integer, was \"" + value + "\"", e);
    }
  }
}
