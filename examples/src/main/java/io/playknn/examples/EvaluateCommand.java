package io.playknn.examples;

import io.playknn.eval.ReferenceEvaluation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code evaluate}: the offline evaluation of the eval module, on the shipped data or a folder. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {
      "Evaluates item-kNN against baselines offline: the reference's sampled hit rate, then a "
          + "seeded held-out split with precision/recall/nDCG per algorithm and paired tests "
          + "(io.playknn.eval.ReferenceEvaluation). Prints to standard output, progress to "
          + "standard error."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR",
      description = "Directory with artist_user_mtrx.npz and artists.tsv "
          + "(default: the data shipped in this jar).")
  Path data;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors).")
  Integer threads;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
      description = "Seed of the user samples, the split and the random baseline (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--k", paramLabel = "K", defaultValue = "10",
      description = "Recommendations per user (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--neighbors", paramLabel = "N", defaultValue = "100",
      description = "Neighbours per history item in item-kNN (default: ${DEFAULT-VALUE}).")
  int neighbors;

  @Option(names = "--held-out", paramLabel = "N", defaultValue = "5",
      description = "Artists held out per test user (default: ${DEFAULT-VALUE}).")
  int heldOut;

  @Option(names = "--min-training", paramLabel = "N", defaultValue = "5",
      description = "Artists a test user keeps in training at least (default: ${DEFAULT-VALUE}).")
  int minTraining;

  @Option(names = "--samples", paramLabel = "N", defaultValue = "5",
      description = "Seeded 100-user samples for the hit rate (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Also write heldout.csv, heldout-paired.csv and heldout.json here.")
  Path out;

  @Override
  public Integer call() throws Exception {
    List<String> args = new ArrayList<>();
    if (data != null) {
      args.addAll(List.of("--data", data.toString()));
    }
    if (threads != null) {
      args.addAll(List.of("--threads", threads.toString()));
    }
    args.addAll(List.of("--seed", Long.toString(seed), "--k", Integer.toString(k),
        "--neighbors", Integer.toString(neighbors), "--held-out", Integer.toString(heldOut),
        "--min-training", Integer.toString(minTraining), "--samples", Integer.toString(samples)));
    if (out != null) {
      args.addAll(List.of("--out", out.toString()));
    }
    ReferenceEvaluation.main(args.toArray(new String[0]));
    return 0;
  }
}
