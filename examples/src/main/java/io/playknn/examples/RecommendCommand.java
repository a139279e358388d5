package io.playknn.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.playknn.knn.Metric;
import io.playknn.model.KnnModel;
import io.playknn.recommend.ItemNames;
import io.playknn.recommend.Recommendations;
import io.playknn.recommend.Recommender;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    header = "Artists to recommend for a listening history.",
    description = {
      "Recommends artists for a listening history: each ARTIST, optionally with a weight "
          + "(ARTIST=PLAYS, default 1). An artist scores the weighted sum of its cosine "
          + "similarities to the history artists whose nearest neighbours it is among; history "
          + "artists are never recommended.",
      "A model trained with --table-neighbors is served from its stored neighbour lists.",
      "An unknown name prints the closest known names and exits with 2."
    })
final class RecommendCommand implements Callable<Integer> {
  /** Neighbours per history artist when the model has no stored table. */
  static final int DEFAULT_NEIGHBORS = 100;

  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin DataOptions data = new DataOptions();

  @Parameters(arity = "1..*", paramLabel = "ARTIST[=WEIGHT]",
      description = "History artists, e.g. \"nirvana=120\" \"pearl jam=40\"; weights are "
          + "finite numbers >= 0.")
  List<String> history;

  @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "10",
      description = "Number of recommendations (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--neighbors", paramLabel = "K",
      description = "Nearest neighbours of each history artist that take part in scoring "
          + "(default: " + DEFAULT_NEIGHBORS + ", or fewer if the model's stored neighbour "
          + "table holds fewer).")
  Integer neighbors;

  @Option(names = "--compute-neighbors",
      description = "Compute every artist's neighbour lists when --neighbors asks for more than "
          + "the model's stored table holds (default: refuse, since the table is what makes "
          + "answers fast).")
  boolean computeNeighbors;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "Output: text, json or csv (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Override
  public Integer call() throws Exception {
    CommandLine command = spec.commandLine();
    if (count < 1) {
      throw new CommandLine.ParameterException(command, "--count must be >= 1, was " + count);
    }
    if (neighbors != null && neighbors < 1) {
      throw new CommandLine.ParameterException(command, "--neighbors must be >= 1, was " + neighbors);
    }
    Map<String, Double> weights = weights(command);
    KnnModel model = data.load(command).model();
    if (model.options().metric() != Metric.COSINE) {
      throw new CommandLine.ParameterException(command,
          "recommend needs a cosine model, the model's metric is " + model.options().metric().id());
    }
    // Every row of a stored table holds min(k, items - 1) neighbours.
    int stored = model.neighborTable().map(t -> t.count(0)).orElse(0);
    int wanted = neighbors != null ? neighbors
        : stored > 0 ? Math.min(DEFAULT_NEIGHBORS, stored) : DEFAULT_NEIGHBORS;
    if (stored > 0 && Math.min(wanted, model.items().rows() - 1) > stored && !computeNeighbors) {
      throw new CommandLine.ParameterException(command, "--neighbors " + wanted + " is more than "
          + "the model's stored neighbour table holds (" + stored + " per artist); ask for at most "
          + stored + ", or add --compute-neighbors to compute every artist's list");
    }
    Recommender.Builder builder = model.recommenderBuilder().neighbors(wanted);
    if (computeNeighbors) {
      builder.computeBeyondTable();
    }
    Recommender r = builder.build();
    Recommendations recs = r.recommend(weights, count);
    ItemNames names = r.names().orElseThrow();
    PrintWriter out = command.getOut();
    ObjectNode json = OutputFormat.object();
    ArrayNode given = json.putArray("history");
    weights.forEach((name, w) -> given.addObject().put("artist", name).put("weight", w));
    json.put("neighbors", r.neighbors()).put("fromNeighborTable", r.fromNeighborTable());
    ArrayNode list = json.putArray("recommendations");
    if (format == OutputFormat.CSV) {
      OutputFormat.csv(out, "rank", "artist", "score");
    }
    for (int i = 0; i < recs.size(); i++) {
      String name = names.name(recs.item(i));
      switch (format) {
        case TEXT -> out.printf(Locale.ROOT, "%4d  %-40s %.6f%n", i + 1, name, recs.score(i));
        case CSV -> OutputFormat.csv(out, i + 1, name, recs.score(i));
        case JSON -> list.addObject().put("rank", i + 1).put("artist", name)
            .put("index", recs.item(i)).put("score", recs.score(i));
      }
    }
    if (format == OutputFormat.JSON) {
      OutputFormat.print(out, json);
    }
    out.flush();
    return 0;
  }

  /** Parses {@code ARTIST[=WEIGHT]}: weights finite and {@code >= 0}, repeats summed. */
  private Map<String, Double> weights(CommandLine command) {
    Map<String, Double> weights = new LinkedHashMap<>();
    for (String h : history) {
      int eq = h.lastIndexOf('=');
      String name = eq < 0 ? h : h.substring(0, eq);
      double w = 1;
      if (eq >= 0) {
        String text = h.substring(eq + 1);
        try {
          w = Double.parseDouble(text);
        } catch (NumberFormatException e) {
          w = Double.NaN;
        }
        if (!Double.isFinite(w) || w < 0) {
          throw new CommandLine.ParameterException(command, "weight of \"" + name
              + "\" must be a finite number >= 0 (plays), was \"" + text + "\"");
        }
      }
      weights.merge(name, w, Double::sum);
    }
    return weights;
  }
}
