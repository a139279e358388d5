package io.playknn.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forged {@code .npz} files that used to exhaust the heap. Tagged {@code small-heap}: the build
 * runs them in a JVM of 256 MiB, where each must end in an {@link NpzFormatException}.
 */
@Tag("small-heap")
class ForgedNpzTest {
  @TempDir Path tmp;

  @Test
  void read_shapeWithTwoBillionColumnsAndTwoValues_isTypedError() throws IOException {
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("format.npy", NpzTest.npy(1, NpzTest.dict("|S3", "()"), "csr".getBytes()));
    e.put("shape.npy", NpzTest.npy(1, NpzTest.dict("<i8", "(2,)"),
        NpzTest.ints(ByteOrder.LITTLE_ENDIAN, 8, 2, 2_147_483_638L)));
    e.put("indptr.npy", NpzTest.npy(1, NpzTest.dict("<i4", "(3,)"),
        NpzTest.ints(ByteOrder.LITTLE_ENDIAN, 4, 0, 1, 2)));
    e.put("indices.npy", NpzTest.npy(1, NpzTest.dict("<i4", "(2,)"),
        NpzTest.ints(ByteOrder.LITTLE_ENDIAN, 4, 0, 2_147_483_637L)));
    e.put("data.npy", NpzTest.npy(1, NpzTest.dict("<f8", "(2,)"),
        NpzTest.doubles(ByteOrder.LITTLE_ENDIAN, 1.0, 2.0)));
    byte[] bytes = NpzTest.zip(e, true);
    Path file = tmp.resolve("wide.npz");
    Files.write(file, bytes);
    NpzFormatException viaPath = catchThrowableOfType(NpzFormatException.class, () -> Npz.read(file));
    assertThat(viaPath).isNotNull();
    assertThat(viaPath.array()).hasValue("shape");
    assertThat(viaPath.getMessage()).contains("columns must be at most 4194304", "was 2147483638");
    NpzFormatException viaStream = catchThrowableOfType(
        NpzFormatException.class, () -> Npz.read(new ByteArrayInputStream(bytes)));
    assertThat(viaStream).isNotNull();
  }

  /**
   * Found by {@code NpzFuzzTest#readArrays}: a csc file's rows are its minor dimension, backed by
   * no array, and converting 2^25 of them to CSR ran the reader out of memory.
   */
  @Test
  void read_cscWithManyRowsAndFewEntries_isTypedError() throws IOException {
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("format.npy", NpzTest.npy(1, NpzTest.dict("|S3", "()"), "csc".getBytes()));
    e.put("shape.npy", NpzTest.npy(1, NpzTest.dict("<i8", "(2,)"),
        NpzTest.ints(ByteOrder.LITTLE_ENDIAN, 8, 33_554_437, 2)));
    e.put("indptr.npy", NpzTest.npy(1, NpzTest.dict("<i4", "(3,)"),
        NpzTest.ints(ByteOrder.LITTLE_ENDIAN, 4, 0, 1, 2)));
    e.put("indices.npy", NpzTest.npy(1, NpzTest.dict("<i4", "(2,)"),
        NpzTest.ints(ByteOrder.LITTLE_ENDIAN, 4, 0, 33_554_436)));
    e.put("data.npy", NpzTest.npy(1, NpzTest.dict("<f8", "(2,)"),
        NpzTest.doubles(ByteOrder.LITTLE_ENDIAN, 1.0, 2.0)));
    byte[] bytes = NpzTest.zip(e, true);
    NpzFormatException x = catchThrowableOfType(
        NpzFormatException.class, () -> Npz.read(new ByteArrayInputStream(bytes)));
    assertThat(x).isNotNull();
    assertThat(x.array()).hasValue("shape");
    assertThat(x.getMessage()).contains(
        "rows must be at most 4194304 = max(4194304, 8 x (non-zeros 2 + columns 2)), was 33554437");
  }

