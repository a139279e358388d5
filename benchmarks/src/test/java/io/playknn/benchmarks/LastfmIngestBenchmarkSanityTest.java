package io.playknn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.lastfm.LastfmDataset;
import io.playknn.lastfm.SyntheticLastfm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingestion benchmark reads the whole generated file into the right matrix. */
class LastfmIngestBenchmarkSanityTest {
  @TempDir Path tmp;

  @Test
  void ingest_smallSyntheticFile_matrixHoldsEveryLine() throws IOException {
    String previous = System.getProperty("playknn.data");
    System.setProperty("playknn.data", tmp.toString());
    try {
      LastfmIngestBenchmark b = new LastfmIngestBenchmark();
      b.scale = 0.002;
      b.compression = "plain";
      b.settings = "all";
      b.setup();
      LastfmDataset d = b.ingest();
      // The cached file's name carries the generator's shape version.
      Path file =
          tmp.resolve("scale-0.002-seed-42-v" + SyntheticLastfm.SHAPE_VERSION + "-plays.tsv");
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      Set<String> users = new HashSet<>();
      Set<String> artists = new HashSet<>();
      double plays = 0;
      for (String line : lines) {
        String[] f = line.split("\t", -1);
        users.add(f[0]);
        artists.add(f[2]);
        plays += Long.parseLong(f[3]);
      }
      // The generator lists distinct artists per user: one stored entry per line.
      assertThat(d.matrix().nonZeros()).isEqualTo(lines.size());
      assertThat(d.matrix().columns()).isEqualTo(users.size())
          .isEqualTo((int) Math.round(SyntheticLastfm.FULL_USERS * 0.002));
      assertThat(d.matrix().rows()).isEqualTo(artists.size());
      double sum = 0;
      for (double v : d.matrix().rowSums()) {
        sum += v;
      }
      assertThat(sum).isEqualTo(plays);
      b.settings = "reference";
      assertThat(b.ingest().matrix().rows()).isEqualTo(Math.min(1000, artists.size()));
    } finally {
      if (previous == null) {
        System.clearProperty("playknn.data");
      } else {
        System.setProperty("playknn.data", previous);
      }
    }
  }

  @Test
  void compression_unknownValue_rejectedNotReadAsPlain() {
    assertThat(LastfmIngestBenchmark.isGzip("gzip")).isTrue();
    assertThat(LastfmIngestBenchmark.isGzip("plain")).isFalse();
    assertThatThrownBy(() -> LastfmIngestBenchmark.isGzip("gz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("compression must be plain or gzip, was gz");
  }
}
