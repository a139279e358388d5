package io.playknn.examples;

import io.playknn.knn.Neighbors;
import io.playknn.model.KnnModel;
import io.playknn.recommend.ItemNames;
import io.playknn.recommend.UnknownItemException;
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
    description = {
      "Prints the k nearest artists of each ARTIST (itself left out) with their distances.",
      "Names match exactly, else ignoring case and accents; an unknown name prints the closest "
          + "known names and exits with 2."
    })
final class SimilarCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin DataOptions data = new DataOptions();

  @Parameters(arity = "1..*", paramLabel = "ARTIST", description = "Artist names, e.g. \"the beatles\".")
  List<String> artists;

  @Option(names = {"-k", "--neighbors"}, paramLabel = "K", defaultValue = "15",
      description = "Number of similar artists per query (default: ${DEFAULT-VALUE}).")
  int k;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    KnnModel model = data.load().model();
    ItemNames names = ItemNames.of(model.itemNames());
    if (k < 1 || k > model.items().rows() - 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "-k must be in [1, " + (model.items().rows() - 1) + "], was " + k);
    }
    for (String artist : artists) {
      int item;
      try {
        item = names.index(artist);
      } catch (UnknownItemException e) {
        err.printf("unknown artist \"%s\"; did you mean: %s%n", e.name(), String.join(", ", e.suggestions()));
        err.flush();
        return 2;
      }
      Neighbors n = model.index().kneighbors(item, k);
      out.printf("%s (%s distance)%n", names.name(item), model.options().metric().id());
      for (int r = 0; r < n.size(); r++) {
        out.printf("%4d  %-40s %.6f%n", r + 1, names.name(n.index(r)), n.distance(r));
      }
    }
    out.flush();
    return 0;
  }
}
