package io.playknn.examples;

import io.playknn.knn.Metric;
import io.playknn.model.KnnModel;
import io.playknn.recommend.ItemNames;
import io.playknn.recommend.Recommendations;
import io.playknn.recommend.Recommender;
import io.playknn.recommend.UnknownItemException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recommend}: artists for a listening history. */
@Command(name = "recommend", mixinStandardHelpOptions = true,
    description = {
      "Recommends artists for a listening history: each ARTIST, optionally with a weight "
          + "(ARTIST=PLAYS, default 1). An artist scores the weighted sum of its cosine "
          + "similarities to the history artists whose nearest neighbours it is among; history "
          + "artists are never recommended.",
      "An unknown name prints the closest known names and exits with 2."
    })
final class RecommendCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin DataOptions data = new DataOptions();

  @Parameters(arity = "1..*", paramLabel = "ARTIST[=WEIGHT]",
      description = "History artists, e.g. \"nirvana=120\" \"pearl jam=40\".")
  List<String> history;

  @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "10",
      description = "Number of recommendations (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--neighbors", paramLabel = "K", defaultValue = "100",
      description = "Nearest neighbours of each history artist that take part in scoring "
          + "(default: ${DEFAULT-VALUE}).")
  int neighbors;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    KnnModel model = data.load().model();
    if (model.options().metric() != Metric.COSINE) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "recommend needs a cosine model, the model's metric is " + model.options().metric().id());
    }
    Map<String, Double> weights = new LinkedHashMap<>();
    for (String h : history) {
      int eq = h.lastIndexOf('=');
      String name = eq < 0 ? h : h.substring(0, eq);
      double w = 1;
      if (eq >= 0) {
        try {
          w = Double.parseDouble(h.substring(eq + 1));
        } catch (NumberFormatException e) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              "weight of \"" + name + "\" must be a number, was \"" + h.substring(eq + 1) + "\"");
        }
      }
      weights.merge(name, w, Double::sum);
    }
    ItemNames names = ItemNames.of(model.itemNames());
    Recommender.Builder builder = Recommender.builder(model.index(), model.items()).names(names)
        .neighbors(neighbors);
    // A table saved with the model (train --table-k) is used when it is wide enough.
    model.neighborTable().ifPresent(builder::neighborTable);
    Recommender r = builder.build();
    Recommendations recs;
    try {
      recs = r.recommend(weights, count);
    } catch (UnknownItemException e) {
      err.printf("unknown artist \"%s\"; did you mean: %s%n", e.name(), String.join(", ", e.suggestions()));
      err.flush();
      return 2;
    }
    for (int i = 0; i < recs.size(); i++) {
      out.printf("%4d  %-40s %.6f%n", i + 1, names.name(recs.item(i)), recs.score(i));
    }
    out.flush();
    return 0;
  }
}
