package io.playknn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.knn.Neighbors;
import io.playknn.matrix.SparseMatrix;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness's data and work count are right, and its table matches single queries, on 0.2%. */
class FullScaleKnnHarnessSanityTest {
  @TempDir Path dir;

  @Test
  void main_smallScale_printsTimingsSingleQueriesAndAnExactTableRoundTrip() throws IOException {
    String printed = runMain("scale=0.002", "threads=2", "runs=1", "warmup=1");
    assertThat(printed.lines())
        .hasSize(5)
        .anySatisfy(l -> assertThat(l).contains("\"threads\": 2").contains("\"runs\": 1"))
        .anySatisfy(l -> assertThat(l).contains("\"singleQuery\": \"median artist\""))
        .anySatisfy(l -> assertThat(l).contains("\"singleQuery\": \"most-listened artist\""))
        .anySatisfy(
            l -> assertThat(l)
                .contains("\"singleQueries\": \"heaviest artists\", \"artists\": 64")
                .contains("\"slowestItem\": "))
        .anySatisfy(l -> assertThat(l).contains("\"tableRoundTrip\": true").contains("\"equal\": true"));
  }

  @Test
  void main_roundsAlternateThreadCounts_poolTheirRunsAndPrintTheSpeedUp() throws IOException {
    String printed =
        runMain("scale=0.002", "threads=2,1", "runs=2", "rounds=2", "warmup=0", "tableOnly=true");
    assertThat(printed.lines())
        .hasSize(3)
        .anySatisfy(l -> assertThat(l).contains("\"threads\": 1,").contains("\"runs\": 4"))
        .anySatisfy(l -> assertThat(l).contains("\"threads\": 2,").contains("\"runs\": 4"))
        .anySatisfy(l -> assertThat(l).startsWith("{\"speedUp\": ").contains("\"rounds\": 2"));
  }

  @Test
  void main_userOrder_defaultsToAudienceAndPlaysGivesTheSameChecksum() throws IOException {
    String audience = runMain("scale=0.002", "threads=1", "runs=1", "warmup=0", "tableOnly=true");
    String plays =
        runMain("scale=0.002", "threads=1", "runs=1", "warmup=0", "tableOnly=true", "users=plays");
    assertThat(audience).contains("\"userOrder\": \"audience\"");
    assertThat(plays).contains("\"userOrder\": \"plays\"");
    // Same neighbours and distances to the checksum's 6 decimals, whatever the column order.
    assertThat(field(plays, "checksum")).isEqualTo(field(audience, "checksum"));
  }

  /** @return the text of a JSON number field in the first line that has it */
  private static String field(String printed, String name) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"" + name + "\": ([-0-9.eE+]+)").matcher(printed);
    assertThat(m.find()).as(name).isTrue();
    return m.group(1);
  }

  @Test
  void median_isTheMiddleValueOrTheMeanOfTheMiddleTwo() {
    assertThat(FullScaleKnnHarness.median(new double[] {1, 2, 9})).isEqualTo(2);
    assertThat(FullScaleKnnHarness.median(new double[] {1, 2, 4, 9})).isEqualTo(3);
  }

  /** Runs the harness on data in the temp dir and returns (and echoes) what it printed. */
  private String runMain(String... args) throws IOException {
    String previous = System.setProperty("playknn.data", dir.toString());
    java.io.PrintStream out = System.out;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    try {
      System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
      FullScaleKnnHarness.main(args);
    } finally {
      System.setOut(out);
      restore(previous);
    }
    String printed = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    out.print(printed);
    return printed;
  }

  private static void restore(String previous) {
    if (previous == null) {
      System.clearProperty("playknn.data");
    } else {
      System.setProperty("playknn.data", previous);
    }
  }

  @Test
  void smallScale_tableEqualsSingleQueriesAndUpdatesCountPairs() throws IOException {
    String previous = System.setProperty("playknn.data", dir.toString());
    try {
      SparseMatrix m = FullScaleKnnHarness.matrix(0.002);
      assertThat(m.rows()).isGreaterThan(100);
      long naive = 0;
      SparseMatrix t = m.transpose();
      for (int u = 0; u < t.rows(); u++) {
        naive += (long) t.rowNonZeros(u) * t.rowNonZeros(u);
      }
      assertThat(FullScaleKnnHarness.updates(m)).isEqualTo(naive);
      NearestNeighbors knn = NearestNeighbors.fit(m, KnnOptions.builder().threads(2).build());
      NeighborTable all = knn.kneighborsAll(100);
      for (int i = 0; i < m.rows(); i += 17) {
        Neighbors single = knn.kneighbors(i, 100);
        assertThat(all.row(i)).as("artist %d", i).isEqualTo(single);
      }
    } finally {
      restore(previous);
    }
  }

  @Test
  void checksum_sumsDistancePlusMillionthOfIndexOverEveryKeptNeighbour() {
    NeighborTable table =
        NeighborTable.of(
            new int[] {0, 1}, new int[] {0, 2, 3}, new int[] {1, 7, 0}, new double[] {0.25, 0.5, 1});

    assertThat(FullScaleKnnHarness.checksum(table))
        .isCloseTo(0.25 + 1e-6 + 0.5 + 7e-6 + 1.0, offset(1e-12));
  }
}
