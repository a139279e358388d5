package io.playknn.matrix;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of the {@code .npz} reader. A forged archive must end in a matrix or an
 * {@link NpzFormatException}; anything else (another exception, an {@link OutOfMemoryError} under
 * the small heap) is a finding. A matrix read must be what the stream and the file path both read.
 *
 * <p>{@link #read} takes the archive's bytes as they are, through both readers ({@link
 * Npz#read(java.io.InputStream)}, entry by entry, and {@link Npz#read(Path)}, through the central
 * directory). {@link #readArrays} takes the arrays themselves and zips them (stored, with correct
 * CRCs) before reading, so that mutations reach the {@code .npy} parser and the CSR checks instead
 * of the zip checksums: the input is the entries' contents separated by {@link #SEPARATOR}, in
 * the order format, shape, indptr, indices, data (missing parts are missing entries).
 *
 * <p>Without {@code JAZZER_FUZZ} the build replays the committed inputs in {@code
 * NpzFuzzTestInputs/<method>/}; see {@code docs/FUZZING.md}.
 */
@Tag("small-heap")
class NpzFuzzTest {
  static final byte[] SEPARATOR = "\n==NPZ==\n".getBytes(StandardCharsets.US_ASCII);
  private static final String[] ENTRIES = {"format", "shape", "indptr", "indices", "data"};
  private static final Path FILE = temporaryFile();

  @FuzzTest(maxDuration = "20m", maxExecutions = 1_000_000)
  void read(byte[] archive) throws IOException {
    SparseMatrix fromStream = readOrReject(archive, false);
    SparseMatrix fromFile = readOrReject(archive, true);
    // The stream reader accepts an archive cut after its last entry; the file reader needs the
    // central directory. When both read a matrix it is the same one.
    if (fromStream != null && fromFile != null && !fromStream.equals(fromFile)) {
      throw new AssertionError("stream and file readers disagree: " + fromStream + " vs " + fromFile);
    }
  }

  @FuzzTest(maxDuration = "20m", maxExecutions = 1_000_000)
  void readArrays(byte[] arrays) throws IOException {
    readOrReject(zip(split(arrays)), false);
  }

  private static SparseMatrix readOrReject(byte[] archive, boolean viaFile) throws IOException {
    try {
      if (viaFile) {
        Files.write(FILE, archive);
        return Npz.read(FILE);
      }
      return Npz.read(new ByteArrayInputStream(archive));
    } catch (NpzFormatException expected) {
      return null;
    }
  }

  static List<byte[]> split(byte[] input) {
    List<byte[]> parts = new ArrayList<>();
    int from = 0;
    for (int i = 0; i + SEPARATOR.length <= input.length && parts.size() < ENTRIES.length - 1; ) {
      if (java.util.Arrays.equals(input, i, i + SEPARATOR.length, SEPARATOR, 0, SEPARATOR.length)) {
        parts.add(java.util.Arrays.copyOfRange(input, from, i));
        i += SEPARATOR.length;
        from = i;
      } else {
        i++;
      }
    }
    parts.add(java.util.Arrays.copyOfRange(input, from, input.length));
    return parts;
  }

  /** A stored zip of the parts as format, shape, indptr, indices and data, in that order. */
  static byte[] zip(List<byte[]> parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (int i = 0; i < parts.size(); i++) {
        byte[] b = parts.get(i);
        ZipEntry e = new ZipEntry(ENTRIES[i] + ".npy");
        e.setMethod(ZipEntry.STORED);
        e.setSize(b.length);
        e.setCompressedSize(b.length);
        CRC32 crc = new CRC32();
        crc.update(b);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(b);
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private static Path temporaryFile() {
    try {
      // A file in memory where the system has one: the target writes one per input.
      Path shm = Path.of("/dev/shm");
      Path f = Files.isDirectory(shm) && Files.isWritable(shm)
          ? Files.createTempFile(shm, "playknn-npz-fuzz", ".npz")
          : Files.createTempFile("playknn-npz-fuzz", ".npz");
      f.toFile().deleteOnExit();
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void deleteTemporaryFile() throws IOException {
    Files.deleteIfExists(FILE);
  }
}
