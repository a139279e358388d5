package io.playknn.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NpzTest {

  @TempDir Path tmp;

  // ------------------------------------------------------------------ round trips

  static Stream<Arguments> everyOptionCombination() {
    List<Arguments> out = new ArrayList<>();
    long seed = 20261128;
    for (Npz.Format format : Npz.Format.values()) {
      for (Npz.IndexType index : Npz.IndexType.values()) {
        for (Npz.DataType data : Npz.DataType.values()) {
          for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            for (boolean compressed : new boolean[] {true, false}) {
              out.add(
                  Arguments.of(new Npz.Options(format, index, data, order, compressed), seed++));
            }
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("everyOptionCombination")
  void write_thenRead_givesTheSameMatrix(Npz.Options options, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    boolean floatValues = options.dataType() == Npz.DataType.FLOAT32;
    List<SparseMatrix> matrices = new ArrayList<>();
    matrices.add(SparseMatrix.fromTriplets(0, 0, new int[0], new int[0], new double[0]));
    matrices.add(SparseMatrix.fromTriplets(0, 7, new int[0], new int[0], new double[0]));
    matrices.add(SparseMatrix.fromTriplets(7, 0, new int[0], new int[0], new double[0]));
    matrices.add(SparseMatrix.fromTriplets(5, 4, new int[0], new int[0], new double[0]));
    for (int i = 0; i < 4; i++) {
      matrices.add(randomMatrix(random, floatValues));
    }
    for (int i = 0; i < matrices.size(); i++) {
      SparseMatrix m = matrices.get(i);
      String what = "seed " + seed + ", matrix " + i + " " + m + ", " + options;
      Path file = tmp.resolve("m" + i + ".npz");
      Npz.write(m, file, options);
      assertThat(Npz.read(file)).as(what + " via Path").isEqualTo(m);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      Npz.write(m, bytes, options);
      assertThat(bytes.toByteArray())
          .as(what + ": Path and stream writes")
          .isEqualTo(Files.readAllBytes(file));
      assertThat(Npz.read(new ByteArrayInputStream(bytes.toByteArray())))
          .as(what + " via InputStream")
          .isEqualTo(m);
    }
  }

  /**
   * A random matrix up to 30 x 30 with one row and one column forced empty, a few explicit zeros,
   * and values spanning ten decades; {@code floatValues} rounds them to float so float32 is exact.
   */
  private static SparseMatrix randomMatrix(SplittableRandom random, boolean floatValues) {
    int rows = random.nextInt(1, 31);
    int columns = random.nextInt(1, 31);
    int emptyRow = random.nextInt(rows);
    int emptyColumn = random.nextInt(columns);
    double density = random.nextDouble() * 0.5;
    SparseMatrix.Builder b = SparseMatrix.builder(rows, columns);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        if (r == emptyRow || c == emptyColumn || random.nextDouble() >= density) {
          continue;
        }
        double v =
            random.nextDouble() < 0.05
                ? 0.0
                : (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-5, 6));
        b.add(r, c, floatValues ? (float) v : v);
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyOptionCombination")
  void write_optionsShowInTheArchive(Npz.Options options, long seed) throws IOException {
    SparseMatrix m = randomMatrix(new SplittableRandom(seed), true);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Npz.write(m, bytes, options);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    Map<String, Integer> methods = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        entries.put(e.getName(), zip.readAllBytes());
        methods.put(e.getName(), e.getMethod());
      }
    }
    assertThat(entries.keySet())
        .containsExactly("indices.npy", "indptr.npy", "format.npy", "shape.npy", "data.npy");
    assertThat(methods.values())
        .containsOnly(options.compressed() ? ZipEntry.DEFLATED : ZipEntry.STORED);
    String order = options.byteOrder() == ByteOrder.BIG_ENDIAN ? ">" : "<";
    String index = options.indexType() == Npz.IndexType.INT64 ? "i8" : "i4";
    String data = options.dataType() == Npz.DataType.FLOAT32 ? "f4" : "f8";
    boolean csc = options.format() == Npz.Format.CSC;
    int major = csc ? m.columns() : m.rows();
    assertThat(descrAndShape(entries.get("indices.npy")))
        .containsExactly(order + index, "(" + m.nonZeros() + ",)");
    assertThat(descrAndShape(entries.get("indptr.npy")))
        .containsExactly(order + index, "(" + (major + 1) + ",)");
    assertThat(descrAndShape(entries.get("format.npy"))).containsExactly("|S3", "()");
    assertThat(descrAndShape(entries.get("shape.npy"))).containsExactly(order + "i8", "(2,)");
    assertThat(descrAndShape(entries.get("data.npy")))
        .containsExactly(order + data, "(" + m.nonZeros() + ",)");
    assertThat(payload(entries.get("format.npy")))
        .isEqualTo(csc ? "csc".getBytes() : "csr".getBytes());
    ByteBuffer shape =
        ByteBuffer.wrap(payload(entries.get("shape.npy"))).order(options.byteOrder());
    assertThat(new long[] {shape.getLong(), shape.getLong()})
        .containsExactly(m.rows(), m.columns());
    // The pointer array, decoded independently of the reader: rows (CSR) or columns (CSC).
    ByteBuffer ptr = ByteBuffer.wrap(payload(entries.get("indptr.npy"))).order(options.byteOrder());
    int[] expectedPointers = (csc ? m.transpose() : m).copyRowPointers();
    for (int i = 0; i <= major; i++) {
      long v = index.equals("i8") ? ptr.getLong() : ptr.getInt();
      assertThat(v).as("indptr[%d], seed %d", i, seed).isEqualTo(expectedPointers[i]);
    }
  }

  @Test
  void write_float32OutOfRange_isRejectedBeforeWriting() {
    SparseMatrix m = SparseMatrix.builder(2, 2).add(1, 0, 1e39).build();
    Path file = tmp.resolve("never.npz");
    Npz.Options options = Npz.Options.defaults().withDataType(Npz.DataType.FLOAT32);
    assertThatThrownBy(() -> Npz.write(m, file, options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(1, 0)")
        .hasMessageContaining("float32")
        .hasMessageContaining("1.0E39");
    assertThat(file).doesNotExist();
  }

  @Test
  void write_streamIsLeftOpenAndDefaultsAreScipys() throws IOException {
    SparseMatrix m = SparseMatrix.builder(2, 3).add(0, 2, 1.5).add(1, 1, -2).build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean[] closed = {false};
    java.io.FilterOutputStream out =
        new java.io.FilterOutputStream(bytes) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    Npz.write(m, out, Npz.Options.defaults());
    assertThat(closed[0]).isFalse();
    Path file = tmp.resolve("defaults.npz");
    Npz.write(m, file);
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes.toByteArray());
    assertThat(Npz.Options.defaults())
        .isEqualTo(
            new Npz.Options(
                Npz.Format.CSR,
                Npz.IndexType.INT32,
                Npz.DataType.FLOAT64,
                ByteOrder.LITTLE_ENDIAN,
                true));
  }

  // ------------------------------------------------------------------ the reference file

  private static Path reference() {
    try {
      return Path.of(NpzTest.class.getResource("/lastfm-seed/artist_user_mtrx.npz").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void read_referenceMatrix() throws IOException {
    SparseMatrix m = Npz.read(reference());
    assertThat(m.rows()).isEqualTo(1000);
    assertThat(m.columns()).isEqualTo(9994);
    assertThat(m.nonZeros()).isEqualTo(293_439);
    double[] columnMax = new double[m.columns()];
    for (int r = 0; r < m.rows(); r++) {
      for (int p = m.rowStart(r); p < m.rowEnd(r); p++) {
        double v = m.valueAt(p);
        assertThat(v)
            .as("value at (%d, %d)", r, m.columnAt(p))
            .isGreaterThan(0)
            .isLessThanOrEqualTo(1);
        columnMax[m.columnAt(p)] = Math.max(columnMax[m.columnAt(p)], v);
      }
    }
    // Every user's column was divided by its maximum, so each column's maximum is 1 up to the
    // rounding of that division: SciPy reads 8,799 of the 9,994 maxima as exactly 1.0 and the
    // others as 1 - 2^-53 (see src/test/resources/npz/README.md).
    int exact = 0;
    for (int c = 0; c < m.columns(); c++) {
      assertThat(columnMax[c]).as("max of column %d", c).isIn(1.0, Math.nextDown(1.0));
      exact += columnMax[c] == 1.0 ? 1 : 0;
    }
    assertThat(exact).isEqualTo(8_799);
    try (InputStream in = Files.newInputStream(reference())) {
      assertThat(Npz.read(in)).isEqualTo(m);
    }
  }

  /**
   * Writing the reference matrix back as SciPy laid it out (CSC, int32, float64, little-endian)
   * gives, array by array, the very bytes SciPy wrote: the writer matches numpy.save's layout.
   */
  @Test
  void write_referenceMatrixAsCsc_reproducesScipysArrayBytes() throws IOException {
    SparseMatrix m = Npz.read(reference());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Npz.write(m, bytes, Npz.Options.defaults().withFormat(Npz.Format.CSC));
    Map<String, byte[]> ours = unzip(bytes.toByteArray());
    Map<String, byte[]> scipys = unzip(Files.readAllBytes(reference()));
    assertThat(ours.keySet()).containsExactlyInAnyOrderElementsOf(scipys.keySet());
    for (String name : scipys.keySet()) {
      assertThat(ours.get(name)).as(name).isEqualTo(scipys.get(name));
    }
  }

  // ------------------------------------------------------------------ golden SciPy fixtures

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "csr-int64-be-float32-stored.npz",
        "csc-int32-float64-compressed.npz",
        "csr-npy-v2-v3-int64-data.npz",
        "csr-bool.npz"
      })
  void golden_readsWhatScipyReads(String fixture) throws IOException, URISyntaxException {
    Path file = Path.of(NpzTest.class.getResource("/npz/" + fixture).toURI());
    Path tsv = Path.of(NpzTest.class.getResource("/npz/" + fixture + ".expected.tsv").toURI());
    List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
    double[][] expected = new double[lines.size()][];
    for (int r = 0; r < lines.size(); r++) {
      expected[r] =
          Arrays.stream(lines.get(r).split("\t")).mapToDouble(Double::parseDouble).toArray();
    }
    SparseMatrix m = Npz.read(file);
    assertThat(dense(m)).isEqualTo(expected);
    try (InputStream in = Files.newInputStream(file)) {
      assertThat(Npz.read(in)).isEqualTo(m);
    }
  }

  @Test
  void golden_cscWithDuplicates_isCanonicalised() throws IOException, URISyntaxException {
    Path file = Path.of(NpzTest.class.getResource("/npz/csc-int32-float64-compressed.npz").toURI());
    SparseMatrix m = Npz.read(file);
    // 7 stored entries, two of them at (0, 2): summed into one.
    assertThat(m.nonZeros()).isEqualTo(6);
    assertThat(m.get(0, 2)).isEqualTo(-2.25);
    assertThat(m.copyRowPointers()).containsExactly(0, 3, 3, 6);
    assertThat(m.copyColumnIndices()).containsExactly(0, 2, 4, 0, 1, 4);
  }

  private static double[][] dense(SparseMatrix m) {
    double[][] d = new double[m.rows()][m.columns()];
    for (int r = 0; r < m.rows(); r++) {
      for (int p = m.rowStart(r); p < m.rowEnd(r); p++) {
        d[r][m.columnAt(p)] += m.valueAt(p);
      }
    }
    return d;
  }

  // ------------------------------------------------------------------ hand-built variants

  /** The valid 2 x 3 CSR matrix [[1, 0, 2], [0, 0, 3]], as hand-written .npy entries. */
  private static Map<String, byte[]> validEntries() {
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("indices.npy", npy(1, dict("<i4", "(3,)"), ints(ByteOrder.LITTLE_ENDIAN, 4, 0, 2, 2)));
    e.put("indptr.npy", npy(1, dict("<i4", "(3,)"), ints(ByteOrder.LITTLE_ENDIAN, 4, 0, 2, 3)));
    e.put("format.npy", npy(1, dict("|S3", "()"), "csr".getBytes(StandardCharsets.US_ASCII)));
    e.put("shape.npy", npy(1, dict("<i8", "(2,)"), ints(ByteOrder.LITTLE_ENDIAN, 8, 2, 3)));
    e.put("data.npy", npy(1, dict("<f8", "(3,)"), doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3)));
    return e;
  }

  private static final double[][] VALID_DENSE = {{1, 0, 2}, {0, 0, 3}};

  @Test
  void read_shapePastTheLargestArray_isFormatErrorNotNegativeArraySize() throws IOException {
    // An empty CSC matrix of 2^31 - 1 rows: its CSR form would need 2^31 row pointers.
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("indices.npy", npy(1, dict("<i4", "(0,)"), new byte[0]));
    e.put("indptr.npy", npy(1, dict("<i4", "(2,)"), ints(ByteOrder.LITTLE_ENDIAN, 4, 0, 0)));
    e.put("format.npy", npy(1, dict("|S3", "()"), "csc".getBytes(StandardCharsets.US_ASCII)));
    e.put("shape.npy", npy(1, dict("<i8", "(2,)"),
        ints(ByteOrder.LITTLE_ENDIAN, 8, Integer.MAX_VALUE, 1)));
    e.put("data.npy", npy(1, dict("<f8", "(0,)"), new byte[0]));
    assertFormatError(zip(e, false), "shape", "rows must be in [0, 2147483638], was 2147483647");
  }

  @Test
  void read_unsortedRowsOfAHugeWidth_needNoColumnSizedArray() throws IOException {
    // 1.5 billion columns and one unsorted row: counting by column would allocate 6 GB.
    Map<String, byte[]> e = validEntries();
    e.put("indices.npy", npy(1, dict("<i4", "(3,)"),
        ints(ByteOrder.LITTLE_ENDIAN, 4, 1_400_000_000, 0, 7)));
    e.put("shape.npy", npy(1, dict("<i8", "(2,)"),
        ints(ByteOrder.LITTLE_ENDIAN, 8, 2, 1_500_000_000)));
    // The reader needs no column-sized array; the column limit guards the index built from the
    // matrix, so a caller who wants such a matrix raises it.
    String key = io.playknn.internal.LoadLimits.MIN_COLUMNS_PROPERTY;
    System.setProperty(key, "1500000000");
    SparseMatrix m;
    try {
      m = readBytes(zip(e, true));
    } finally {
      System.clearProperty(key);
    }
    assertThatThrownBy(() -> readBytes(zip(e, true)))
        .isInstanceOf(NpzFormatException.class)
        .hasMessageContaining("columns must be at most 4194304");
    assertThat(m.columns()).isEqualTo(1_500_000_000);
    assertThat(m.rowNonZeros(0)).isEqualTo(2);
    assertThat(m.columnAt(m.rowStart(0))).isZero();
    assertThat(m.columnAt(m.rowStart(0) + 1)).isEqualTo(1_400_000_000);
    assertThat(m.valueAt(m.rowStart(0))).isEqualTo(2.0);
    assertThat(m.get(1, 7)).isEqualTo(3.0);
  }

  @Test
  void read_handBuiltArchive_storedAndDeflated() throws IOException {
    assertThat(dense(readBytes(zip(validEntries(), false)))).isEqualTo(VALID_DENSE);
    assertThat(dense(readBytes(zip(validEntries(), true)))).isEqualTo(VALID_DENSE);
  }

  @Test
  void read_acceptedVariants() throws IOException {
    Map<String, byte[]> e = validEntries();
    // Fortran order is the same bytes for a 1-D array.
    e.put(
        "data.npy",
        npy(
            1,
            "{'descr': '>f8', 'fortran_order': True, 'shape': (3,), }",
            doubles(ByteOrder.BIG_ENDIAN, 1, 2, 3)));
    // SciPy < 1.0 could store the format as unicode; double quotes and no trailing comma are
    // valid Python too.
    e.put(
        "format.npy",
        npy(
            2,
            "{\"descr\": \"<U3\", \"shape\": (), \"fortran_order\": False}",
            ints(ByteOrder.LITTLE_ENDIAN, 4, 'c', 's', 'r')));
    // An entry name without .npy is what numpy.load also accepts; int32 shape.
    e.remove("shape.npy");
    e.put("shape", npy(3, dict("<i4", "(2,)"), ints(ByteOrder.LITTLE_ENDIAN, 4, 2, 3)));
    e.put("unrelated.npy", new byte[] {1, 2, 3});
    assertThat(dense(readBytes(zip(e, true)))).isEqualTo(VALID_DENSE);
  }

  @Test
  void read_int32AndBoolData() throws IOException {
    Map<String, byte[]> e = validEntries();
    e.put("data.npy", npy(1, dict(">i4", "(3,)"), ints(ByteOrder.BIG_ENDIAN, 4, 1, 2, 3)));
    assertThat(dense(readBytes(zip(e, false)))).isEqualTo(VALID_DENSE);
    e.put("data.npy", npy(1, dict("|b1", "(3,)"), new byte[] {1, 0, 1}));
    assertThat(dense(readBytes(zip(e, false)))).isEqualTo(new double[][] {{1, 0, 0}, {0, 0, 1}});
  }

  // ------------------------------------------------------------------ corrupt files

  @Test
  void read_notAZip() throws IOException {
    byte[] text = "index\tartist\n0\tthe beatles\n".getBytes(StandardCharsets.UTF_8);
    assertFormatError(text, null, "not a zip archive");
    assertFormatError(new byte[0], null, "not a zip archive");
  }

  @Test
  void read_truncatedZip() throws IOException {
    byte[] whole = zip(validEntries(), true);
    // Through the central directory (Path): any cut fails.
    for (int cut : new int[] {10, 40, whole.length / 2, whole.length - 30, whole.length - 1}) {
      Path file = tmp.resolve("cut" + cut + ".npz");
      Files.write(file, Arrays.copyOf(whole, cut));
      NpzFormatException e = catchThrowableOfType(NpzFormatException.class, () -> Npz.read(file));
      assertThat(e).as("cut at %d of %d", cut, whole.length).isNotNull();
      assertThat(e.getMessage()).startsWith(file.toString()).contains("truncated");
    }
    // Entry by entry (stream): a cut inside an entry names that entry's array.
    byte[] stored = zip(validEntries(), false);
    int inData = indexOf(stored, "data.npy".getBytes(StandardCharsets.US_ASCII)) + 100;
    NpzFormatException e =
        catchThrowableOfType(
            NpzFormatException.class,
            () -> Npz.read(new ByteArrayInputStream(Arrays.copyOf(stored, inData))));
    assertThat(e).isNotNull();
    assertThat(e.array()).hasValue("data");
    assertThat(e.getMessage()).startsWith("data: ").containsAnyOf("truncated", "unexpected EOF");
    byte[] deflated = zip(validEntries(), true);
    int inIndptr = indexOf(deflated, "indptr.npy".getBytes(StandardCharsets.US_ASCII)) + 20;
    e =
        catchThrowableOfType(
            NpzFormatException.class,
            () -> Npz.read(new ByteArrayInputStream(Arrays.copyOf(deflated, inIndptr))));
    assertThat(e).isNotNull();
    assertThat(e.array()).hasValue("indptr");
  }

  @Test
  void read_corruptDeflateStream_namesTheArray() throws IOException {
    byte[] bytes = zip(validEntries(), true);
    int at = indexOf(bytes, "data.npy".getBytes(StandardCharsets.US_ASCII)) + 8 + 10;
    for (int i = 0; i < 8; i++) {
      bytes[at + i] ^= (byte) 0x5a;
    }
    assertFormatError(bytes, "data", "corrupt");
  }

  @Test
  void read_missingArray() throws IOException {
    Map<String, byte[]> e = validEntries();
    e.remove("indptr.npy");
    assertFormatError(zip(e, true), "indptr", "missing array", "indptr.npy");
  }

  @Test
  void read_duplicateArray() throws IOException {
    Map<String, byte[]> e = validEntries();
    e.put("data", e.get("data.npy"));
    assertFormatError(zip(e, true), "data", "more than one entry");
  }

  static Stream<Arguments> inconsistentArrays() {
    return Stream.of(
        Arguments.of(
            "indptr", ints(ByteOrder.LITTLE_ENDIAN, 4, 0, 3, 2), "indptr", "non-decreasing"),
        Arguments.of(
            "indptr",
            ints(ByteOrder.LITTLE_ENDIAN, 4, 1, 2, 3),
            "indptr",
            "indptr[0] must be 0, was 1"),
        Arguments.of(
            "indptr",
            ints(ByteOrder.LITTLE_ENDIAN, 4, 0, 2, 2),
            "indptr",
            "must equal the number of stored entries 3"),
        Arguments.of(
            "indptr", ints(ByteOrder.LITTLE_ENDIAN, 4, 0, 2, 3, 3), "indptr", "length must be 3"),
        Arguments.of(
            "indices",
            ints(ByteOrder.LITTLE_ENDIAN, 4, 0, 3, 2),
            "indices",
            "position 1 must be in [0, 3)"),
        Arguments.of("indices", ints(ByteOrder.LITTLE_ENDIAN, 4, 0, -1, 2), "indices", "was -1"),
        Arguments.of(
            "indices",
            ints(ByteOrder.LITTLE_ENDIAN, 4, 0, 2),
            "data",
            "length must equal the length of indices 2"),
        Arguments.of(
            "data",
            doubles(ByteOrder.LITTLE_ENDIAN, 1, Double.NaN, 3),
            "data",
            "position 1 must be finite, was NaN"),
        Arguments.of(
            "data",
            doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, Double.POSITIVE_INFINITY),
            "data",
            "Infinity"),
        Arguments.of(
            "shape",
            ints(ByteOrder.LITTLE_ENDIAN, 8, 3, 3),
            "indptr",
            "length must be 4 (rows + 1 of a 3 x 3 csr matrix), was 3"),
        Arguments.of(
            "shape",
            ints(ByteOrder.LITTLE_ENDIAN, 8, -2, 3),
            "shape",
            "rows must be in [0, 2147483638], was -2"),
        Arguments.of(
            "shape",
            ints(ByteOrder.LITTLE_ENDIAN, 8, 2, 1L << 33),
            "shape",
            "columns must be in [0, 2147483638], was 8589934592"));
  }

  @ParameterizedTest(name = "{0} -> {2}: {3}")
  @MethodSource("inconsistentArrays")
  void read_inconsistentArrays(String array, byte[] payload, String blamed, String reason)
      throws IOException {
    Map<String, byte[]> e = validEntries();
    String descr = array.equals("data") ? "<f8" : array.equals("shape") ? "<i8" : "<i4";
    int itemSize = array.equals("data") || array.equals("shape") ? 8 : 4;
    e.put(array + ".npy", npy(1, dict(descr, "(" + payload.length / itemSize + ",)"), payload));
    assertFormatError(zip(e, true), blamed, reason);
  }

  @Test
  void read_cooFormat() throws IOException {
    Map<String, byte[]> e = validEntries();
    e.put("format.npy", npy(1, dict("|S3", "()"), "coo".getBytes(StandardCharsets.US_ASCII)));
    assertFormatError(zip(e, true), "format", "'coo'", "only csr and csc are supported");
  }

  @Test
  void read_badMagic() throws IOException {
    Map<String, byte[]> e = validEntries();
    byte[] indptr = e.get("indptr.npy");
    indptr[1] = 'X';
    assertFormatError(zip(e, true), "indptr", "bad magic", "93 58 55 4d 50 59");
    e.put("indptr.npy", new byte[0]);
    assertFormatError(zip(e, true), "indptr", "bad magic", "empty entry");
  }

  static Stream<Arguments> badHeaders() {
    return Stream.of(
        Arguments.of("{'descr': '<i4', 'fortran_order': False, }", "key 'shape' is missing"),
        Arguments.of(
            "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), 'x': 1, }",
            "expected a string, True, False or a tuple"),
        Arguments.of(
            "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), 'x': 'y', }",
            "unexpected key 'x'"),
        Arguments.of(
            "{'descr': '<i4', 'descr': '<i4', 'fortran_order': False, 'shape': (3,), }",
            "duplicate key 'descr'"),
        Arguments.of(
            "{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (3,), }",
            "expected a string, True, False or a tuple"),
        Arguments.of(
            "{'descr': (3,), 'fortran_order': False, 'shape': (3,), }",
            "'descr' must be a dtype string"),
        Arguments.of(
            "{'descr': '<i4', 'fortran_order': 'no', 'shape': (3,), }",
            "'fortran_order' must be True or False"),
        Arguments.of(
            "{'descr': '<i4', 'fortran_order': False, 'shape': (3), }", "(3) is not a tuple"),
        Arguments.of(
            "{'descr': '<i4', 'fortran_order': False, 'shape': (-3,), }",
            "expected a non-negative integer"),
        Arguments.of(
            "{'descr': '<i4', 'fortran_order': False, 'shape': '(3,)', }",
            "'shape' must be a tuple"),
        Arguments.of(
            "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), } extra",
            "unexpected text after the dictionary"),
        Arguments.of(
            "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), ",
            "unexpected end of the header"),
        Arguments.of(
            "{'descr': '<i4, 'fortran_order': False, 'shape': (3,), }", "expected ',' or '}'"),
        Arguments.of("{'descr' '<i4', 'fortran_order': False, 'shape': (3,), }", "expected ':'"),
        Arguments.of(
            "{'descr': '<i4', 'fortran_order': False, 'shape': (99999999999999999999,), }",
            "too large"),
        Arguments.of("not a dict", "expected '{'"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badHeaders")
  void read_badHeaderDict(String header, String reason) throws IOException {
    Map<String, byte[]> e = validEntries();
    e.put("indptr.npy", npy(1, header, ints(ByteOrder.LITTLE_ENDIAN, 4, 0, 2, 3)));
    assertFormatError(zip(e, true), "indptr", "bad .npy header", reason);
  }

  @Test
  void read_headerFraming() throws IOException {
    Map<String, byte[]> e = validEntries();
    byte[] noNewline = e.get("indptr.npy").clone();
    noNewline[(noNewline[8] & 0xff) + 9] = ' '; // the newline ending the header
    e.put("indptr.npy", noNewline);
    assertFormatError(zip(e, true), "indptr", "must end with a newline");

    e = validEntries();
    byte[] v4 = e.get("indptr.npy").clone();
    v4[6] = 4;
    e.put("indptr.npy", v4);
    assertFormatError(zip(e, true), "indptr", "unsupported .npy format version 4.0");

    e = validEntries();
    ByteBuffer huge = ByteBuffer.allocate(12 + 64).order(ByteOrder.LITTLE_ENDIAN);
    huge.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(2_000_000_000);
    e.put("indptr.npy", huge.array());
    assertFormatError(zip(e, true), "indptr", "header length must be <= 10000", "2000000000");

    e = validEntries();
    byte[] latin = npy(3, dict("<i4", "(3,)"), ints(ByteOrder.LITTLE_ENDIAN, 4, 0, 2, 3));
    latin[20] = (byte) 0xff; // inside the header: not UTF-8
    e.put("indptr.npy", latin);
    assertFormatError(zip(e, true), "indptr", "not valid UTF-8");

    e = validEntries();
    e.put("indptr.npy", Arrays.copyOf(e.get("indptr.npy"), 40));
    assertFormatError(zip(e, true), "indptr", "truncated .npy header");
  }

  static Stream<Arguments> unsupportedDtypes() {
    return Stream.of(
        Arguments.of("data", "<c16", "unsupported dtype '<c16'"),
        Arguments.of("data", "<f2", "unsupported dtype '<f2'"),
        Arguments.of("data", "|O", "unsupported dtype '|O'"),
        Arguments.of("data", "=f8", "native byte order '='"),
        Arguments.of("data", "|f8", "no byte order ('|')"),
        Arguments.of("data", "<S8", "unsupported dtype '<S8'"),
        Arguments.of("indices", "<f8", "unsupported dtype '<f8' (expected int32 or int64)"),
        Arguments.of("indptr", "<u4", "unsupported dtype '<u4'"),
        Arguments.of("shape", "<f8", "unsupported dtype '<f8'"),
        Arguments.of("format", "<i4", "unsupported dtype '<i4'"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("unsupportedDtypes")
  void read_unsupportedDtype(String array, String descr, String reason) throws IOException {
    Map<String, byte[]> e = validEntries();
    e.put(array + ".npy", npy(1, dict(descr, "(2,)"), new byte[32]));
    assertFormatError(zip(e, true), array, reason);
  }

  @Test
  void read_wrongDimensions() throws IOException {
    Map<String, byte[]> e = validEntries();
    e.put("data.npy", npy(1, dict("<f8", "(3, 1)"), doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3)));
    assertFormatError(zip(e, true), "data", "expected a 1-D array, header shape is (3, 1)");
    e = validEntries();
    e.put("shape.npy", npy(1, dict("<i8", "(3,)"), ints(ByteOrder.LITTLE_ENDIAN, 8, 2, 3, 4)));
    assertFormatError(zip(e, true), "shape", "expected 2 elements");
    e = validEntries();
    e.put("format.npy", npy(1, dict("|S3", "(1,)"), "csr".getBytes(StandardCharsets.US_ASCII)));
    assertFormatError(zip(e, true), "format", "expected a 0-d array");
  }

  @Test
  void read_int64IndexBeyondInt() throws IOException {
    Map<String, byte[]> e = validEntries();
    e.put(
        "indices.npy",
        npy(1, dict("<i8", "(3,)"), ints(ByteOrder.LITTLE_ENDIAN, 8, 0, 1L << 33, 2)));
    assertFormatError(zip(e, true), "indices", "value 8589934592 at position 1 does not fit");
  }

  /**
   * Headers that declare far more data than the entry holds fail with the typed error after reading
   * what is there. Eagerly allocating the declared size would need 16 GB (double[]) or 8 GB (int[])
   * and fail with OutOfMemoryError under the test heap, not NpzFormatException.
   */
  @Test
  void read_forgedShape_failsWithoutHugeAllocation() throws IOException {
    Map<String, byte[]> e = validEntries();
    e.put(
        "data.npy",
        npy(1, dict("<f8", "(1099511627776,)"), doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3)));
    assertFormatError(zip(e, true), "data", "(1099511627776,)", "more elements than");

    e = validEntries();
    e.put(
        "data.npy",
        npy(1, dict("<f8", "(2147483000,)"), doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3)));
    assertFormatError(zip(e, true), "data", "truncated", "needs 17179864000 bytes", "holds 24");

    e = validEntries();
    e.put(
        "indices.npy",
        npy(1, dict(">i4", "(2000000000,)"), ints(ByteOrder.BIG_ENDIAN, 4, 0, 2, 2)));
    assertFormatError(zip(e, false), "indices", "truncated", "needs 8000000000 bytes", "holds 12");
  }

  @Test
  void read_moreBytesThanTheHeaderDeclares() throws IOException {
    Map<String, byte[]> e = validEntries();
    e.put("data.npy", npy(1, dict("<f8", "(3,)"), doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4)));
    assertFormatError(zip(e, true), "data", "more than the 24 bytes");
  }

  // ------------------------------------------------------------------ helpers

  private SparseMatrix readBytes(byte[] bytes) throws IOException {
    SparseMatrix viaStream = Npz.read(new ByteArrayInputStream(bytes));
    Path file = Files.createTempFile(tmp, "m", ".npz");
    Files.write(file, bytes);
    assertThat(Npz.read(file)).isEqualTo(viaStream);
    return viaStream;
  }

  /** Asserts both readers (Path, InputStream) fail with the typed error naming array and reason. */
  private void assertFormatError(byte[] bytes, String array, String... reason) throws IOException {
    Path file = Files.createTempFile(tmp, "bad", ".npz");
    Files.write(file, bytes);
    NpzFormatException viaPath =
        catchThrowableOfType(NpzFormatException.class, () -> Npz.read(file));
    NpzFormatException viaStream =
        catchThrowableOfType(
            NpzFormatException.class, () -> Npz.read(new ByteArrayInputStream(bytes)));
    for (NpzFormatException e :
        List.of(
            viaPath == null ? missing("Path") : viaPath,
            viaStream == null ? missing("InputStream") : viaStream)) {
      if (array == null) {
        assertThat(e.array()).as(e.getMessage()).isEmpty();
      } else {
        assertThat(e.array()).as(e.getMessage()).hasValue(array);
        assertThat(e.getMessage()).contains(array + ": ");
      }
      assertThat(e.getMessage()).contains(reason);
    }
    assertThat(viaPath.getMessage()).startsWith(file + ": ");
    if (array != null) {
      assertThat(viaPath.getMessage()).isEqualTo(file + ": " + viaStream.getMessage());
    }
  }

  private static NpzFormatException missing(String how) {
    throw new AssertionError("reading via " + how + " did not throw NpzFormatException");
  }

  static String dict(String descr, String shape) {
    return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  }

  /** A .npy file: magic, version, length, header padded to 64 bytes with a newline, payload. */
  static byte[] npy(int major, String dict, byte[] payload) {
    int prefix = 8 + (major == 1 ? 2 : 4);
    String header = dict + " ".repeat(63 - (prefix + dict.length()) % 64) + "\n";
    byte[] h = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    ByteBuffer b =
        ByteBuffer.allocate(prefix + h.length + payload.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    if (major == 1) {
      b.putShort((short) h.length);
    } else {
      b.putInt(h.length);
    }
    return b.put(h).put(payload).array();
  }

  static byte[] ints(ByteOrder order, int itemSize, long... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * itemSize).order(order);
    for (long v : values) {
      if (itemSize == 8) {
        b.putLong(v);
      } else {
        b.putInt((int) v);
      }
    }
    return b.array();
  }

  static byte[] doubles(ByteOrder order, double... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(order);
    for (double v : values) {
      b.putDouble(v);
    }
    return b.array();
  }

  static byte[] zip(Map<String, byte[]> entries, boolean deflate) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipEntry entry = new ZipEntry(e.getKey());
        if (!deflate) {
          CRC32 crc = new CRC32();
          crc.update(e.getValue());
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(e.getValue().length);
          entry.setCompressedSize(e.getValue().length);
          entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static Map<String, byte[]> unzip(byte[] bytes) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        out.put(e.getName(), zip.readAllBytes());
      }
    }
    return out;
  }

  private static final Pattern DESCR =
      Pattern.compile("'descr': '([^']*)'.*'shape': (\\([^)]*\\))");

  private static List<String> descrAndShape(byte[] npy) {
    String header =
        new String(npy, 10, (npy[8] & 0xff) | (npy[9] & 0xff) << 8, StandardCharsets.ISO_8859_1);
    Matcher m = DESCR.matcher(header);
    assertThat(m.find()).as(header).isTrue();
    return List.of(m.group(1), m.group(2));
  }

  private static byte[] payload(byte[] npy) {
    int headerLength = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
    return Arrays.copyOfRange(npy, 10 + headerLength, npy.length);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
