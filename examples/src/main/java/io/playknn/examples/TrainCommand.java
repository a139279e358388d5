package io.playknn.examples;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train}: fits a model and saves it, as the reference's training job did, following
 * SageMaker's container contract when no flags are given.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Fits a nearest-neighbour model and saves it to one safe model file (.pknn).",
      "Options come from flags, else from SageMaker's hyperparameters.json "
          + "(SM_INPUT_DIR/config/hyperparameters.json; keys n_neighbors, metric, algorithm, "
          + "n_jobs and the provider's parameters, e.g. leaf_size; values are strings), "
          + "else defaults.",
      "Data comes from --train, else SM_CHANNEL_TRAIN, else SM_INPUT_DIR/data/train.",
      "The model goes to --model, else SM_MODEL_DIR/model.pknn."
    })
final class TrainCommand implements Callable<Integer> {
  private final Map<String, String> env;

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--train", paramLabel = "PATH",
      description = "Training data: a SciPy .npz item x user matrix with artists.tsv "
          + "(index<TAB>artist) beside it, a .pknn model to re-fit, or a directory holding one "
          + "of them (default: SM_CHANNEL_TRAIN).")
  Path train;

  @Option(names = "--model", paramLabel = "PATH",
      description = "Where to write the model: a file, or an existing directory to write "
          + "model.pknn into (default: SM_MODEL_DIR/model.pknn).")
  Path model;

  @Option(names = "--algorithm", paramLabel = "NAME",
      description = "Nearest-neighbour provider, e.g. brute or ball_tree (default: brute).")
  String algorithm;

  @Option(names = "--metric", paramLabel = "NAME",
      description = "Distance: cosine or euclidean (default: cosine).")
  String metric;

  @Option(names = {"--n-neighbors", "-k"}, paramLabel = "K",
      description = "Default number of neighbours a query returns (default: 5, as scikit-learn).")
  Integer neighbors;

  @Option(names = "--threads", paramLabel = "N",
      description = "Threads for batch queries (default: all processors).")
  Integer threads;

  @Option(names = "--table-k", paramLabel = "K",
      description = "Also compute every artist's K nearest neighbours and save them in the model "
          + "(format 1.1), so recommend reads them instead of recomputing "
          + "(default: no table).")
  Integer tableK;

  @Option(names = "--param", paramLabel = "NAME=VALUE",
      description = "A parameter the provider declares, e.g. leaf_size=40 for ball_tree; "
          + "repeatable; an unknown name fails, listing the known ones.")
  Map<String, String> parameters = new LinkedHashMap<>();

  TrainCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /**
   * Runs {@code train} with the process environment.
   *
   * @param args the command-line arguments ({@code --help} lists them)
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new TrainCommand(System.getenv())).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (tableK != null && tableK < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--table-k must be >= 1, was " + tableK);
    }
    SageMaker sm = new SageMaker(env);
    KnnOptions options = options(sm.hyperparameters());
    Path data = train != null ? train : sm.trainChannel();
    Path target = model != null ? model : sm.modelDir().resolve(SageMaker.MODEL_FILE);
    if (Files.isDirectory(target)) {
      target = target.resolve(SageMaker.MODEL_FILE);
    }
    long start = System.nanoTime();
    TrainingData d = TrainingData.read(data);
    KnnModel fitted = KnnModel.fit(d.items(), options, d.itemNames(), d.userIds());
    if (tableK != null) {
      fitted = fitted.withNeighborTable(tableK);
    }
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    fitted.save(target);
    out.printf("trained %s on %d items x %d users (%d stored) from %s in %.1f s%n",
        options, d.items().rows(), d.items().columns(), d.items().nonZeros(), d.source(),
        (System.nanoTime() - start) / 1e9);
    if (tableK != null) {
      out.printf("with every item's %d nearest neighbours%n",
          fitted.neighborTable().orElseThrow().count(0));
    }
    out.printf("model written to %s (%d bytes)%n", target, Files.size(target));
    out.flush();
    return 0;
  }

  /** Flags win over hyperparameters, which win over defaults. */
  KnnOptions options(Map<String, String> hyper) {
    KnnOptions.Builder b = KnnOptions.builder();
    // Provider parameters are the ones the chosen provider declares, as for --param.
    String chosen = algorithm != null ? algorithm
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
        default -> {
          if (providerKeys.contains(e.getKey())) {
            b.parameter(e.getKey(), v);
          } else if (!e.getKey().startsWith("sagemaker_")) {
            throw new IllegalArgumentException("hyperparameter \"" + e.getKey()
                + "\" is not one of [n_neighbors, metric, algorithm, n_jobs] or a parameter of algorithm \""
                + chosen + "\" " + new TreeSet<>(providerKeys));
          }
        }
      }
    }
    if (algorithm != null) {
      b.algorithm(algorithm);
    }
    if (metric != null) {
      b.metric(Metric.parse(metric));
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
