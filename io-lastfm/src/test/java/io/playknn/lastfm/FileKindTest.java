package io.playknn.lastfm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Byte-order marks and paths that are not plain files. */
// Forged inputs of issue 19: run in the 256 MiB JVM with the other forged files.
@Tag("small-heap")
class FileKindTest {
  @TempDir Path dir;

  private static final String LINES =
      "u1\tmbid-a\tartist a\t5\n" + "u1\tmbid-b\tartist b\t3\n";

  @ParameterizedTest(name = "strict {0}, threads {1}")
  @CsvSource({"false, 1", "true, 1", "false, 2", "true, 2"})
  void plays_byteOrderMark_isStrippedAndCounted(boolean strict, int threads) throws IOException {
    Path plays = dir.resolve("plays.tsv");
    byte[] body = LINES.getBytes(StandardCharsets.UTF_8);
    byte[] withMark = new byte[body.length + 3];
    withMark[0] = (byte) 0xEF;
    withMark[1] = (byte) 0xBB;
    withMark[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withMark, 3, body.length);
    Files.write(plays, withMark);
    LastfmDataset d = LastfmDataset.builder().plays(plays).strict(strict).threads(threads)
        .chunkBytes(16).build();
    assertThat(d.matrix().columns()).as("one user, not two").isEqualTo(1);
    assertThat(d.matrix().rows()).isEqualTo(2);
    assertThat(d.users().key(0)).isEqualTo("u1");
    ReadReport r = d.reports().get(d.reports().size() - 1);
    assertThat(r.byteOrderMarks()).isEqualTo(1);
    assertThat(r.toString()).contains("byte-order mark stripped");
    assertThat(r.linesKept()).isEqualTo(2);
  }

  @Test
  void plays_directory_failsNamingThePath() {
    assertThatThrownBy(() -> LastfmDataset.builder().plays(dir).build())
        .isInstanceOf(FileSystemException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("not a regular file");
  }
}