  /** indices.npy declares and holds 2^28 int32 zeros (1 GiB) deflated to about 1 MB. */
  @Test
  void read_zipBombIndices_isTypedErrorNotOutOfMemory() throws IOException {
    long n = 1L << 28;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      put(zip, "format.npy", NpzTest.npy(1, NpzTest.dict("|S3", "()"), "csr".getBytes()));
      put(zip, "shape.npy", NpzTest.npy(1, NpzTest.dict("<i8", "(2,)"),
          NpzTest.ints(ByteOrder.LITTLE_ENDIAN, 8, 1, 1)));
      put(zip, "indptr.npy", NpzTest.npy(1, NpzTest.dict("<i4", "(2,)"),
          NpzTest.ints(ByteOrder.LITTLE_ENDIAN, 4, 0, n)));
      zip.putNextEntry(new ZipEntry("indices.npy"));
      zip.write(NpzTest.npy(1, NpzTest.dict("<i4", "(" + n + ",)"), new byte[0]));
      byte[] zeros = new byte[1 << 20];
      for (long written = 0; written < 4 * n; written += zeros.length) {
        zip.write(zeros);
      }
      zip.closeEntry();
      put(zip, "data.npy", NpzTest.npy(1, NpzTest.dict("<f8", "(1,)"),
          NpzTest.doubles(ByteOrder.LITTLE_ENDIAN, 1.0)));
    }
    byte[] bytes = out.toByteArray();
    assertThat(bytes.length).isLessThan(4 << 20);
    Path file = tmp.resolve("bomb.npz");
    Files.write(file, bytes);
    NpzFormatException viaPath = catchThrowableOfType(NpzFormatException.class, () -> Npz.read(file));
    assertThat(viaPath).isNotNull();
    assertThat(viaPath.array()).hasValue("indices");
    assertThat(viaPath.getMessage()).contains("the entries inflate to more than", Npz.MAX_INFLATED_PROPERTY);
    NpzFormatException viaStream = catchThrowableOfType(
        NpzFormatException.class, () -> Npz.read(new ByteArrayInputStream(bytes)));
    assertThat(viaStream).isNotNull();
    assertThat(viaStream.getMessage()).contains("the entries inflate to more than");
  }

  /**
   * A valid 1 x 1 matrix after a junk entry of 256 MiB of zeros (deflated to about 256 KB) whose
   * deflate stream is made invalid at its first byte. The file reader never opens an entry that is
   * not an array: it returns the matrix, which it could not if it had inflated the junk. The
   * stream reader must inflate an entry to pass it: it stops at the corruption, or with the junk
   * intact at the inflation cap, with a typed error naming the entry either way.
   */
  @Test
  void read_hugeUnrelatedEntry_isNotInflatedByTheFileReaderAndCappedInTheStream() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("junk.bin"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 256; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
      put(zip, "format.npy", NpzTest.npy(1, NpzTest.dict("|S3", "()"), "csr".getBytes()));
      put(zip, "shape.npy", NpzTest.npy(1, NpzTest.dict("<i8", "(2,)"),
          NpzTest.ints(ByteOrder.LITTLE_ENDIAN, 8, 1, 1)));
      put(zip, "indptr.npy", NpzTest.npy(1, NpzTest.dict("<i4", "(2,)"),
          NpzTest.ints(ByteOrder.LITTLE_ENDIAN, 4, 0, 1)));
      put(zip, "indices.npy", NpzTest.npy(1, NpzTest.dict("<i4", "(1,)"),
          NpzTest.ints(ByteOrder.LITTLE_ENDIAN, 4, 0)));
      put(zip, "data.npy", NpzTest.npy(1, NpzTest.dict("<f8", "(1,)"),
          NpzTest.doubles(ByteOrder.LITTLE_ENDIAN, 2.5)));
    }
    byte[] intact = out.toByteArray();
    byte[] corrupt = intact.clone();
    // The junk's data follows its 30-byte local header and 8-byte name: BFINAL = 1, BTYPE = 11
    // (reserved), which no inflater accepts.
    corrupt[30 + "junk.bin".length()] = 0x07;
    Path file = tmp.resolve("junk.npz");
    Files.write(file, corrupt);
    SparseMatrix m = Npz.read(file);
    assertThat(m.rows()).isEqualTo(1);
    assertThat(m.columns()).isEqualTo(1);
    assertThat(m.get(0, 0)).isEqualTo(2.5);
    NpzFormatException corrupted = catchThrowableOfType(
        NpzFormatException.class, () -> Npz.read(new ByteArrayInputStream(corrupt)));
    assertThat(corrupted).isNotNull();
    assertThat(corrupted.getMessage()).contains("junk.bin", "corrupt");
    NpzFormatException capped = catchThrowableOfType(
        NpzFormatException.class, () -> Npz.read(new ByteArrayInputStream(intact)));
    assertThat(capped).isNotNull();
    assertThat(capped.getMessage()).contains("junk.bin", "the entries inflate to more than");
  }

  private static void put(ZipOutputStream zip, String name, byte[] b) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(b);
    zip.closeEntry();
  }
}
