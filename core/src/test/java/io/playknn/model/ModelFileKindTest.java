package io.playknn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What {@link KnnModel#load} and {@link KnnModel#save} do with files that are not plain models. */
// Forged inputs of issue 19: run in the 256 MiB JVM with the other forged files.
@Tag("small-heap")
class ModelFileKindTest {
  @TempDir Path dir;

  @Test
  void load_directory_failsNamingThePath() {
    assertThatThrownBy(() -> KnnModel.load(dir))
        .isInstanceOf(FileSystemException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("not a regular file");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void load_fifo_failsAtOnceInsteadOfBlocking() throws Exception {
    Path fifo = dir.resolve("model.pknn");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(p.waitFor()).isZero();
    assertThatThrownBy(() -> KnnModel.load(fifo))
        .isInstanceOf(FileSystemException.class)
        .hasMessageContaining(fifo.toString())
        .hasMessageContaining("not a regular file");
  }

  @Test
  void load_missingFile_failsNamingThePath() {
    Path missing = dir.resolve("nope.pknn");
    assertThatThrownBy(() -> KnnModel.load(missing))
        .isInstanceOf(FileSystemException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void save_overAnExistingFile_keepsItsPermissions() throws IOException {
    Path file = dir.resolve("m.pknn");
    Files.writeString(file, "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    KnnModelTest.small().save(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
    assertThat(KnnModel.load(file).items()).isEqualTo(KnnModelTest.small().items());
  }
}
