package io.playknn.model;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NearestNeighborsProvider;
import io.playknn.knn.NeighborTable;
import io.playknn.matrix.SparseMatrix;
import io.playknn.recommend.DuplicateItemNameException;
import io.playknn.recommend.ItemNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads and writes format version 1 (see {@code docs/MODEL_FORMAT.md}). All integers are
 * little-endian. Every length is checked against the file size before anything is allocated.
 * A model without a neighbour table is written as 1.0, one with a table as 1.1.
 */
final class ModelFormat {
  /** PNG-style magic: a high byte, the name, CR LF, Ctrl-Z, so text-mode damage is detected. */
  static final byte[] MAGIC = {(byte) 0x89, 'P', 'K', 'N', 'N', 0x0D, 0x0A, 0x1A};

  static final int MAJOR_VERSION = 1;
  /** The newest minor version this code reads and writes. */
  static final int MINOR_VERSION = 1;
  /** The minor version of a file without the 1.1 neighbour-table sections. */
  static final int MINOR_VERSION_WITHOUT_TABLE = 0;
  static final int HEADER_BYTES = 32;
  static final int ENTRY_BYTES = 32;
  static final int MAX_SECTIONS = 64;
  static final int ALIGNMENT = 8;
  /** Largest section: a Java array of bytes, with headroom. */
  static final long MAX_SECTION_BYTES = Integer.MAX_VALUE - 8L;

  static final int FLAG_REQUIRED = 1;

  private static final String HEADER = "header";
  private static final String TABLE = "section table";
  private static final String TABLE_K = "table_k";
  private static final String LEAF_SIZE = "leaf_size";
  /**
   * Where a neighbour-table content fault is reported: the two sections are checked together, cell
   * by cell, as the matrix's three CSR sections are.
   */
  private static final String NEIGHBOR_SECTIONS = "NEIGHBOR_INDICES/NEIGHBOR_DISTANCES";

  private ModelFormat() {}

  /** A read-only view of a whole file. */
  interface Source {
    long size();

    /** Little-endian buffer over {@code [offset, offset + length)}, already bounds-checked. */
    ByteBuffer slice(long offset, int length) throws IOException;

    /**
     * @return whether slices are read-only memory maps that outlive the source, so a model may
     *     keep them instead of copying (a caller's buffer may change after the read: copy it)
     */
    boolean retainable();
  }

  static Source of(ByteBuffer bytes) {
    ByteBuffer all = bytes.duplicate();
    return new Source() {
      @Override
      public long size() {
        return all.remaining();
      }

      @Override
      public ByteBuffer slice(long offset, int length) {
        ByteBuffer b = all.duplicate();
        b.position(all.position() + (int) offset);
        b.limit(all.position() + (int) offset + length);
        return b.slice().order(ByteOrder.LITTLE_ENDIAN);
      }

      @Override
      public boolean retainable() {
        return false;
      }
    };
  }

