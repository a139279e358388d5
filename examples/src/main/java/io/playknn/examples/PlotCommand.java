package io.playknn.examples;

import io.playknn.embed.Embedding;
import io.playknn.embed.TruncatedSvd;
import io.playknn.model.KnnModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code plot}: the artists' 2-D principal-component map, to PNG. */
@Command(name = "plot", mixinStandardHelpOptions = true,
    header = "The artists' principal-component map, to PNG.",
    description = {
      "Projects every artist (row) onto the first two principal components of the artist x "
          + "user matrix and draws them to a PNG, labelling the most-played artists (the first "
          + "rows), like the reference's artist_pca.png. Runs headless."
    })
final class PlotCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin DataOptions data = new DataOptions();

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "artist_pca.png",
      description = "The PNG to write (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--labels", paramLabel = "N", defaultValue = "40",
      description = "Label the N most-played artists (default: ${DEFAULT-VALUE}).")
  int labels;

  @Option(names = "--width", paramLabel = "PIXELS", defaultValue = "1600",
      description = "Image width (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--height", paramLabel = "PIXELS", defaultValue = "1200",
      description = "Image height (default: ${DEFAULT-VALUE}).")
  int height;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1",
      description = "Seed of the randomised SVD's test matrix (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    System.setProperty("java.awt.headless", "true");
    PrintWriter o = spec.commandLine().getOut();
    DataOptions.Loaded loaded = data.load(spec.commandLine());
    KnnModel model = loaded.model();
    // PCA: truncated SVD of the implicitly centred matrix (the library's randomised solver).
    Embedding pca = TruncatedSvd.builder(2).centered(true).seed(seed).powerIterations(20).build()
        .fit(model.items());
    double[] x = pca.coordinates().column(0);
    double[] y = pca.coordinates().column(1);
    double[] explained = pca.explainedVarianceRatio();
    String title = String.format(java.util.Locale.ROOT,
        "%,d artists by their listeners: first two principal components", model.items().rows());
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    ImageIO.write(ArtistMap.draw(x, y, explained, model.itemNames(), labels, title, width, height), "png", out.toFile());
    o.printf(java.util.Locale.ROOT,
        "wrote %s: %d artists from %s; PC1 %.1f%%, PC2 %.1f%% of variance%n",
        out, model.items().rows(), loaded.source(), 100 * explained[0], 100 * explained[1]);
    o.flush();
    return 0;
  }
}
