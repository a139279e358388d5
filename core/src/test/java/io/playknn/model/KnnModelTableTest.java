package io.playknn.model;

import static io.playknn.model.KnnModelTest.assertRejectedWithBoundedAllocation;
import static io.playknn.model.KnnModelTest.bytes;
import static io.playknn.model.KnnModelTest.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.knn.RandomMatrices;
import io.playknn.matrix.Npz;
import io.playknn.matrix.SparseMatrix;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The optional all-items neighbour table of format 1.1: round trips, the mapped load, rejection. */
class KnnModelTableTest {
  @TempDir Path dir;

  static SparseMatrix reference;

  @BeforeAll
  static void loadReference() throws IOException {
    try (InputStream in =
        KnnModelTableTest.class.getResourceAsStream("/lastfm-seed/artist_user_mtrx.npz")) {
      reference = Npz.read(in);
    }
  }

  private static List<String> names(int n) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add("item " + i);
    }
    return names;
  }

  /** The small model of {@link KnnModelTest} with its 2 nearest neighbours per item: 5 x 2. */
  private static KnnModel smallWithTable() {
    return small().withNeighborTable(2);
  }

  /** Every index and every distance's bits, compared cell by cell (not through equals). */
  private static void assertSameCells(NeighborTable actual, NeighborTable expected, String what) {
    assertThat(actual.size()).as(what).isEqualTo(expected.size());
    assertThat(actual.totalCount()).as(what).isEqualTo(expected.totalCount());
    for (int r = 0; r < expected.size(); r++) {
      assertThat(actual.query(r)).as("%s row %d", what, r).isEqualTo(r);
      assertThat(actual.count(r)).as("%s row %d", what, r).isEqualTo(expected.count(r));
      for (int i = 0; i < expected.count(r); i++) {
        assertThat(actual.index(r, i)).as("%s row %d rank %d", what, r, i)
            .isEqualTo(expected.index(r, i));
        assertThat(Double.doubleToRawLongBits(actual.distance(r, i)))
            .as("%s row %d rank %d distance bits", what, r, i)
            .isEqualTo(Double.doubleToRawLongBits(expected.distance(r, i)));
      }
    }
    assertThat(actual).as(what).isEqualTo(expected);
    assertThat(actual.hashCode()).as(what).isEqualTo(expected.hashCode());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("io.playknn.model.KnnModelTest#providersAndMetrics")
  void saveLoad_randomMatrix_tableRoundTripsExactlyMappedAndOnHeap(String provider, Metric metric)
      throws IOException {
    long seed = 20261128L + 31L * provider.hashCode() + metric.ordinal();
    SparseMatrix m = RandomMatrices.withTies(seed, 60, 25, 0.2);
    KnnOptions options =
        KnnOptions.builder().algorithm(provider).metric(metric).neighbors(3).threads(2).build();
    KnnModel saved = KnnModel.fit(m, options, names(m.rows())).withNeighborTable(7);
    Path file = dir.resolve("m" + KnnModel.EXTENSION);
    saved.save(file);

    KnnModel mapped = KnnModel.load(file);
    KnnModel heap = KnnModel.read(ByteBuffer.wrap(Files.readAllBytes(file)));

    NeighborTable expected = saved.neighborTable().orElseThrow();
    // The oracle: the loaded model's own index, re-fitted from the stored matrix, recomputed.
    assertSameCells(expected, mapped.index().kneighborsAll(7), "seed " + seed + " saved vs refit");
    assertSameCells(mapped.neighborTable().orElseThrow(), expected, "seed " + seed + " mapped");
    assertSameCells(heap.neighborTable().orElseThrow(), expected, "seed " + seed + " heap");
    assertThat(mapped.neighborTableK()).isEqualTo(7);
    // Saving a loaded model writes the same bytes (table_k included).
    assertThat(bytes(mapped)).as("seed %d", seed).isEqualTo(Files.readAllBytes(file));
  }

  @ParameterizedTest
  @ValueSource(strings = {"brute", "ball_tree"})
  void saveLoad_referenceMatrix_top100RoundTripsExactly(String provider) throws IOException {
    KnnOptions options = KnnOptions.builder().algorithm(provider).metric(Metric.COSINE).build();
    KnnModel saved = KnnModel.fit(reference, options, names(reference.rows())).withNeighborTable(100);
    Path file = dir.resolve("reference.pknn");
    saved.save(file);

    KnnModel mapped = KnnModel.load(file);
    KnnModel heap = KnnModel.read(ByteBuffer.wrap(Files.readAllBytes(file)));

    NeighborTable expected = NearestNeighbors.fit(reference, options).kneighborsAll(100);
    assertThat(expected.count(0)).isEqualTo(100);
    assertSameCells(saved.neighborTable().orElseThrow(), expected, provider + " saved");
    assertSameCells(mapped.neighborTable().orElseThrow(), expected, provider + " mapped");
    assertSameCells(heap.neighborTable().orElseThrow(), expected, provider + " heap");
  }

  /**
   * Written by {@code python3 docs/pknn.py fixture-table}: an independent writer following
   * docs/MODEL_FORMAT.md, its table computed by numpy brute force (exact: small integers).
   */
  @Test
  void load_tableWrittenByPythonFromTheSpec_equalsTheIndexAndJavaWritesTheSameBytes()
      throws Exception {
    Path file = Path.of(KnnModelTableTest.class.getResource("/model/python-written-table.pknn").toURI());
    KnnModel mapped = KnnModel.load(file);
    KnnModel heap = KnnModel.read(ByteBuffer.wrap(Files.readAllBytes(file)));
    assertThat(mapped.options().metric()).isEqualTo(Metric.EUCLIDEAN);
    NeighborTable java = mapped.index().kneighborsAll(3);
    assertSameCells(mapped.neighborTable().orElseThrow(), java, "python table, mapped");
    assertSameCells(heap.neighborTable().orElseThrow(), java, "python table, heap");
    // Rows 0 and 5 are equal vectors: each is the other's nearest, at distance 0.
    assertThat(java.index(0, 0)).isEqualTo(5);
    assertThat(java.distance(0, 0)).isZero();
    assertThat(bytes(mapped)).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void withNeighborTable_kAboveItems_rowsHoldEveryOtherItemAndKIsKept() throws IOException {
    KnnModel model = small().withNeighborTable(10);
    NeighborTable t = model.neighborTable().orElseThrow();
    assertThat(t.count(0)).isEqualTo(4);
    KnnModel back = KnnModel.read(ByteBuffer.wrap(bytes(model)));
    assertThat(back.neighborTableK()).isEqualTo(10);
    assertSameCells(back.neighborTable().orElseThrow(), t, "k 10 of 5 items");
  }

  @ParameterizedTest(name = "{0} items")
  @ValueSource(ints = {1, 2})
  void saveLoad_oneOrTwoItems_tableOfWidthZeroOrOneRoundTrips(int rows) throws IOException {
    SparseMatrix m = rows == 1
        ? SparseMatrix.builder(1, 2).add(0, 1, 3).build()
        : SparseMatrix.builder(2, 2).add(0, 1, 3).add(1, 0, 1).build();
    KnnModel saved = KnnModel.fit(m, KnnOptions.defaults(), names(rows)).withNeighborTable(5);
    Path file = dir.resolve("tiny.pknn");
    saved.save(file);
    NeighborTable loaded = KnnModel.load(file).neighborTable().orElseThrow();
    assertThat(loaded.count(0)).isEqualTo(rows - 1);
    assertSameCells(loaded, saved.neighborTable().orElseThrow(), rows + " items");
    assertSameCells(KnnModel.read(ByteBuffer.wrap(Files.readAllBytes(file))).neighborTable()
        .orElseThrow(), saved.neighborTable().orElseThrow(), rows + " items heap");
  }

  @Test
  void withNeighborTable_kBelowOne_rejected() {
    assertThatThrownBy(() -> small().withNeighborTable(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k must be >= 1, was 0");
  }

  @Test
  void withNeighborTable_leavesTheOriginalWithoutTable() {
    KnnModel plain = small();
    KnnModel with = plain.withNeighborTable(2);
    assertThat(plain.neighborTable()).isEmpty();
    assertThat(with.index()).isSameAs(plain.index());
    assertThat(with.items()).isSameAs(plain.items());
    assertThat(with.toString()).endsWith(", neighbour table k=2]");
  }

  @Test
  void write_withTable_isVersion1_1WithOptionalSectionsAndTableK() throws IOException {
    byte[] b = bytes(smallWithTable());
    Sections s = Sections.parse(b);
    assertThat(s.minor).isEqualTo(1);
    assertThat(s.types()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(s.flags(8)).as("NEIGHBOR_INDICES required flag").isZero();
    assertThat(s.flags(9)).as("NEIGHBOR_DISTANCES required flag").isZero();
    assertThat(s.strings(5)).containsSubsequence("table_k", "2");
    // Row 0 of the layout: i32 indices and f64 distances, little-endian, row after row.
    NeighborTable t = smallWithTable().neighborTable().orElseThrow();
    ByteBuffer ni = ByteBuffer.wrap(s.body(8)).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer nd = ByteBuffer.wrap(s.body(9)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(ni.capacity()).isEqualTo(5 * 2 * 4);
    assertThat(nd.capacity()).isEqualTo(5 * 2 * 8);
    for (int r = 0; r < 5; r++) {
      for (int i = 0; i < 2; i++) {
        assertThat(ni.getInt(4 * (2 * r + i))).isEqualTo(t.index(r, i));
        assertThat(nd.getDouble(8 * (2 * r + i))).isEqualTo(t.distance(r, i));
      }
    }
  }

  @Test
  void write_withoutTable_isVersion1_0AndLoadsWithoutTable() throws IOException {
    byte[] b = bytes(small());
    Sections s = Sections.parse(b);
    assertThat(s.minor).isZero();
    assertThat(s.types()).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(s.strings(5)).doesNotContain("table_k");
    Path file = dir.resolve("v10.pknn");
    Files.write(file, b);
    assertThat(KnnModel.load(file).neighborTable()).isEmpty();
    assertThat(KnnModel.read(ByteBuffer.wrap(b)).neighborTable()).isEmpty();
  }

  @Test
  void load_mappedTable_isNotCopiedToTheHeap() throws IOException {
    // 1500 items x 400 neighbours: a 7.2 MB table next to a tiny matrix.
    SparseMatrix m = RandomMatrices.withTies(99L, 1500, 6, 0.5);
    KnnOptions options = KnnOptions.builder().algorithm("brute").threads(1).build();
    KnnModel plain = KnnModel.fit(m, options, names(m.rows()));
    KnnModel withTable = plain.withNeighborTable(400);
    long tableBytes = 12L * withTable.neighborTable().orElseThrow().totalCount();
    Path plainFile = dir.resolve("plain.pknn");
    Path tableFile = dir.resolve("table.pknn");
    plain.save(plainFile);
    withTable.save(tableFile);
    byte[] tableFileBytes = Files.readAllBytes(tableFile);
    byte[] plainFileBytes = Files.readAllBytes(plainFile);

    long mappedExtra = allocatedBy(() -> KnnModel.load(tableFile))
        - allocatedBy(() -> KnnModel.load(plainFile));
    long heapReadTable = allocatedBy(() -> KnnModel.read(ByteBuffer.wrap(tableFileBytes)));
    long heapReadPlain = allocatedBy(() -> KnnModel.read(ByteBuffer.wrap(plainFileBytes)));

    assertThat(tableBytes).isEqualTo(1500L * 400 * 12);
    // Mapped: only per-row bookkeeping (two int[rows]) and small objects, not the table.
    assertThat(mappedExtra).as("bytes allocated for a mapped %d-byte table", tableBytes)
        .isLessThan(tableBytes / 20);
    // The heap read copies it: the same measure sees the copy, so it can see one.
    assertThat(heapReadTable - heapReadPlain).isGreaterThanOrEqualTo(tableBytes);
  }

  private interface Load {
    KnnModel run() throws IOException;
  }

  /** Bytes this thread allocated running {@code load} (after a warm-up run). */
  private static long allocatedBy(Load load) throws IOException {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    load.run();
    long before = threads.getThreadAllocatedBytes(tid);
    KnnModel m = load.run();
    long allocated = threads.getThreadAllocatedBytes(tid) - before;
    assertThat(m).isNotNull();
    return allocated;
  }

  @Test
  void load_mappedTable_outlivesChannelAndFileAndServesConcurrentReaders() throws Exception {
    KnnModel saved = KnnModel.fit(reference, KnnOptions.defaults(), names(reference.rows()))
        .withNeighborTable(50);
    Path file = dir.resolve("gone.pknn");
    saved.save(file);
    KnnModel mapped = KnnModel.load(file);
    Files.delete(file); // the mapping, not the channel or the path, keeps the bytes readable
    NeighborTable table = mapped.neighborTable().orElseThrow();
    NeighborTable expected = saved.neighborTable().orElseThrow();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int start = t * 97;
        readers.add(pool.submit(() -> {
          // Cells that read back as saved, each thread visiting the rows in its own order.
          int same = 0;
          for (int pass = 0; pass < 3; pass++) {
            for (int step = 0; step < table.size(); step++) {
              int r = (start + step * 7) % table.size();
              same += table.row(r).equals(expected.row(r)) ? 1 : 0;
              for (int i = 0; i < table.count(r); i++) {
                boolean equal = table.index(r, i) == expected.index(r, i)
                    && table.distance(r, i) == expected.distance(r, i);
                same += equal ? 1 : 0;
              }
            }
          }
          return same;
        }));
      }
      for (Future<Integer> f : readers) {
        assertThat(f.get()).isEqualTo(3 * (expected.size() + expected.totalCount()));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(table).isEqualTo(expected);
  }

  // -------------------------------------------------------------------------------------------
  // Damaged files

  @Test
  void read_truncatedAtEveryLength_isTypedError() throws IOException {
    byte[] b = bytes(smallWithTable());
    for (int length = 0; length < b.length; length++) {
      ByteBuffer cut = ByteBuffer.wrap(b, 0, length);
      ModelFormatException e =
          catchThrowableOfType(ModelFormatException.class, () -> KnnModel.read(cut));
      assertThat(e).as("truncated to %d of %d bytes", length, b.length).isNotNull();
    }
  }

  @Test
  void readAndLoad_everyByteFlipped_isTypedError() throws IOException {
    byte[] original = bytes(smallWithTable());
    Path file = dir.resolve("flipped.pknn");
    for (int i = 0; i < original.length; i++) {
      for (int mask : new int[] {0x01, 0x80, 0xff}) {
        byte[] b = original.clone();
        b[i] ^= (byte) mask;
        String what = String.format("byte %d of %d xor 0x%02x", i, original.length, mask);
        ModelFormatException heap = catchThrowableOfType(ModelFormatException.class,
            () -> KnnModel.read(ByteBuffer.wrap(b)));
        assertThat(heap).as("heap " + what).isNotNull();
        if (mask == 0x01) {
          Files.write(file, b);
          ModelFormatException mapped =
              catchThrowableOfType(ModelFormatException.class, () -> KnnModel.load(file));
          assertThat(mapped).as("mapped " + what).isNotNull();
        }
      }
    }
  }

  static Stream<Long> forgedLengths() {
    return KnnModelTest.forgedLengths();
  }

  /** A table section length forged with the header CRC recomputed: only length checks catch it. */
  @ParameterizedTest(name = "length {0}")
  @MethodSource("forgedLengths")
  void read_forgedTableSectionLength_isTypedErrorWithoutLargeAllocation(long forged)
      throws IOException {
    for (int type = 8; type <= 9; type++) {
      byte[] b = bytes(smallWithTable());
      KnnModelTest.Forger f = new KnnModelTest.Forger(b);
      f.setLength(f.entryOf(type), forged);
      f.fixHeaderCrc();
      assertRejectedWithBoundedAllocation(b, "length", "type " + type + " length " + forged);
    }
  }

  /**
   * Well-framed files (offsets, padding and every CRC right) whose table sections have the wrong
   * length for their table_k: the reader must not size anything by the forged numbers.
   */
  @ParameterizedTest(name = "table_k {0}")
  @ValueSource(strings = {"1", "3", "4", "2147483647"})
  void read_tableKDisagreeingWithSectionLengths_isTypedErrorWithoutLargeAllocation(String k)
      throws IOException {
    Sections s = Sections.parse(bytes(smallWithTable()));
    s.replaceOption("table_k", k);
    byte[] b = s.build();
    assertRejectedWithBoundedAllocation(b, "NEIGHBOR_INDICES: length must be 4 × rows × width", k);
    ModelFormatException e = catchThrowableOfType(ModelFormatException.class,
        () -> KnnModel.read(ByteBuffer.wrap(b)));
    int width = Math.min(Integer.parseInt(k), 4);
    assertThat(e.section()).isEqualTo("NEIGHBOR_INDICES");
    assertThat(e.getMessage()).isEqualTo("NEIGHBOR_INDICES: length must be 4 × rows × width = 4 × 5 × "
        + width + " bytes (rows from MATRIX_SHAPE, width = min(table_k = " + k
        + ", rows - 1)), was 40");
  }

  @Test
  void read_distancesLengthWrongForTableK_namesNeighborDistances() throws IOException {
    Sections s = Sections.parse(bytes(smallWithTable()));
    s.replaceBody(9, java.util.Arrays.copyOf(s.body(9), 72));
    ModelFormatException e = catchThrowableOfType(ModelFormatException.class,
        () -> KnnModel.read(ByteBuffer.wrap(s.build())));
    assertThat(e.section()).isEqualTo("NEIGHBOR_DISTANCES");
    assertThat(e.getMessage()).contains("length must be 8 × rows × width = 8 × 5 × 2 bytes", "was 72");
  }

  @ParameterizedTest(name = "table_k \"{0}\"")
  @ValueSource(strings = {"0", "-1", "abc", "", "+2", "02", "2147483648"})
  void read_invalidTableK_isTypedError(String k) throws IOException {
    Sections s = Sections.parse(bytes(smallWithTable()));
    s.replaceOption("table_k", k);
    byte[] b = s.build();
    assertRejectedWithBoundedAllocation(b, "OPTIONS: \"table_k\" must be a decimal integer", k);
    ModelFormatException e = catchThrowableOfType(ModelFormatException.class,
        () -> KnnModel.read(ByteBuffer.wrap(b)));
    assertThat(e.getMessage()).isEqualTo(
        "OPTIONS: \"table_k\" must be a decimal integer in [1, 2147483647], was \"" + k + "\"");
  }

  @Test
  void read_tableKWithoutSections_isTypedError() throws IOException {
    Sections s = Sections.parse(bytes(smallWithTable()));
    s.remove(8);
    s.remove(9);
    assertThatThrownBy(() -> KnnModel.read(ByteBuffer.wrap(s.build())))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage("OPTIONS: key \"table_k\" must be absent without sections NEIGHBOR_INDICES and "
            + "NEIGHBOR_DISTANCES, is 2");
  }

  @Test
  void read_sectionsWithoutTableK_isTypedError() throws IOException {
    Sections s = Sections.parse(bytes(smallWithTable()));
    s.removeOption("table_k");
    assertThatThrownBy(() -> KnnModel.read(ByteBuffer.wrap(s.build())))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage("OPTIONS: key \"table_k\" must be present with sections NEIGHBOR_INDICES and "
            + "NEIGHBOR_DISTANCES, is missing");
  }

  @Test
  void read_duplicateTableK_isTypedError() throws IOException {
    Sections s = Sections.parse(bytes(smallWithTable()));
    List<String> kv = new ArrayList<>(s.strings(5));
    kv.add("table_k");
    kv.add("2");
    s.replaceBody(5, Sections.stringList(kv));
    assertThatThrownBy(() -> KnnModel.read(ByteBuffer.wrap(s.build())))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage("OPTIONS: key \"table_k\" must appear once, appears twice");
  }

  @ParameterizedTest(name = "only type {0}")
  @ValueSource(ints = {8, 9})
  void read_oneTableSectionWithoutTheOther_isTypedError(int kept) throws IOException {
    Sections s = Sections.parse(bytes(smallWithTable()));
    int removed = kept == 8 ? 9 : 8;
    s.remove(removed);
    String missing = removed == 8 ? "NEIGHBOR_INDICES" : "NEIGHBOR_DISTANCES";
    String present = kept == 8 ? "NEIGHBOR_INDICES" : "NEIGHBOR_DISTANCES";
    ModelFormatException e = catchThrowableOfType(ModelFormatException.class,
        () -> KnnModel.read(ByteBuffer.wrap(s.build())));
    assertThat(e.section()).isEqualTo(missing);
    assertThat(e.getMessage()).isEqualTo(
        missing + ": must be present when " + present + " is (both or neither), is missing");
  }

  /**
   * A content fault with the section CRC recomputed, so the content check and not the checksum
   * catches it; the loaded model must never come back.
   */
  private void assertContentRejected(byte[] b, String message) throws IOException {
    ModelFormatException heap = catchThrowableOfType(ModelFormatException.class,
        () -> KnnModel.read(ByteBuffer.wrap(b)));
    assertThat(heap).as(message).isNotNull();
    assertThat(heap.section()).isEqualTo("NEIGHBOR_INDICES/NEIGHBOR_DISTANCES");
    assertThat(heap.getMessage())
        .isEqualTo("NEIGHBOR_INDICES/NEIGHBOR_DISTANCES: not a valid neighbour table: " + message);
    Path file = dir.resolve("content.pknn");
    Files.write(file, b);
    ModelFormatException mapped =
        catchThrowableOfType(ModelFormatException.class, () -> KnnModel.load(file));
    assertThat(mapped).as("mapped " + message).isNotNull();
    assertThat(mapped.getMessage()).isEqualTo(heap.getMessage());
  }

  /** Edits cell (row, rank) of a table section in place and fixes the CRCs. */
  private static byte[] withCell(int type, int row, int rank, Number value) throws IOException {
    byte[] b = bytes(smallWithTable());
    KnnModelTest.Forger f = new KnnModelTest.Forger(b);
    int e = f.entryOf(type);
    int cell = 2 * row + rank;
    if (type == 8) {
      f.buffer.putInt((int) f.offset(e) + 4 * cell, value.intValue());
    } else {
      f.buffer.putDouble((int) f.offset(e) + 8 * cell, value.doubleValue());
    }
    f.fixSectionCrc(e);
    f.fixHeaderCrc();
    return b;
  }

  @Test
  void read_neighborIndexOutOfRange_isTypedError() throws IOException {
    assertContentRejected(withCell(8, 3, 0, 5),
        "row 3, rank 0: index must be in [0, 5) and not 3 (the row's own item), was 5");
    assertContentRejected(withCell(8, 0, 1, -1),
        "row 0, rank 1: index must be in [0, 5) and not 0 (the row's own item), was -1");
    assertContentRejected(withCell(8, 2, 0, Integer.MIN_VALUE),
        "row 2, rank 0: index must be in [0, 5) and not 2 (the row's own item), was -2147483648");
  }

  @Test
  void read_neighborIsTheRowsOwnItem_isTypedError() throws IOException {
    assertContentRejected(withCell(8, 4, 0, 4),
        "row 4, rank 0: index must be in [0, 5) and not 4 (the row's own item), was 4");
  }

  @Test
  void read_nonFiniteDistance_isTypedError() throws IOException {
    assertContentRejected(withCell(9, 1, 0, Double.NaN),
        "row 1, rank 0: distance must be finite and >= 0 (cosine and euclidean distances are), was NaN");
    assertContentRejected(withCell(9, 1, 1, Double.POSITIVE_INFINITY),
        "row 1, rank 1: distance must be finite and >= 0 (cosine and euclidean distances are), was Infinity");
  }

  @Test
  void read_rowOutOfContractOrder_isTypedError() throws IOException {
    NeighborTable t = smallWithTable().neighborTable().orElseThrow();
    // Row 0's two neighbours swapped in both sections: every cell valid alone, the order wrong.
    byte[] b = bytes(smallWithTable());
    KnnModelTest.Forger f = new KnnModelTest.Forger(b);
    int ni = f.entryOf(8);
    int nd = f.entryOf(9);
    f.buffer.putInt((int) f.offset(ni), t.index(0, 1));
    f.buffer.putInt((int) f.offset(ni) + 4, t.index(0, 0));
    f.buffer.putDouble((int) f.offset(nd), t.distance(0, 1));
    f.buffer.putDouble((int) f.offset(nd) + 8, t.distance(0, 0));
    f.fixSectionCrc(ni);
    f.fixSectionCrc(nd);
    f.fixHeaderCrc();
    assertThat(Double.compare(t.distance(0, 0), t.distance(0, 1)) < 0
        || t.index(0, 0) < t.index(0, 1)).as("row 0 differs after the swap").isTrue();
    assertContentRejected(b, "row 0, rank 1: (distance " + t.distance(0, 0) + ", index "
        + t.index(0, 0) + ") must come after (distance " + t.distance(0, 1) + ", index "
        + t.index(0, 1) + ") in ascending distance, ties by lower index");
  }

  @Test
  void read_repeatedNeighbor_isTypedError() throws IOException {
    NeighborTable t = smallWithTable().neighborTable().orElseThrow();
    byte[] b = bytes(smallWithTable());
    KnnModelTest.Forger f = new KnnModelTest.Forger(b);
    int ni = f.entryOf(8);
    int nd = f.entryOf(9);
    f.buffer.putInt((int) f.offset(ni) + 4 * 7, t.index(3, 0));
    f.buffer.putDouble((int) f.offset(nd) + 8 * 7, t.distance(3, 0));
    f.fixSectionCrc(ni);
    f.fixSectionCrc(nd);
    f.fixHeaderCrc();
    assertContentRejected(b, "row 3, rank 1: index " + t.index(3, 0) + " is already in the row");
  }

  @Test
  void read_neighborRepeatedAtALargerDistance_isTypedError() throws IOException {
    // Rank 1 names rank 0's item but keeps its own, larger distance: the row is in order, and
    // only the repeat check can catch it.
    NeighborTable t = smallWithTable().neighborTable().orElseThrow();
    int row = 0;
    while (!(t.distance(row, 1) > t.distance(row, 0))) {
      row++;
    }
    assertContentRejected(withCell(8, row, 1, t.index(row, 0)),
        "row " + row + ", rank 1: index " + t.index(row, 0) + " is already in the row");
  }

  // -------------------------------------------------------------------------------------------

  /** A model file as its list of sections, rebuilt with correct offsets, padding and CRCs. */
  static final class Sections {
    final int minor;
    final List<int[]> meta = new ArrayList<>(); // {type, flags}
    final List<byte[]> bodies = new ArrayList<>();

    private Sections(int minor) {
      this.minor = minor;
    }

    static Sections parse(byte[] file) {
      ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
      Sections s = new Sections(Short.toUnsignedInt(b.getShort(10)));
      for (int i = 0, n = b.getInt(12); i < n; i++) {
        int at = 32 + 32 * i;
        int offset = (int) b.getLong(at + 8);
        int length = (int) b.getLong(at + 16);
        s.meta.add(new int[] {b.getInt(at), b.getInt(at + 4)});
        s.bodies.add(java.util.Arrays.copyOfRange(file, offset, offset + length));
      }
      return s;
    }

    List<Integer> types() {
      return meta.stream().map(m -> m[0]).toList();
    }

    private int at(int type) {
      return types().indexOf(type);
    }

    int flags(int type) {
      return meta.get(at(type))[1];
    }

    byte[] body(int type) {
      return bodies.get(at(type));
    }

    void replaceBody(int type, byte[] body) {
      bodies.set(at(type), body);
    }

    void remove(int type) {
      int i = at(type);
      meta.remove(i);
      bodies.remove(i);
    }

    List<String> strings(int type) {
      ByteBuffer b = ByteBuffer.wrap(body(type)).order(ByteOrder.LITTLE_ENDIAN);
      List<String> out = new ArrayList<>();
      int at = 4;
      for (int i = 0, n = b.getInt(0); i < n; i++) {
        int len = b.getInt(at);
        out.add(new String(body(type), at + 4, len, StandardCharsets.UTF_8));
        at += 4 + len;
      }
      return out;
    }

    void replaceOption(String key, String value) {
      List<String> kv = new ArrayList<>(strings(5));
      kv.set(kv.indexOf(key) + 1, value);
      replaceBody(5, stringList(kv));
    }

    void removeOption(String key) {
      List<String> kv = new ArrayList<>(strings(5));
      int i = kv.indexOf(key);
      kv.remove(i + 1);
      kv.remove(i);
      replaceBody(5, stringList(kv));
    }

    static byte[] stringList(List<String> list) {
      int bytes = 4;
      for (String s : list) {
        bytes += 4 + s.getBytes(StandardCharsets.UTF_8).length;
      }
      ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(list.size());
      for (String s : list) {
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        b.putInt(u.length).put(u);
      }
      return b.array();
    }

    byte[] build() {
      int n = bodies.size();
      long[] offsets = new long[n];
      long end = 32 + 32L * n;
      for (int i = 0; i < n; i++) {
        offsets[i] = (end + 7) / 8 * 8;
        end = offsets[i] + bodies.get(i).length;
      }
      ByteBuffer b = ByteBuffer.allocate((int) end).order(ByteOrder.LITTLE_ENDIAN);
      b.put(ModelFormat.MAGIC).putShort((short) 1).putShort((short) minor).putInt(n).putLong(end)
          .putInt(0).putInt(0);
      for (int i = 0; i < n; i++) {
        CRC32C crc = new CRC32C();
        crc.update(bodies.get(i));
        b.putInt(meta.get(i)[0]).putInt(meta.get(i)[1]).putLong(offsets[i])
            .putLong(bodies.get(i).length).putInt((int) crc.getValue()).putInt(0);
        b.put((int) offsets[i], bodies.get(i));
      }
      CRC32C crc = new CRC32C();
      crc.update(b.array(), 0, 28);
      crc.update(b.array(), 32, 32 * n);
      b.putInt(28, (int) crc.getValue());
      return b.array();
    }
  }
}
