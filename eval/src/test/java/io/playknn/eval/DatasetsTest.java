package io.playknn.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluation on every data source: raw 360K files, hetrec files, .npz; options and the chart. */
class DatasetsTest {
  private static Path resource(String name) throws URISyntaxException {
    return Path.of(DatasetsTest.class.getResource(name).toURI());
  }

  private static final PrintStream SINK =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @Test
  void rawLastfmFiles_buildTheReferenceMatrix() throws Exception {
    Path dir = resource("/lastfm-seed");
    ReferenceEvaluation.Options o =
        ReferenceEvaluation.Options.parse(
            new String[] {
              "--plays", dir.resolve("usersha1-artmbid-artname-plays.tsv.gz").toString(),
              "--profiles", dir.resolve("usersha1-profile.tsv.gz").toString()
            });
    ReferenceData raw = o.source().load();
    ReferenceData npz = ReferenceData.fromClassPath();
    assertThat(raw.matrix().rows()).isEqualTo(1000);
    assertThat(raw.matrix().columns()).isEqualTo(9994);
    assertThat(raw.matrix().nonZeros()).isEqualTo(npz.matrix().nonZeros());
    assertThat(raw.source()).contains("usersha1-profile.tsv.gz");
    // Same artists (by name); the row order may differ slightly (the data's README).
    assertThat(raw.names().index("the beatles")).isBetween(0, 5);
  }

  @Test
  void hetrecFixture_bestRecommenderBeatsMostPopular() throws Exception {
    Path dir = resource("/fixtures/hetrec-seed");
    ReferenceEvaluation.Options o =
        ReferenceEvaluation.Options.parse(
            new String[] {"--hetrec", dir.toString(), "--threads", "2", "--samples", "1"});
    ReferenceData data = o.source().load();
    assertThat(data.matrix().rows()).isEqualTo(300);
    assertThat(data.matrix().columns()).isEqualTo(795); // 5 of the 800 users played none of the 300
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    EvaluationReport report =
        ReferenceEvaluation.run(
            data, o, new PrintStream(buffer, true, StandardCharsets.UTF_8), SINK);
    double popular = report.row("most-popular").estimate(Measure.NDCG).mean();
    double best =
        report.rows().stream().mapToDouble(r -> r.estimate(Measure.NDCG).mean()).max().orElseThrow();
    assertThat(best).isGreaterThan(popular);
    assertThat(report.row("item-kNN (k=100)").estimate(Measure.NDCG).mean())
        .isGreaterThan(popular);
    assertThat(report.rows().stream().map(EvaluationReport.Row::name))
        .contains("item-based, all neighbours", "EASE^R (binary, lambda=100)");
  }

  @Test
  void allNeighbours_offByDefaultAboveTheLimit() {
    ReferenceEvaluation.Options auto = ReferenceEvaluation.Options.parse(new String[0]);
    assertThat(auto.runAllNeighbours(ReferenceEvaluation.ALL_NEIGHBOURS_AUTO_LIMIT)).isTrue();
    assertThat(auto.runAllNeighbours(ReferenceEvaluation.ALL_NEIGHBOURS_AUTO_LIMIT + 1)).isFalse();
    ReferenceEvaluation.Options on =
        ReferenceEvaluation.Options.parse(new String[] {"--all-neighbours", "on"});
    assertThat(on.runAllNeighbours(17_632)).isTrue();
    ReferenceEvaluation.Options off =
        ReferenceEvaluation.Options.parse(new String[] {"--all-neighbours", "off"});
    assertThat(off.runAllNeighbours(10)).isFalse();
  }

  @Test
  void options_dataSourcesAndBuilderOptionsAreChecked() {
    assertThatThrownBy(
            () -> ReferenceEvaluation.Options.parse(new String[] {"--npz", "a", "--hetrec", "b"}))
        .hasMessage("give one data source of --data, --npz, --plays, --hetrec; was [--npz, --hetrec]");
    assertThatThrownBy(() -> ReferenceEvaluation.Options.parse(new String[] {"--top-users", "5"}))
        .hasMessageContaining("they need --plays or --hetrec");
    assertThatThrownBy(
            () -> ReferenceEvaluation.Options.parse(new String[] {"--weighting", "idf"}))
        .hasMessage(
            "--weighting must be one of [raw, maxScaled, log1p, binary, tfidf, bm25], was \"idf\"");
    assertThatThrownBy(
            () -> ReferenceEvaluation.Options.parse(new String[] {"--all-neighbours", "maybe"}))
        .hasMessage("--all-neighbours must be one of [on, off, auto], was \"maybe\"");
    assertThatThrownBy(
            () -> ReferenceEvaluation.Options.parse(new String[] {"--ease-lambda", "-1"}))
        .hasMessage("--ease-lambda must be finite and > 0, was -1");
  }

  @Test
  void npzFile_readsTheNamesBesideIt() throws Exception {
    Path npz = resource("/lastfm-seed/artist_user_mtrx.npz");
    ReferenceData d =
        ReferenceEvaluation.Options.parse(new String[] {"--npz", npz.toString()}).source().load();
    assertThat(d.matrix().rows()).isEqualTo(1000);
    assertThat(d.names().name(0)).isEqualTo(ReferenceData.fromClassPath().names().name(0));
  }

  @Test
  void chart_drawsOneBarPerRecommenderAndMeasure(@TempDir Path dir) throws Exception {
    ChartData data = new ChartData();
    Path png = dir.resolve("sub/chart.png");
    EvaluationReport combined = data.report.with(data.other.rows().get(0));
    assertThat(combined.row("random").estimate(Measure.NDCG))
        .isEqualTo(data.other.row("random").estimate(Measure.NDCG));
    assertThatThrownBy(() -> data.report.with(data.report.rows().get(1)))
        .hasMessage("algorithm names must be distinct, \"most-popular\" repeats");
    EvaluationChart.write(combined, "test chart", png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isGreaterThan(800);
    int rows = combined.rows().size();
    assertThat(rows).isEqualTo(4);
    assertThat(image.getHeight()).isEqualTo(70 + rows * 34 + 60);
    // Every row has a bar in the first panel (the bar colour at the panel's left edge).
    for (int r = 0; r < rows; r++) {
      assertThat(image.getRGB(331, 70 + r * 34 + 17) & 0xFFFFFF).as("row %d", r).isEqualTo(0x4C78A8);
    }
  }

  /** A small report to draw. */
  private static final class ChartData {
    final EvaluationReport report;
    final EvaluationReport other;

    ChartData() {
      HoldoutSplit split = HoldoutSplit.leaveKOut(TestData.random(5, 40, 200, 0.3), 3, 3, 5);
      report =
          Evaluation.builder(split)
              .k(5)
              .threads(1)
              .build()
              .run(
                  List.of(
                      Baselines.itemKnn("item-kNN", split.training(), ItemKnnConfig.REFERENCE, 1),
                      Baselines.mostPopular(split.training()),
                      Baselines.ease(split.training(), 10, 1)));
      other =
          Evaluation.builder(split)
              .k(5)
              .threads(1)
              .build()
              .run(List.of(Baselines.random(split.training().rows(), 5)));
    }
  }
}
