package io.playknn.examples;

import io.playknn.eval.ReferenceEvaluation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evaluate}: the offline evaluation of the eval module, on the shipped data, a {@code .npz},
 * raw Last.fm 360K files or hetrec files; optionally tunes item-kNN and draws the chart.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {
      "Evaluates item-kNN against baselines, EASE^R and RP3beta offline: the reference's sampled "
          + "hit rate, then a seeded held-out split with precision/recall/nDCG per algorithm and "
          + "paired tests (io.playknn.eval.ReferenceEvaluation); with --tune, item-kNN tuned on a "
          + "validation split of the training data. Prints to standard output, progress to "
          + "standard error."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR",
      description = "Directory with artist_user_mtrx.npz and artists.tsv "
          + "(default: the data shipped in this jar).")
  Path data;

  @Option(names = "--npz", paramLabel = "FILE",
      description = "A SciPy .npz item x user matrix with artists.tsv beside it.")
  Path npz;

  @Option(names = "--plays", paramLabel = "FILE",
      description = "Raw Last.fm 360K plays file (usersha1-artmbid-artname-plays.tsv[.gz]).")
  Path plays;

  @Option(names = "--profiles", paramLabel = "FILE",
      description = "Raw Last.fm 360K profile file; with it the reference's United States filter "
          + "applies unless --countries is given.")
  Path profiles;

  @Option(names = "--hetrec", paramLabel = "DIR",
      description = "Directory with the hetrec-2011 files user_artists.dat and artists.dat.")
  Path hetrec;

  @Option(names = "--top-users", paramLabel = "N", description = "Users kept from raw files.")
  Integer topUsers;

  @Option(names = "--top-artists", paramLabel = "N", description = "Artists kept from raw files.")
  Integer topArtists;

  @Option(names = "--weighting", paramLabel = "NAME",
      description = "Value transform of raw files: raw, maxScaled (default), log1p, binary, tfidf, bm25.")
  String weighting;

  @Option(names = "--countries", paramLabel = "C1,C2",
      description = "Keep users of these profile countries (raw 360K files).")
  String countries;

  @Option(names = "--artist-key", paramLabel = "name|mbid", description = "Artist identity in raw files.")
  String artistKey;

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

  @Option(names = "--all-neighbours", paramLabel = "on|off|auto", defaultValue = "auto",
      description = "The all-neighbours baseline; auto runs it up to 2,000 items (default: ${DEFAULT-VALUE}).")
  String allNeighbours;

  @Option(names = "--ease-lambda", paramLabel = "L", defaultValue = "100",
      description = "EASE^R's regularisation (default: ${DEFAULT-VALUE}).")
  double easeLambda;

  @Option(names = "--tune",
      description = "Also tune item-kNN on a validation split of the training data and compare it "
          + "with EASE^R, the reference configuration, RP3beta and most-popular on the test users.")
  boolean tune;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Also write heldout.csv, heldout-paired.csv and heldout.json (and with --tune "
          + "tuning.txt and tuning.json) here.")
  Path out;

  @Option(names = "--chart", paramLabel = "FILE.png",
      description = "Draw each recommender's HR@K and NDCG@K with its 95% interval to this PNG.")
  Path chart;

  @Override
  public Integer call() throws Exception {
    List<String> args = new ArrayList<>();
    add(args, "--data", data);
    add(args, "--npz", npz);
    add(args, "--plays", plays);
    add(args, "--profiles", profiles);
    add(args, "--hetrec", hetrec);
    add(args, "--top-users", topUsers);
    add(args, "--top-artists", topArtists);
    add(args, "--weighting", weighting);
    add(args, "--countries", countries);
    add(args, "--artist-key", artistKey);
    add(args, "--threads", threads);
    args.addAll(List.of("--seed", Long.toString(seed), "--k", Integer.toString(k),
        "--neighbors", Integer.toString(neighbors), "--held-out", Integer.toString(heldOut),
        "--min-training", Integer.toString(minTraining), "--samples", Integer.toString(samples),
        "--all-neighbours", allNeighbours, "--ease-lambda", Double.toString(easeLambda)));
    if (tune) {
      args.add("--tune");
    }
    add(args, "--out", out);
    add(args, "--chart", chart);
    ReferenceEvaluation.main(args.toArray(new String[0]));
    return 0;
  }

  private static void add(List<String> args, String option, Object value) {
    if (value != null) {
      args.addAll(List.of(option, value.toString()));
    }
  }
}
