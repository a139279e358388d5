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
        .contains("| 3.86 s | 4.02 s |") // full-scale-knn-run6.json: minSeconds 3.864, medianSeconds 4.024
        .contains("16.13 and 16.84 s") // machine-2026-11-29.txt: the two C baseline runs
        .contains("| 3.66 s | 4.00 s |"); // lastfm-ingest-harness.json
  }

  @Test
  void withHeadline_withoutMarkers_namesThem() {
    assertThatThrownBy(() -> PerformanceReport.withHeadline("# no table", "| x |\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(PerformanceReport.HEADLINE_START);
  }
}
