package io.playknn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.RandomMatrices;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KnnModelTest {
  @TempDir Path dir;

  static Stream<Arguments> providersAndMetrics() {
    return NearestNeighbors.providerNames().stream()
        .flatMap(p -> Stream.of(Metric.values()).map(m -> Arguments.of(p, m)));
  }

  private static List<String> names(int n) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Non-ASCII and empty names exercise the UTF-8 string lists.
      names.add(i == 1 ? "" : i % 3 == 0 ? "sigur rós " + i : "植松伸夫 " + i);
    }
    return names;
  }

  static KnnModel small() {
    SparseMatrix m = SparseMatrix.builder(5, 4)
        .add(0, 0, 1).add(0, 1, 0.5)
        .add(1, 1, 2)
        .add(3, 2, 1.25).add(3, 3, 1)
        .add(4, 0, 1).add(4, 3, 3)
        .build();
    return KnnModel.fit(
        m, KnnOptions.builder().neighbors(2).threads(1).build(),
        List.of("a", "b", "ç", "d", "e"), List.of("u0", "u1", "u2", "u3"));
  }

  static byte[] bytes(KnnModel model) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    model.write(out);
    return out.toByteArray();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("providersAndMetrics")
  void saveLoad_roundTripsExactlyForEveryProvider(String provider, Metric metric) throws IOException {
    long seed = 20261128L + provider.hashCode() + metric.ordinal();
    SparseMatrix m = RandomMatrices.withTies(seed, 60, 25, 0.2);
    KnnOptions options = KnnOptions.builder().algorithm(provider).metric(metric).neighbors(7)
        .threads(2).build();
    List<String> users = new ArrayList<>();
    for (int c = 0; c < m.columns(); c++) {
      users.add("user-" + c);
    }
    KnnModel saved = KnnModel.fit(m, options, names(m.rows()), users);
    Path file = dir.resolve("m" + KnnModel.EXTENSION);
    saved.save(file);

    KnnModel loaded = KnnModel.load(file);

    assertThat(loaded.items()).as("seed %d", seed).isEqualTo(m);
    assertThat(loaded.options()).isEqualTo(options);
    assertThat(loaded.itemNames()).isEqualTo(saved.itemNames());
    assertThat(loaded.userIds()).contains(users);
    assertThat(loaded.index().options().algorithm()).isEqualTo(provider);
    assertThat(loaded.index().kneighborsAll(7)).as("seed %d", seed)
        .isEqualTo(saved.index().kneighborsAll(7));
    SparseVector query = m.row(3);
    assertThat(loaded.index().kneighbors(query, 10)).isEqualTo(saved.index().kneighbors(query, 10));
    // The in-memory reader agrees with the memory-mapped one.
    assertThat(KnnModel.read(ByteBuffer.wrap(Files.readAllBytes(file))).items()).isEqualTo(m);
  }

  /**
   * Sections larger than the writer's 1 MiB buffer (2.4 MB of values, 1.6 MB of table distances)
   * round-trip exactly, and saving reads the matrix entry by entry: a matrix whose bulk copies
   * fail once the model is fitted still saves.
   */
  @Test
  void save_sectionsLargerThanTheBufferWithoutCopyingTheMatrix_roundTrip() throws IOException {
    SparseMatrix m = RandomMatrices.withTies(20261129L, 1_000, 1_500, 0.2);
    assertThat(8L * m.nonZeros()).isGreaterThan(2L << 20);
    NoCopies items = new NoCopies(m);
    KnnModel saved =
        KnnModel.fit(items, KnnOptions.builder().threads(2).build(), names(m.rows()))
            .withNeighborTable(200);
    items.fitted = true;
    Path file = dir.resolve("big" + KnnModel.EXTENSION);
    saved.save(file);

    KnnModel loaded = KnnModel.load(file);

    assertThat(loaded.items()).isEqualTo(m);
    assertThat(loaded.neighborTable()).isEqualTo(saved.neighborTable());
    assertThat(8L * loaded.neighborTable().orElseThrow().totalCount()).isGreaterThan(1L << 20);
  }

  /**
   * A section over the format's limit is refused before any section is read: the matrix below
   * claims 300M non-zeros once fitted, and reading its entries would fail.
   */
  @Test
  void save_sectionOverTheLimit_isRefusedBeforeReadingAnySection() throws IOException {
    SparseMatrix m = RandomMatrices.withTies(5L, 20, 10, 0.3);
    NoCopies items = new NoCopies(m);
    KnnModel model = KnnModel.fit(items, KnnOptions.defaults(), names(m.rows()));
    items.fitted = true;
    items.claimedNonZeros = 300_000_000;
    Path file = dir.resolve("over" + KnnModel.EXTENSION);

    assertThatThrownBy(() -> model.save(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "section VALUES would be 2400000000 bytes; the format allows at most "
                + ModelFormat.MAX_SECTION_BYTES);
    assertThat(file).doesNotExist();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).as("no temporary file left").isEmpty();
    }
  }

  /**
   * A matrix that refuses bulk copies once {@link #fitted} is set, and then reports {@link
   * #claimedNonZeros} non-zeros if set.
   */
  private static final class NoCopies implements SparseMatrix {
    private final SparseMatrix m;
    boolean fitted;
    int claimedNonZeros;

    NoCopies(SparseMatrix m) {
      this.m = m;
    }

    private void refuseAfterFit() {
      if (fitted) {
        throw new UnsupportedOperationException("bulk copy while saving");
      }
    }

    @Override public int rows() { return m.rows(); }
    @Override public int columns() { return m.columns(); }
    @Override public int nonZeros() { return claimedNonZeros > 0 ? claimedNonZeros : m.nonZeros(); }
    @Override public int rowStart(int row) { return m.rowStart(row); }
    @Override public int rowEnd(int row) { return m.rowEnd(row); }
    @Override public int columnAt(int position) { return m.columnAt(position); }
    @Override public double valueAt(int position) { return m.valueAt(position); }
    @Override public double get(int row, int column) { return m.get(row, column); }
    @Override public SparseVector row(int row) { return m.row(row); }
    @Override public SparseMatrix transpose() { return m.transpose(); }
    @Override public SparseMatrix normalizeRows() { return m.normalizeRows(); }
    @Override public double[] rowNorms() { return m.rowNorms(); }
    @Override public double[] rowSums() { return m.rowSums(); }
    @Override public double[] columnSums() { return m.columnSums(); }
    @Override public SparseMatrix scaleColumnsByMax() { return m.scaleColumnsByMax(); }

    @Override
    public SparseMatrix mapValues(java.util.function.DoubleUnaryOperator f) {
      return m.mapValues(f);
    }

    @Override
    public int[] copyRowPointers() {
      refuseAfterFit();
      return m.copyRowPointers();
    }

    @Override
    public int[] copyColumnIndices() {
      refuseAfterFit();
      return m.copyColumnIndices();
    }

    @Override
    public double[] copyValues() {
      refuseAfterFit();
      return m.copyValues();
    }
  }

  /** Written by docs/pknn.py (an independent Python writer following docs/MODEL_FORMAT.md). */
  @Test
  void load_fileWrittenByPythonFromTheSpec_readsAsWritten() throws Exception {
    Path file = Path.of(KnnModelTest.class.getResource("/model/python-written.pknn").toURI());
    KnnModel m = KnnModel.load(file);
    SparseMatrix expected = SparseMatrix.builder(3, 4)
        .add(0, 0, 1).add(0, 2, 2).add(2, 1, 0.5).add(2, 3, -1.25).build();
    assertThat(m.items()).isEqualTo(expected);
    assertThat(m.options()).isEqualTo(KnnOptions.builder().algorithm("ball_tree")
        .metric(Metric.EUCLIDEAN).neighbors(2).parameter("leaf_size", "30").build());
    assertThat(m.itemNames()).containsExactly("björk", "", "植松伸夫");
    assertThat(m.userIds()).contains(List.of("u0", "u1", "u2", "u3"));
    // Java writes the same bytes for the same model.
    assertThat(bytes(m)).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void read_withoutUserIds_hasNone() throws IOException {
    KnnModel model = KnnModel.fit(small().items(), KnnOptions.defaults(), small().itemNames());
    KnnModel back = KnnModel.read(ByteBuffer.wrap(bytes(model)));
    assertThat(back.userIds()).isEmpty();
    assertThat(back.options()).isEqualTo(KnnOptions.defaults());
  }

  @Test
  void write_followsTheDocumentedHeader() throws IOException {
    byte[] b = bytes(small());
    ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(Arrays.copyOf(b, 8))
        .containsExactly(0x89, 'P', 'K', 'N', 'N', 0x0D, 0x0A, 0x1A);
    assertThat(h.getShort(8)).isEqualTo((short) 1);
    assertThat(h.getShort(10)).isEqualTo((short) 0);
    assertThat(h.getInt(12)).isEqualTo(7); // shape, 3 CSR arrays, options, names, user ids
    assertThat(h.getLong(16)).isEqualTo(b.length);
    // First entry: MATRIX_SHAPE, required, right after the table, 16 bytes: 5, 4, 7.
    assertThat(h.getInt(32)).isEqualTo(1);
    assertThat(h.getInt(36)).isEqualTo(1);
    long offset = h.getLong(40);
    assertThat(offset).isEqualTo(32 + 32 * 7);
    assertThat(h.getLong(48)).isEqualTo(16);
    assertThat(h.getInt((int) offset)).isEqualTo(5);
    assertThat(h.getInt((int) offset + 4)).isEqualTo(4);
    assertThat(h.getLong((int) offset + 8)).isEqualTo(7);
  }

  @Test
  void read_truncatedAtEveryLength_isTypedError() throws IOException {
    byte[] b = bytes(small());
    for (int length = 0; length < b.length; length++) {
      ByteBuffer cut = ByteBuffer.wrap(b, 0, length);
      int at = length;
      ModelFormatException e =
          catchThrowableOfType(() -> KnnModel.read(cut), ModelFormatException.class);
      assertThat(e).as("truncated to %d of %d bytes", at, b.length).isNotNull();
      assertThat(e.getMessage()).as("length %d", at)
          .containsAnyOf("truncated", "shorter than the 32-byte header");
    }
  }

  @Test
  void load_truncatedFile_isTypedError() throws IOException {
    byte[] b = bytes(small());
    Path file = dir.resolve("cut.pknn");
    Files.write(file, Arrays.copyOf(b, b.length - 3));
    assertThatThrownBy(() -> KnnModel.load(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("header declares " + b.length + " bytes, file has " + (b.length - 3));
  }

  @Test
  void read_everyByteFlipped_isTypedError() throws IOException {
    byte[] original = bytes(small());
    for (int i = 0; i < original.length; i++) {
      for (int mask : new int[] {0x01, 0x80, 0xff}) {
        byte[] b = original.clone();
        b[i] ^= (byte) mask;
        int at = i;
        ModelFormatException e = catchThrowableOfType(
            () -> KnnModel.read(ByteBuffer.wrap(b)), ModelFormatException.class);
        assertThat(e).as("byte %d of %d xor 0x%02x", at, original.length, mask).isNotNull();
      }
    }
  }

  @Test
  void read_flippedSectionByte_namesSectionAndChecksums() throws IOException {
    byte[] b = bytes(small());
    Forger f = new Forger(b);
    int names = f.entryOf(6);
    b[(int) f.offset(names) + 5] ^= 0x20;
    ModelFormatException e = catchThrowableOfType(
        () -> KnnModel.read(ByteBuffer.wrap(b)), ModelFormatException.class);
    assertThat(e.section()).isEqualTo("ITEM_NAMES");
    assertThat(e.getMessage()).matches("ITEM_NAMES: CRC32C must be 0x[0-9a-f]{8}, was 0x[0-9a-f]{8} .*");
  }

  @Test
  void read_wrongMagicOrVersion_saysSo() throws IOException {
    byte[] b = bytes(small());
    b[1] = 'Q';
    assertThatThrownBy(() -> KnnModel.read(ByteBuffer.wrap(b)))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage("header: not a playknn model file: magic byte 1 must be 0x50, was 0x51");
    byte[] v = bytes(small());
    v[8] = 2;
    assertThatThrownBy(() -> KnnModel.read(ByteBuffer.wrap(v)))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("format version must be 1.x, was 2.0");
  }

  static Stream<Long> forgedLengths() {
    return Stream.of(1L << 31, -1L, -8L, Long.MAX_VALUE, Long.MIN_VALUE, (1L << 31) - 1, 1L << 40);
  }

  /** A section length forged with checksums recomputed, so only the length checks can catch it. */
  @ParameterizedTest(name = "length {0}")
  @MethodSource("forgedLengths")
  void read_forgedSectionLength_isTypedErrorWithoutLargeAllocation(long forged) throws IOException {
    for (int type = 1; type <= 7; type++) {
      byte[] b = bytes(small());
      Forger f = new Forger(b);
      f.setLength(f.entryOf(type), forged);
      f.fixHeaderCrc();
      assertRejectedWithBoundedAllocation(b, "length", "type " + type + " length " + forged);
    }
  }

  @ParameterizedTest(name = "count {0}")
  @MethodSource("forgedCounts")
  void read_forgedCounts_isTypedErrorWithoutLargeAllocation(int forged) throws IOException {
    // MATRIX_SHAPE rows, columns, non-zeros; string counts of OPTIONS and ITEM_NAMES; a string length.
    int[][] where = {{1, 0}, {1, 4}, {1, 8}, {5, 0}, {6, 0}, {6, 4}};
    for (int[] w : where) {
      byte[] b = bytes(small());
      Forger f = new Forger(b);
      int e = f.entryOf(w[0]);
      f.buffer.putInt((int) f.offset(e) + w[1], forged);
      f.fixSectionCrc(e);
      f.fixHeaderCrc();
      assertRejectedWithBoundedAllocation(b, "", "section " + w[0] + " +" + w[1] + " = " + forged);
    }
  }

  static Stream<Integer> forgedCounts() {
    return Stream.of(Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 1 << 28, 100_000);
  }

  @Test
  void read_forgedSectionCount_isTypedError() throws IOException {
    for (int count : new int[] {0, 65, -1, Integer.MAX_VALUE, 8}) {
      byte[] b = bytes(small());
      Forger f = new Forger(b);
      f.buffer.putInt(12, count);
      f.fixHeaderCrc();
      assertRejectedWithBoundedAllocation(b, "", "section count " + count);
    }
  }

  @Test
  void read_unknownRequiredSection_rejectedUnknownOptionalSkipped() throws IOException {
    byte[] b = bytes(small());
    Forger f = new Forger(b);
    int users = f.entryOf(7);
    f.buffer.putInt(32 + 32 * users, 99); // USER_IDS becomes an unknown optional type 99
    f.fixHeaderCrc();
    assertThat(KnnModel.read(ByteBuffer.wrap(b)).userIds()).isEmpty();
    f.buffer.putInt(32 + 32 * users + 4, 1); // now marked required
    f.fixHeaderCrc();
    assertThatThrownBy(() -> KnnModel.read(ByteBuffer.wrap(b)))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("section type 99: is marked required but this reader");
  }

  @Test
  void read_invalidMatrixWithValidChecksums_isTypedError() throws IOException {
    byte[] b = bytes(small());
    Forger f = new Forger(b);
    int e = f.entryOf(3); // a column index out of range
    f.buffer.putInt((int) f.offset(e), 4);
    f.fixSectionCrc(e);
    f.fixHeaderCrc();
    assertThatThrownBy(() -> KnnModel.read(ByteBuffer.wrap(b)))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("not a valid CSR matrix: column index at position 0 must be in [0, 4), was 4");
  }

  @Test
  void read_nonCanonicalMatrixRow_isTypedErrorNotSummedOrSorted() throws IOException {
    // Row 0 holds columns 0 and 1: make them (0, 0), which fromCsr would sum into one entry, and
    // (1, 0), which it would sort.
    int[][] forged = {{0, 0}, {1, 0}};
    for (int[] columns : forged) {
      byte[] b = bytes(small());
      Forger f = new Forger(b);
      int e = f.entryOf(3);
      f.buffer.putInt((int) f.offset(e), columns[0]);
      f.buffer.putInt((int) f.offset(e) + 4, columns[1]);
      f.fixSectionCrc(e);
      f.fixHeaderCrc();
      assertThatThrownBy(() -> KnnModel.read(ByteBuffer.wrap(b)))
          .isInstanceOf(ModelFormatException.class)
          .hasMessage("COLUMN_INDICES: must be strictly increasing within a row, but row 0 holds"
              + " column " + columns[0] + " before " + columns[1]);
    }
  }

  @Test
  void read_runtimeSettingOfAnEarlierWriter_isIgnoredNotObeyed() throws IOException {
    KnnModelTableTest.Sections s = KnnModelTableTest.Sections.parse(bytes(small()));
    s.replaceOption("algorithm", "brute");
    List<String> options = new ArrayList<>(s.strings(5));
    options.addAll(List.of("parameter.tile_size", "0", "threads", "100000"));
    s.replaceBody(5, KnnModelTableTest.Sections.stringList(options));
    KnnModel m = KnnModel.read(ByteBuffer.wrap(s.build()));
    assertThat(m.options().parameters()).doesNotContainKey("tile_size");
    assertThat(m.options().threads()).isEqualTo(KnnOptions.defaults().threads());
    // An unknown provider is the caller's class path, not the file: still IllegalArgumentException.
    KnnModelTableTest.Sections unknown = KnnModelTableTest.Sections.parse(bytes(small()));
    unknown.replaceOption("algorithm", "no_such_provider");
    byte[] u = unknown.build();
    assertThatThrownBy(() -> KnnModel.read(ByteBuffer.wrap(u)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no NearestNeighbors provider named \"no_such_provider\"");
  }

  @Test
  void randomGarbage_isTypedError() {
    long seed = 7L;
    SplittableRandom random = new SplittableRandom(seed);
    for (int trial = 0; trial < 200; trial++) {
      byte[] b = new byte[random.nextInt(400)];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) random.nextInt(256);
      }
      if (b.length >= 8 && random.nextBoolean()) {
        System.arraycopy(ModelFormat.MAGIC, 0, b, 0, 8);
      }
      assertThatThrownBy(() -> KnnModel.read(ByteBuffer.wrap(b)))
          .as("seed %d trial %d", seed, trial)
          .isInstanceOf(ModelFormatException.class);
    }
  }

  @Test
  void fit_nameCountMismatch_rejected() {
    assertThatThrownBy(() -> KnnModel.fit(small().items(), KnnOptions.defaults(), List.of("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("itemNames must have one name per row (5), had 1");
  }

  static void assertRejectedWithBoundedAllocation(byte[] b, String messagePart, String what) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    // A first, unmeasured read loads the classes on the path taken.
    catchThrowableOfType(() -> KnnModel.read(ByteBuffer.wrap(b)), ModelFormatException.class);
    long before = threads.getThreadAllocatedBytes(tid);
    Throwable t = catchThrowableOfType(
        () -> KnnModel.read(ByteBuffer.wrap(b)), ModelFormatException.class);
    long allocated = threads.getThreadAllocatedBytes(tid) - before;
    assertThat(t).as(what).isNotNull();
    assertThat(t.getMessage()).as(what).contains(messagePart);
    // Exception, message and stack trace included: far below what a forged length would allocate.
    assertThat(allocated).as("bytes allocated rejecting %s (file %d bytes)", what, b.length)
        .isLessThan(256 * 1024L);
  }

  /** Edits a model file by the documented layout and recomputes checksums. */
  static final class Forger {
    final ByteBuffer buffer;
    final int count;

    Forger(byte[] b) {
      buffer = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      count = buffer.getInt(12);
    }

    int entryOf(int type) {
      for (int i = 0; i < count; i++) {
        if (buffer.getInt(32 + 32 * i) == type) {
          return i;
        }
      }
      throw new AssertionError("no section of type " + type);
    }

    long offset(int entry) {
      return buffer.getLong(32 + 32 * entry + 8);
    }

    void setLength(int entry, long length) {
      buffer.putLong(32 + 32 * entry + 16, length);
    }

    void fixSectionCrc(int entry) {
      int offset = (int) offset(entry);
      int length = (int) buffer.getLong(32 + 32 * entry + 16);
      CRC32C crc = new CRC32C();
      crc.update(buffer.array(), offset, length);
      buffer.putInt(32 + 32 * entry + 24, (int) crc.getValue());
    }

    void fixHeaderCrc() {
      int n = Math.max(0, Math.min(count, (buffer.capacity() - 32) / 32));
      CRC32C crc = new CRC32C();
      crc.update(buffer.array(), 0, 28);
      crc.update(buffer.array(), 32, 32 * n);
      buffer.putInt(28, (int) crc.getValue());
    }
  }
}
