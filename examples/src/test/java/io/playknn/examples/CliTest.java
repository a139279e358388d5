package io.playknn.examples;

import io.playknn.eval.ReferenceData;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code playknn} command line on the shipped data. */
class CliTest {
  @TempDir Path dir;

  static TrainServeTest.Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Cli.commandLine(Map.of());
    cli.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new TrainServeTest.Run(exit, out.toString(), err.toString());
  }

  @Test
  void similar_theBeatles_printsThePublishedFifteen() {
    TrainServeTest.Run r = run("similar", "the beatles", "--no-progress");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("the beatles (cosine distance)");
    List<String> names = lines.subList(1, 16).stream()
        .map(l -> l.substring(6, 46).strip()).toList();
    assertThat(names).isEqualTo(ReferenceData.fromClassPath().expected().get("the beatles"));
  }

  @Test
  void similar_unknownArtist_exits2WithSuggestions() {
    TrainServeTest.Run r = run("similar", "the beatels");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("playknn similar: unknown artist \"the beatels\"; did you mean: the beatles,");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void trainThenSimilar_fromTheModelFile() throws Exception {
    Path npz = dir.resolve("train/artist_user_mtrx.npz");
    ReferenceServeTest.copy("artist_user_mtrx.npz", npz);
    ReferenceServeTest.copy("artists.tsv", dir.resolve("train/artists.tsv"));
    Path model = dir.resolve("m.pknn");
    TrainServeTest.Run t = run("train", "--train", npz.toString(), "--model", model.toString(), "--neighbors", "101");
    assertThat(t.exit()).as(t.err()).isZero();
    TrainServeTest.Run r = run("similar", "--model", model.toString(), "eagles", "-n", "15");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines().skip(1).map(l -> l.substring(6, 46).strip()).toList())
        .isEqualTo(ReferenceData.fromClassPath().expected().get("eagles"));
  }

  @Test
  void trainWithTableK_savesEveryArtistsNeighboursAndRecommendReadsThem() throws Exception {
    Path npz = dir.resolve("train/artist_user_mtrx.npz");
    ReferenceServeTest.copy("artist_user_mtrx.npz", npz);
    ReferenceServeTest.copy("artists.tsv", dir.resolve("train/artists.tsv"));
    Path withTable = dir.resolve("table.pknn");
    Path plain = dir.resolve("plain.pknn");
    TrainServeTest.Run t = run("train", "--train", npz.toString(), "--model", withTable.toString(),
        "--table-neighbors", "20");
    assertThat(t.exit()).as(t.err()).isZero();
    assertThat(t.out()).contains("with every item's 20 nearest neighbours");
    assertThat(run("train", "--train", npz.toString(), "--model", plain.toString()).exit()).isZero();

    io.playknn.model.KnnModel m = io.playknn.model.KnnModel.load(withTable);
    io.playknn.knn.NeighborTable table = m.neighborTable().orElseThrow();
    assertThat(table.size()).isEqualTo(m.items().rows());
    assertThat(table.count(0)).isEqualTo(20);
    assertThat(table).isEqualTo(m.index().kneighborsAll(20));
    assertThat(io.playknn.model.KnnModel.load(plain).neighborTable()).isEmpty();
    // The same recommendations whether the lists come from the file or are computed; more
    // neighbours than the table holds only with --compute-neighbors.
    for (String neighbors : new String[] {"20", "10", "50"}) {
      TrainServeTest.Run a = run("recommend", "--model", withTable.toString(), "--neighbors",
          neighbors, "the beatles=10", "radiohead=3", "-n", "12", "--compute-neighbors");
      TrainServeTest.Run b = run("recommend", "--model", plain.toString(), "--neighbors",
          neighbors, "the beatles=10", "radiohead=3", "-n", "12");
      assertThat(a.exit()).as(a.err()).isZero();
      assertThat(a.out().lines().count()).isEqualTo(12);
      assertThat(a.out()).as("--neighbors " + neighbors).isEqualTo(b.out());
    }
  }

  @Test
  void trainWithTableK_belowOne_exits2() {
    TrainServeTest.Run t = run("train", "--train", "unused", "--model", "unused", "--table-k", "0");
    assertThat(t.exit()).isEqualTo(2);
    assertThat(t.err()).contains("--table-neighbors must be >= 1, was 0");
  }

  @Test
  void generateTrainRecommend_onSyntheticData() throws Exception {
    Path gen = dir.resolve("gen");
    TrainServeTest.Run g = run("generate", "--out", gen.toString(), "--scale", "0.002", "--seed", "7");
    assertThat(g.exit()).as(g.err()).isZero();
    assertThat(gen.resolve("usersha1-artmbid-artname-plays.tsv.gz")).exists();
    Path model = dir.resolve("gen.pknn");
    TrainServeTest.Run t = run("train", "--train", gen.toString(), "--model", model.toString());
    assertThat(t.exit()).as(t.err()).isZero();
    io.playknn.model.KnnModel m = io.playknn.model.KnnModel.load(model);
    String first = m.itemNames().get(0);
    TrainServeTest.Run r = run("recommend", "--model", model.toString(), first + "=3", "-n", "5");
    assertThat(r.exit()).as(r.err()).isZero();
    // One history artist with weight 3: the scores are 3 x its cosine similarities, nearest first.
    io.playknn.knn.Neighbors n = m.index().kneighbors(0, 5);
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat(lines.get(i).substring(6, 46).strip()).isEqualTo(m.itemNames().get(n.index(i)));
      assertThat(Double.parseDouble(lines.get(i).substring(46).strip()))
          .isCloseTo(3 * (1 - n.distance(i)), org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void plot_writesPngOfRequestedSize() throws Exception {
    Path png = dir.resolve("map.png");
    TrainServeTest.Run r = run("plot", "--out", png.toString(), "--width", "800", "--height", "600",
        "--labels", "10");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("1000 artists", "PC1 4.8%", "PC2 2.2%");
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(800);
    assertThat(img.getHeight()).isEqualTo(600);
  }

  @Test
  void help_listsSubcommandsAndExplainsEveryOption() {
    TrainServeTest.Run top = run("--help");
    List<String> subs = List.of("similar", "recommend", "evaluate", "train", "serve", "generate", "plot");
    assertThat(top.out()).contains(subs);
    CommandLine cli = Cli.commandLine(Map.of());
    for (String sub : subs) {
      TrainServeTest.Run r = run(sub, "--help");
      assertThat(r.exit()).isZero();
      // Every option has a description, and the help text shows each option's name.
      for (CommandLine.Model.OptionSpec o : cli.getSubcommands().get(sub).getCommandSpec().options()) {
        assertThat(String.join(" ", o.description())).as(sub + " " + o.longestName()).isNotBlank();
        assertThat(r.out()).as(sub).contains(o.longestName().replaceFirst("^-+", ""));
      }
    }
  }
}
