package io.playknn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed performance page and README table are what the committed result files say. */
class PerformanceReportTest {
  private static final Path ROOT = Path.of("..");
  private static final PerformanceReport REPORT =
      PerformanceReport.of(ROOT.resolve("benchmarks/results/current"));

  @Test
  void page_equalsCommittedPerformanceMd() throws IOException {
    assertThat(Files.readString(ROOT.resolve("docs/PERFORMANCE.md")))
        .as("docs/PERFORMANCE.md is stale: run PerformanceReport --write from the repository root")
        .isEqualTo(REPORT.page());
  }

  @Test
  void headline_equalsReadmeTable() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertThat(PerformanceReport.withHeadline(readme, REPORT.headline()))
        .as("README's headline table is stale: run PerformanceReport --write from the repository root")
        .isEqualTo(readme);
  }

  @Test
  void page_quotesTheResultFilesFigures() {
    // One figure from each kind of file, read independently of the generator's formatting code.
    assertThat(REPORT.page())
        .contains("| 7.20 s | 8.81 s |") // full-scale-knn.json: minSeconds 7.203, medianSeconds 8.813
        .contains("21.89 and 22.14 s") // c-baseline.txt: the two C baseline runs
        .contains("| 6.63 s | 7.22 s |") // lastfm-ingest-harness.json: 6.630, 7.216
        .contains("median 53.3 s") // pandas-ingest.json: medianSeconds 53.268
        .contains("| from the stored table | 16,057 |"); // serve-load-table.json: 16056.9 req/s
    assertThat(REPORT.headline())
        .contains("the reference's stack (Flask, scikit-learn, gunicorn 2 workers): 208 req/s"); // 208.2
  }

  @Test
  void withHeadline_withoutMarkers_namesThem() {
    assertThatThrownBy(() -> PerformanceReport.withHeadline("# no table", "| x |\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(PerformanceReport.HEADLINE_START);
  }
}