  static Source of(FileChannel channel) throws IOException {
    long size = channel.size();
    return new Source() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public ByteBuffer slice(long offset, int length) throws IOException {
        // A mapping does not depend on the channel: it stays valid after the channel is closed.
        return channel.map(FileChannel.MapMode.READ_ONLY, offset, length).order(ByteOrder.LITTLE_ENDIAN);
      }

      @Override
      public boolean retainable() {
        return true;
      }
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /**
   * Writes the model. The large sections (the matrix, the neighbour table) are produced twice
   * through one 1 MiB buffer, once for their CRC and once into {@code out}, instead of being
   * copied whole into memory first: saving the full-size Last.fm model with its table no longer
   * needs a second copy of its 564 MB.
   */
  static void write(KnnModel model, WritableByteChannel out) throws IOException {
    SparseMatrix m = model.items();
    Map<SectionType, Body> sections = new EnumMap<>(SectionType.class);
    ByteBuffer shape = le(16).putInt(m.rows()).putInt(m.columns()).putLong(m.nonZeros());
    sections.put(SectionType.MATRIX_SHAPE, Body.of(shape));
    sections.put(
        SectionType.ROW_POINTERS,
        new Body(4L * (m.rows() + 1L)) {
          @Override
          void produce(Chunks c) throws IOException {
            for (int r = 0; r < m.rows(); r++) {
              c.putInt(m.rowStart(r));
            }
            c.putInt(m.nonZeros());
          }
        });
    sections.put(
        SectionType.COLUMN_INDICES,
        new Body(4L * m.nonZeros()) {
          @Override
          void produce(Chunks c) throws IOException {
            for (int p = 0, n = m.nonZeros(); p < n; p++) {
              c.putInt(m.columnAt(p));
            }
          }
        });
    sections.put(
        SectionType.VALUES,
        new Body(8L * m.nonZeros()) {
          @Override
          void produce(Chunks c) throws IOException {
            for (int p = 0, n = m.nonZeros(); p < n; p++) {
              c.putDouble(m.valueAt(p));
            }
          }
        });
    List<String> optionPairs = optionPairs(model.options());
    if (model.neighborTable().isPresent()) {
      optionPairs.add(TABLE_K);
      optionPairs.add(Integer.toString(model.neighborTableK()));
    }
    sections.put(SectionType.OPTIONS, Body.of(strings(optionPairs)));
    sections.put(SectionType.ITEM_NAMES, Body.of(strings(model.itemNames())));
    if (model.userIds().isPresent()) {
      sections.put(SectionType.USER_IDS, Body.of(strings(model.userIds().get())));
    }
    NeighborTable neighbors = model.neighborTable().orElse(null);
    if (neighbors != null) {
      sections.put(
          SectionType.NEIGHBOR_INDICES,
          new Body(4L * neighbors.totalCount()) {
            @Override
            void produce(Chunks c) throws IOException {
              for (int r = 0; r < neighbors.size(); r++) {
                for (int rank = 0, count = neighbors.count(r); rank < count; rank++) {
                  c.putInt(neighbors.index(r, rank));
                }
              }
            }
          });
      sections.put(
          SectionType.NEIGHBOR_DISTANCES,
          new Body(8L * neighbors.totalCount()) {
            @Override
            void produce(Chunks c) throws IOException {
              for (int r = 0; r < neighbors.size(); r++) {
                for (int rank = 0, count = neighbors.count(r); rank < count; rank++) {
                  c.putDouble(neighbors.distance(r, rank));
                }
              }
            }
          });
    }

    // Every length is checked before any section is read.
    for (Map.Entry<SectionType, Body> e : sections.entrySet()) {
      if (e.getValue().length > MAX_SECTION_BYTES) {
        throw new IllegalArgumentException(
            "section " + e.getKey() + " would be " + e.getValue().length
                + " bytes; the format allows at most " + MAX_SECTION_BYTES);
      }
    }
    int n = sections.size();
    long offset = HEADER_BYTES + (long) ENTRY_BYTES * n;
    ByteBuffer table = le((long) ENTRY_BYTES * n);
    List<Body> bodies = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    ByteBuffer chunk = ByteBuffer.allocate(Chunks.SIZE).order(ByteOrder.LITTLE_ENDIAN);
    for (Map.Entry<SectionType, Body> e : sections.entrySet()) {
      Body body = e.getValue();
      offset = align(offset);
      CRC32C crc = new CRC32C();
      body.produceChecked(chunk, crc::update);
      table.putInt(e.getKey().id())
          .putInt(e.getKey().required() ? FLAG_REQUIRED : 0)
          .putLong(offset)
          .putLong(body.length)
          .putInt((int) crc.getValue())
          .putInt(0);
      bodies.add(body);
      offsets.add(offset);
      offset += body.length;
    }
    long total = offset;
    ByteBuffer header = le(HEADER_BYTES)
        .put(MAGIC)
        .putShort((short) MAJOR_VERSION)
        .putShort((short) (neighbors == null ? MINOR_VERSION_WITHOUT_TABLE : MINOR_VERSION))
        .putInt(n)
        .putLong(total)
        .putInt(0);
    table.flip();
    header.putInt((int) headerCrc(header.duplicate().flip(), table.duplicate()));
    header.flip();
    writeFully(out, header);
    writeFully(out, table);
    long at = HEADER_BYTES + (long) ENTRY_BYTES * n;
    for (int i = 0; i < bodies.size(); i++) {
      long pad = offsets.get(i) - at;
      writeFully(out, ByteBuffer.allocate((int) pad));
      bodies.get(i).produceChecked(chunk, b -> writeFully(out, b));
      at = offsets.get(i) + bodies.get(i).length;
    }
  }

  /** Receives a section's bytes chunk by chunk; may consume the buffer it is given. */
  @FunctionalInterface
  private interface ChunkConsumer {
    void accept(ByteBuffer bytes) throws IOException;
  }

  /** Little-endian values gathered into a buffer that is handed on whenever it fills. */
  private static final class Chunks {
    static final int SIZE = 1 << 20;
    private final ByteBuffer buffer;
    private final ChunkConsumer consumer;
    private long produced;

    Chunks(ByteBuffer buffer, ChunkConsumer consumer) {
      this.buffer = buffer.clear();
      this.consumer = consumer;
    }

    void putInt(int v) throws IOException {
      if (buffer.remaining() < Integer.BYTES) {
        flush();
      }
      buffer.putInt(v);
    }

    void putDouble(double v) throws IOException {
      if (buffer.remaining() < Double.BYTES) {
        flush();
      }
      buffer.putDouble(v);
    }

    /** Hands on what is buffered, then {@code bytes} itself (left unchanged). */
    void put(ByteBuffer bytes) throws IOException {
      flush();
      produced += bytes.remaining();
      consumer.accept(bytes.duplicate());
    }

    void flush() throws IOException {
      buffer.flip();
      produced += buffer.remaining();
      if (buffer.hasRemaining()) {
        consumer.accept(buffer);
      }
      buffer.clear();
    }
  }

  /** A section's body of a known length, produced in order as many times as asked. */
  private abstract static class Body {
    final long length;

    Body(long length) {
      this.length = length;
    }

    /** A body already in memory, {@code [0, position)} of {@code filled}. */
    static Body of(ByteBuffer filled) {
      ByteBuffer bytes = filled.flip();
      return new Body(bytes.remaining()) {
        @Override
        void produce(Chunks c) throws IOException {
          c.put(bytes);
        }
      };
    }

    abstract void produce(Chunks c) throws IOException;

    /** Produces the body through {@code chunk} into {@code consumer}, checking its length. */
    void produceChecked(ByteBuffer chunk, ChunkConsumer consumer) throws IOException {
      Chunks c = new Chunks(chunk, consumer);
      produce(c);
      c.flush();
      if (c.produced != length) {
        throw new IllegalStateException(
            "a section produced " + c.produced + " bytes, not the " + length + " announced");
      }
    }
  }

  private static List<String> optionPairs(KnnOptions o) {
    List<String> kv = new ArrayList<>();
    kv.add("algorithm");
    kv.add(o.algorithm());
    kv.add("metric");
    kv.add(o.metric().id());
    kv.add("neighbors");
    kv.add(Integer.toString(o.neighbors()));
    // What the model is, not how the machine that trained it ran: no threads, no kernel knobs.
    String leaf = o.parameters().get(LEAF_SIZE);
    if (leaf != null) {
      kv.add("parameter." + LEAF_SIZE);
      kv.add(leaf);
    }
    return kv;
  }

  private static ByteBuffer strings(List<String> list) {
    List<byte[]> encoded = new ArrayList<>(list.size());
    long bytes = 4;
    for (String s : list) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      encoded.add(b);
      bytes += 4 + b.length;
    }
    ByteBuffer out = le(bytes).putInt(list.size());
    for (byte[] b : encoded) {
      out.putInt(b.length).put(b);
    }
    return out;
  }

