package io.playknn.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.playknn.knn.Neighbors;
import io.playknn.model.KnnModel;
import io.playknn.recommend.ItemNames;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code similar}: the nearest artists of each named artist. */
@Command(name = "similar", mixinStandardHelpOptions = true,
    header = "The nearest artists of each named artist.",
    description = {
      "Prints the nearest artists of each ARTIST (itself left out) with their distances.",
      "Names match exactly, else ignoring case and accents; an unknown name prints the closest "
          + "known names and exits with 2."
    })
final class SimilarCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin DataOptions data = new DataOptions();

  @Parameters(arity = "1..*", paramLabel = "ARTIST", description = "Artist names, e.g. \"the beatles\".")
  List<String> artists;

  @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "15",
      description = "Number of similar artists per query (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "Output: text, json or csv (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Override
  public Integer call() throws Exception {
    CommandLine command = spec.commandLine();
    if (count < 1) {
      throw new CommandLine.ParameterException(command, "--count must be >= 1, was " + count);
    }
    KnnModel model = data.load(command).model();
    ItemNames names = ItemNames.of(model.itemNames());
    int most = model.items().rows() - 1;
    if (count > most) {
      throw new CommandLine.ParameterException(command,
          "--count must be in [1, " + most + "] (the other artists), was " + count);
    }
    int[] items = new int[artists.size()];
    for (int i = 0; i < items.length; i++) {
      items[i] = names.index(artists.get(i)); // an unknown name fails before anything is printed
    }
    String metric = model.options().metric().id();
    PrintWriter out = command.getOut();
    ObjectNode json = OutputFormat.object().put("metric", metric);
    ArrayNode results = json.putArray("results");
    if (format == OutputFormat.CSV) {
      OutputFormat.csv(out, "query", "rank", "artist", "distance");
    }
    for (int item : items) {
      Neighbors n = model.index().kneighbors(item, count);
      ArrayNode list = results.addObject().put("artist", names.name(item)).putArray("neighbors");
      if (format == OutputFormat.TEXT) {
        out.printf("%s (%s distance)%n", names.name(item), metric);
      }
      for (int r = 0; r < n.size(); r++) {
        String name = names.name(n.index(r));
        switch (format) {
          case TEXT -> out.printf(java.util.Locale.ROOT, "%4d  %-40s %.6f%n", r + 1, name, n.distance(r));
          case CSV -> OutputFormat.csv(out, names.name(item), r + 1, name, n.distance(r));
          case JSON -> list.addObject().put("rank", r + 1).put("artist", name)
              .put("index", n.index(r)).put("distance", n.distance(r));
        }
      }
    }
    if (format == OutputFormat.JSON) {
      OutputFormat.print(out, json);
    }
    out.flush();
    return 0;
  }
}