  private static ByteBuffer le(long bytes) {
    if (bytes > MAX_SECTION_BYTES) {
      throw new IllegalArgumentException(
          "a section would be " + bytes + " bytes; the format allows at most " + MAX_SECTION_BYTES);
    }
    return ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static long align(long offset) {
    return (offset + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
  }

  private static void writeFully(WritableByteChannel out, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      out.write(b);
    }
  }

  /** CRC32C of the first 28 header bytes followed by the section table. */
  private static long headerCrc(ByteBuffer header, ByteBuffer table) {
    CRC32C crc = new CRC32C();
    crc.update(header.limit(HEADER_BYTES - 4));
    crc.update(table);
    return crc.getValue();
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /** One checked table entry. */
  private record Entry(SectionType type, long offset, int length, int crc) {}

  static KnnModel read(Source src) throws IOException {
    long size = src.size();
    if (size < HEADER_BYTES) {
      throw new ModelFormatException(
          HEADER, "file is " + size + " bytes, shorter than the " + HEADER_BYTES + "-byte header");
    }
    ByteBuffer header = src.slice(0, HEADER_BYTES);
    for (int i = 0; i < MAGIC.length; i++) {
      if (header.get(i) != MAGIC[i]) {
        throw new ModelFormatException(
            HEADER, "not a playknn model file: magic byte " + i + " must be 0x"
                + hex(MAGIC[i]) + ", was 0x" + hex(header.get(i)));
      }
    }
    int major = Short.toUnsignedInt(header.getShort(8));
    if (major != MAJOR_VERSION) {
      throw new ModelFormatException(
          HEADER, "format version must be " + MAJOR_VERSION + ".x, was " + major + "."
              + Short.toUnsignedInt(header.getShort(10)) + " (written by a different playknn)");
    }
    long declared = header.getLong(16);
    if (declared != size) {
      throw new ModelFormatException(
          HEADER, (declared > size || declared < 0 ? "file is truncated" : "file has trailing bytes")
              + ": header declares " + Long.toUnsignedString(declared) + " bytes, file has " + size);
    }
    int n = header.getInt(12);
    if (n < 1 || n > MAX_SECTIONS) {
      throw new ModelFormatException(
          HEADER, "section count must be in [1, " + MAX_SECTIONS + "], was "
              + Integer.toUnsignedString(n));
    }
    long tableEnd = HEADER_BYTES + (long) ENTRY_BYTES * n;
    if (tableEnd > size) {
      throw new ModelFormatException(
          TABLE, "needs " + tableEnd + " bytes for " + n + " entries, file has " + size);
    }
    ByteBuffer table = src.slice(HEADER_BYTES, ENTRY_BYTES * n);
    long expectedCrc = Integer.toUnsignedLong(header.getInt(28));
    long actualCrc = headerCrc(header.duplicate(), table.duplicate());
    if (expectedCrc != actualCrc) {
      throw new ModelFormatException(
          TABLE, "CRC32C of header and table must be " + hex32(expectedCrc) + ", was "
              + hex32(actualCrc) + " (the file is corrupt)");
    }
    if (header.getInt(24) != 0) {
      throw new ModelFormatException(HEADER, "reserved bytes 24-27 must be 0, were "
          + hex32(Integer.toUnsignedLong(header.getInt(24))));
    }

    Map<SectionType, Entry> entries = new EnumMap<>(SectionType.class);
    long previousEnd = tableEnd;
    for (int i = 0; i < n; i++) {
      int base = i * ENTRY_BYTES;
      int typeId = table.getInt(base);
      int flags = table.getInt(base + 4);
      long offset = table.getLong(base + 8);
      long length = table.getLong(base + 16);
      int crc = table.getInt(base + 24);
      String where = TABLE + " entry " + i;
      if ((flags & ~FLAG_REQUIRED) != 0 || table.getInt(base + 28) != 0) {
        throw new ModelFormatException(where, "unknown flags " + hex32(Integer.toUnsignedLong(flags))
            + " or non-zero reserved bytes");
      }
      if (offset != align(previousEnd)) {
        throw new ModelFormatException(
            where, "offset must be " + align(previousEnd) + " (the previous end aligned to "
                + ALIGNMENT + "), was " + Long.toUnsignedString(offset));
      }
      if (length < 0 || length > size - offset || length > MAX_SECTION_BYTES) {
        throw new ModelFormatException(
            where, "length must be in [0, " + Math.min(size - offset, MAX_SECTION_BYTES)
                + "] (bytes left in the file after offset " + offset + "), was "
                + Long.toUnsignedString(length));
      }
      checkPadding(src, previousEnd, offset, where);
      previousEnd = offset + length;
      SectionType type = SectionType.byId(typeId);
      String name = type == null ? "section type " + Integer.toUnsignedString(typeId) : type.name();
      if (type == null && (flags & FLAG_REQUIRED) != 0) {
        throw new ModelFormatException(
            name, "is marked required but this reader (format " + MAJOR_VERSION + "."
                + MINOR_VERSION + ") does not know it");
      }
      if (type != null) {
        if (entries.containsKey(type)) {
          throw new ModelFormatException(name, "appears twice in the section table");
        }
        entries.put(type, new Entry(type, offset, (int) length, crc));
      }
    }
    if (previousEnd != size) {
      throw new ModelFormatException(
          TABLE, "sections end at " + previousEnd + " but the file has " + size + " bytes");
    }
    for (SectionType t : SectionType.values()) {
      if (t.required() && !entries.containsKey(t)) {
        throw new ModelFormatException(t.name(), "required section is missing");
      }
    }
    Map<SectionType, ByteBuffer> bodies = new EnumMap<>(SectionType.class);
    for (Entry e : entries.values()) {
      ByteBuffer body = src.slice(e.offset(), e.length());
      CRC32C crc = new CRC32C();
      crc.update(body.duplicate());
      if ((int) crc.getValue() != e.crc()) {
        throw new ModelFormatException(
            e.type().name(), "CRC32C must be " + hex32(Integer.toUnsignedLong(e.crc())) + ", was "
                + hex32(crc.getValue()) + " (the file is corrupt)");
      }
      bodies.put(e.type(), body);
    }
    return decode(bodies, src.retainable());
  }

  private static void checkPadding(Source src, long from, long to, String where)
      throws IOException {
    if (to > from) {
      ByteBuffer pad = src.slice(from, (int) (to - from));
      for (int i = 0; i < pad.limit(); i++) {
        if (pad.get(i) != 0) {
          throw new ModelFormatException(
              where, "padding byte at " + (from + i) + " must be 0, was 0x" + hex(pad.get(i)));
        }
      }
    }
  }

  private static KnnModel decode(Map<SectionType, ByteBuffer> bodies, boolean retainable)
      throws ModelFormatException {
    ByteBuffer shape = bodies.get(SectionType.MATRIX_SHAPE);
    expectLength(SectionType.MATRIX_SHAPE, shape, 16);
    int rows = shape.getInt(0);
    int columns = shape.getInt(4);
    long nonZeros = shape.getLong(8);
    if (rows < 0 || columns < 0 || nonZeros < 0 || nonZeros > Integer.MAX_VALUE) {
      throw new ModelFormatException(
          SectionType.MATRIX_SHAPE.name(), "rows, columns and non-zeros must be in [0, 2^31 - 1], were "
              + rows + ", " + columns + ", " + nonZeros);
    }
    String wide = io.playknn.internal.LoadLimits.columnsProblem(columns, nonZeros, rows);
    if (wide != null) {
      throw new ModelFormatException(SectionType.MATRIX_SHAPE.name(), wide);
    }
    ByteBuffer rp = bodies.get(SectionType.ROW_POINTERS);
    expectLength(SectionType.ROW_POINTERS, rp, 4L * (rows + 1L));
    ByteBuffer ci = bodies.get(SectionType.COLUMN_INDICES);
    expectLength(SectionType.COLUMN_INDICES, ci, 4L * nonZeros);
    ByteBuffer vs = bodies.get(SectionType.VALUES);
    expectLength(SectionType.VALUES, vs, 8L * nonZeros);
    // Every length now matches the section it is read from, so allocations are bounded by it.
    int[] pointers = new int[rows + 1];
    rp.asIntBuffer().get(pointers);
    int[] indices = new int[(int) nonZeros];
    ci.asIntBuffer().get(indices);
    double[] values = new double[(int) nonZeros];
    vs.asDoubleBuffer().get(values);
    SparseMatrix items;
    try {
      items = SparseMatrix.fromCsr(rows, columns, pointers, indices, values);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException("ROW_POINTERS/COLUMN_INDICES/VALUES",
          "not a valid CSR matrix: " + e.getMessage(), e);
    }
    // fromCsr would sort a row and sum repeated columns; the format stores canonical rows only.
    for (int r = 0; r < rows; r++) {
      for (int p = pointers[r] + 1; p < pointers[r + 1]; p++) {
        if (indices[p] <= indices[p - 1]) {
          throw new ModelFormatException(
              SectionType.COLUMN_INDICES.name(),
              "must be strictly increasing within a row, but row " + r + " holds column "
                  + indices[p - 1] + " before " + indices[p]);
        }
      }
    }
    List<String> optionPairs = readStrings(SectionType.OPTIONS, bodies.get(SectionType.OPTIONS));
    int tableK = tableK(optionPairs);
    KnnOptions options = options(optionPairs);
    List<String> names = readStrings(SectionType.ITEM_NAMES, bodies.get(SectionType.ITEM_NAMES));
    if (names.size() != rows) {
      throw new ModelFormatException(
          SectionType.ITEM_NAMES.name(), "must hold one name per row, " + rows + ", held " + names.size());
    }
    try {
      ItemNames.requireUnique(names);
    } catch (DuplicateItemNameException e) {
      throw new ModelFormatException(SectionType.ITEM_NAMES.name(), e.getMessage(), e);
    }
    List<String> users = null;
    if (bodies.containsKey(SectionType.USER_IDS)) {
      users = readStrings(SectionType.USER_IDS, bodies.get(SectionType.USER_IDS));
      if (users.size() != columns) {
        throw new ModelFormatException(
            SectionType.USER_IDS.name(), "must hold one id per column, " + columns + ", held " + users.size());
      }
    }
    NeighborTable neighbors = neighborTable(bodies, rows, tableK, retainable);
    // Look the provider up first: an unknown one is the caller's class path, not the file.
    NearestNeighborsProvider provider = NearestNeighbors.provider(options.algorithm());
    try {
      return new KnnModel(items, options, names, users, neighbors, tableK);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(
          SectionType.OPTIONS.name(),
          "provider " + provider.name() + " rejects the stored options: " + e.getMessage(), e);
    }
  }

  /**
   * Reads the optional 1.1 neighbour table: both sections and {@code table_k}, or none of them.
   * Lengths are checked before anything is allocated; a retainable (memory-mapped) source is
   * wrapped without copying, any other source copied to heap arrays; the contents are checked in
   * one pass by {@link NeighborTable#ofAllItems}.
   *
   * @return the table, or {@code null} if the file has none
   */
  private static NeighborTable neighborTable(
      Map<SectionType, ByteBuffer> bodies, int rows, int tableK, boolean retainable)
      throws ModelFormatException {
    ByteBuffer ni = bodies.get(SectionType.NEIGHBOR_INDICES);
    ByteBuffer nd = bodies.get(SectionType.NEIGHBOR_DISTANCES);
    if ((ni == null) != (nd == null)) {
      SectionType missing = ni == null ? SectionType.NEIGHBOR_INDICES : SectionType.NEIGHBOR_DISTANCES;
      SectionType present = ni == null ? SectionType.NEIGHBOR_DISTANCES : SectionType.NEIGHBOR_INDICES;
      throw new ModelFormatException(
          missing.name(), "must be present when " + present.name() + " is (both or neither), is missing");
    }
    if ((ni != null) != (tableK > 0)) {
      throw new ModelFormatException(
          SectionType.OPTIONS.name(), ni != null
              ? "key \"" + TABLE_K + "\" must be present with sections NEIGHBOR_INDICES and "
                  + "NEIGHBOR_DISTANCES, is missing"
              : "key \"" + TABLE_K + "\" must be absent without sections NEIGHBOR_INDICES and "
                  + "NEIGHBOR_DISTANCES, is " + tableK);
    }
    if (ni == null) {
      return null;
    }
    int width = (int) Math.max(0, Math.min(tableK, rows - 1L));
    long entries = (long) rows * width;
    expectTableLength(SectionType.NEIGHBOR_INDICES, ni, Integer.BYTES, rows, width, tableK);
    expectTableLength(SectionType.NEIGHBOR_DISTANCES, nd, Double.BYTES, rows, width, tableK);
    // Both lengths match their sections: the copies below are bounded by them.
    IntBuffer indices = ni.asIntBuffer();
    DoubleBuffer distances = nd.asDoubleBuffer();
    if (!retainable) {
      int[] is = new int[(int) entries];
      indices.get(is);
      indices = IntBuffer.wrap(is);
      double[] ds = new double[(int) entries];
      distances.get(ds);
      distances = DoubleBuffer.wrap(ds);
    }
    try {
      return NeighborTable.ofAllItems(rows, width, indices, distances);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(
          NEIGHBOR_SECTIONS, "not a valid neighbour table: " + e.getMessage(), e);
    }
  }

  private static void expectTableLength(
      SectionType t, ByteBuffer body, int bytesPer, int rows, int width, int tableK)
      throws ModelFormatException {
    long entries = (long) rows * width;
    // entries < 2^62; compare without multiplying so a forged shape cannot overflow.
    if (body.limit() % bytesPer != 0 || body.limit() / bytesPer != entries) {
      throw new ModelFormatException(
          t.name(), "length must be " + bytesPer + " × rows × width = " + bytesPer + " × " + rows
              + " × " + width + " bytes (rows from MATRIX_SHAPE, width = min(table_k = " + tableK
              + ", rows - 1)), was " + body.limit());
    }
  }

  /** @return the value of the {@code table_k} option, {@code >= 1}, or 0 if it is absent */
  private static int tableK(List<String> kv) throws ModelFormatException {
    int found = 0;
    for (int i = 0; i + 1 < kv.size(); i += 2) {
      if (kv.get(i).equals(TABLE_K)) {
        String value = kv.get(i + 1);
        int k;
        try {
          k = Integer.parseInt(value);
        } catch (NumberFormatException e) {
          k = 0;
        }
        if (k < 1 || !value.equals(Integer.toString(k))) {
          throw new ModelFormatException(
              SectionType.OPTIONS.name(), "\"" + TABLE_K + "\" must be a decimal integer in [1, "
                  + Integer.MAX_VALUE + "], was \"" + value + "\"");
        }
        if (found != 0) {
          throw new ModelFormatException(
              SectionType.OPTIONS.name(), "key \"" + TABLE_K + "\" must appear once, appears twice");
        }
        found = k;
      }
    }
    return found;
  }

  private static void expectLength(SectionType t, ByteBuffer body, long expected)
      throws ModelFormatException {
    if (body.limit() != expected) {
      throw new ModelFormatException(
          t.name(), "length must be " + expected + " bytes (from MATRIX_SHAPE), was " + body.limit());
    }
  }

  private static List<String> readStrings(SectionType t, ByteBuffer body) throws ModelFormatException {
    String where = t.name();
    if (body.limit() < 4) {
      throw new ModelFormatException(where, "string list needs a 4-byte count, section has " + body.limit());
    }
    long count = Integer.toUnsignedLong(body.getInt(0));
    // Each string takes at least its 4-byte length: bound the count by the section before allocating.
    if (count > (body.limit() - 4) / 4) {
      throw new ModelFormatException(
          where, "string count must be at most " + (body.limit() - 4) / 4
              + " (4 bytes each in a " + body.limit() + "-byte section), was " + count);
    }
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    List<String> out = new ArrayList<>((int) count);
    int at = 4;
    for (int i = 0; i < count; i++) {
      if (body.limit() - at < 4) {
        throw new ModelFormatException(where, "string " + i + " length runs past the section end " + body.limit());
      }
      long len = Integer.toUnsignedLong(body.getInt(at));
      at += 4;
      if (len > body.limit() - at) {
        throw new ModelFormatException(
            where, "string " + i + " length must be at most " + (body.limit() - at)
                + " (bytes left in the section), was " + len);
      }
      try {
        out.add(utf8.decode(body.duplicate().position(at).limit(at + (int) len)).toString());
      } catch (CharacterCodingException e) {
        throw new ModelFormatException(where, "string " + i + " is not valid UTF-8", e);
      }
      at += (int) len;
    }
    if (at != body.limit()) {
      throw new ModelFormatException(
          where, "strings end at byte " + at + " but the section has " + body.limit());
    }
    return out;
  }

  /** Option keys a file may hold, in the order {@link #optionPairs} writes them. */
  static final List<String> OPTION_KEYS =
      List.of("algorithm", "metric", "neighbors", TABLE_K, "parameter." + LEAF_SIZE);
  /**
   * Keys earlier writers stored that describe how the training machine ran, not what the model
   * is: read for compatibility and ignored, never obeyed.
   */
  static final List<String> IGNORED_KEYS = List.of(
      "threads", "parameter.batch_kernel", "parameter.head_size", "parameter.query_prefetch",
      "parameter.query_split", "parameter.tile_size");
  /** Largest {@code leaf_size} a file may give: larger leaves are one leaf for any real catalogue. */
  static final int MAX_LEAF_SIZE = 1 << 20;
  private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("0|[1-9][0-9]{0,9}");

  /**
   * Reads the options section by one strict grammar: known keys only (an unknown key is rejected
   * naming the known ones), each at most once; names are lower-case ASCII; integers are ASCII
   * decimal without sign or leading zeros, within their documented range. Runtime settings of
   * earlier writers ({@link #IGNORED_KEYS}) are skipped.
   */
  private static KnnOptions options(List<String> kv) throws ModelFormatException {
    String where = SectionType.OPTIONS.name();
    if (kv.size() % 2 != 0) {
      throw new ModelFormatException(where, "must hold key/value pairs, held " + kv.size() + " strings");
    }
    Map<String, String> found = new java.util.HashMap<>();
    for (int i = 0; i < kv.size(); i += 2) {
      String key = kv.get(i);
      if (!OPTION_KEYS.contains(key) && !IGNORED_KEYS.contains(key)) {
        throw new ModelFormatException(
            where, "unknown option key \"" + key + "\"; known keys are " + OPTION_KEYS);
      }
      if (found.put(key, kv.get(i + 1)) != null) {
        throw new ModelFormatException(where, "key \"" + key + "\" must appear once, appears twice");
      }
    }
    for (String required : List.of("algorithm", "metric", "neighbors")) {
      if (!found.containsKey(required)) {
        throw new ModelFormatException(where, "missing key \"" + required + "\"");
      }
    }
    String algorithm = found.get("algorithm");
    if (!NAME.matcher(algorithm).matches()) {
      throw new ModelFormatException(
          where, "\"algorithm\" must be a lower-case ASCII name ([a-z][a-z0-9_]*), was \"" + algorithm + "\"");
    }
    Metric metric = null;
    for (Metric m : Metric.values()) {
      if (m.id().equals(found.get("metric"))) {
        metric = m;
      }
    }
    if (metric == null) {
      throw new ModelFormatException(
          where, "\"metric\" must be one of [cosine, euclidean], was \"" + found.get("metric") + "\"");
    }
    KnnOptions.Builder b = KnnOptions.builder().algorithm(algorithm).metric(metric)
        .neighbors(decimal(found, "neighbors", 1, Integer.MAX_VALUE));
    if (found.containsKey("parameter." + LEAF_SIZE)) {
      int leafSize = decimal(found, "parameter." + LEAF_SIZE, 1, MAX_LEAF_SIZE);
      // Earlier writers stored it for any algorithm; one that does not read it never obeyed it.
      if (reads(algorithm, LEAF_SIZE)) {
        b.parameter(LEAF_SIZE, Integer.toString(leafSize));
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(where, "invalid options: " + e.getMessage(), e);
    }
  }

  /** Whether the provider named {@code algorithm} reads the parameter; true if it is not present. */
  private static boolean reads(String algorithm, String parameter) {
    try {
      return NearestNeighbors.provider(algorithm).parameterNames().contains(parameter);
    } catch (IllegalArgumentException absent) {
      return true;
    }
  }

  /** @return the value of {@code key}, an ASCII decimal integer in {@code [min, max]} */
  private static int decimal(Map<String, String> found, String key, int min, int max)
      throws ModelFormatException {
    String value = found.get(key);
    long v = DECIMAL.matcher(value).matches() ? Long.parseLong(value) : -1;
    if (v < min || v > max) {
      throw new ModelFormatException(
          SectionType.OPTIONS.name(), "\"" + key + "\" must be an ASCII decimal integer in [" + min + ", "
              + max + "] without sign or leading zeros, was \"" + value + "\"");
    }
    return (int) v;
  }

  private static String hex(byte b) {
    return String.format("%02x", b & 0xff);
  }

  private static String hex32(long v) {
    return String.format("0x%08x", v);
  }
}
