package io.playknn.matrix;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes SciPy sparse {@code .npz} files, the format of {@code scipy.sparse.save_npz} and
 * {@code load_npz}: a zip archive of NumPy {@code .npy} arrays {@code data}, {@code indices},
 * {@code indptr}, {@code shape} (two integers: rows, columns) and {@code format} (the byte string
 * {@code b"csr"} or {@code b"csc"}).
 *
 * <p>The reader accepts:
 *
 * <ul>
 *   <li>{@code csr} and {@code csc} matrices (other SciPy formats such as {@code coo} are
 *       rejected);
 *   <li>{@code indices} and {@code indptr} of dtype int32 or int64 (values must fit in an {@code
 *       int});
 *   <li>{@code data} of dtype float32, float64, int32, int64 or bool, converted to {@code double}
 *       (int64 values beyond 2<sup>53</sup> are rounded to the nearest double);
 *   <li>little-endian ({@code <}), big-endian ({@code >}) and byte-order-free ({@code |}, one-byte
 *       types) arrays; {@code .npy} format versions 1.0, 2.0 and 3.0 (UTF-8 header); C or Fortran
 *       order (the same thing for the 0-d and 1-D arrays of a sparse file; arrays of two or more
 *       dimensions are rejected);
 *   <li>deflated ({@code save_npz(compressed=True)}, the default) and stored zip entries. Entries
 *       other than the five arrays (such as SciPy's {@code _is_array} flag) are ignored.
 * </ul>
 *
 * <p>Reading returns the canonical {@link SparseMatrix} (CSR, columns sorted within a row,
 * duplicate entries summed), whatever the file's layout, as {@link SparseMatrix#fromCsr} and {@link
 * SparseMatrix#fromCsc} build it. Every problem with the content, from a file that is not a zip
 * archive to an {@code indptr} that decreases, is an {@link NpzFormatException} that names the
 * array and the rule broken; no other exception type escapes for bad content. Memory use is bounded
 * by what the file really contains: array sizes declared in headers are checked against the bytes
 * present, never trusted for an allocation. The one exception is the row count of the shape: the
 * CSR result keeps {@code rows + 1} row pointers, so a file declaring many rows costs O(rows)
 * memory even when it stores no entry (a CSR file's {@code indptr} already holds that many; a
 * CSC file's row count is bounded by the column rule below).
 *
 * <p>Bounds, each checked before anything sized by it is allocated, each failure an {@link
 * NpzFormatException}:
 *
 * <ul>
 *   <li>Columns: a matrix may hold many empty columns, so the column count is not checked against
 *       the stored entries alone, but a file may declare at most {@code max(2^22, 8 × (entries +
 *       rows))} columns (what is built from the matrix, such as an index's transpose, keeps
 *       per-column arrays). In a {@code csc} file, whose {@code indptr} runs over the columns, the
 *       rule bounds the rows instead: at most {@code max(2^22, 8 × (entries + columns))}. System
 *       property {@code io.playknn.maxEmptyColumns} raises the floor 2<sup>22</sup> for a
 *       legitimately larger, emptier matrix.
 *   <li>Inflation: the entries of one archive may inflate to at most {@code
 *       io.playknn.npz.maxInflatedBytes} bytes (system property; default an eighth of the maximum
 *       heap, at least 64 MiB), counted as they are read, so a zip bomb ends at the cap.
 *   <li>Entries that are not one of the five arrays: {@link #read(Path)} never opens them (they
 *       are not inflated); {@link #read(InputStream)}, which has no central directory, inflates
 *       them to reach the next entry, within the same cap.
 * </ul>
 *
 * <p>All methods are static and thread-safe; concurrent calls share no state.
 */
public final class Npz {
  /** The arrays of a sparse {@code .npz}, in the order SciPy writes them. */
  private static final List<String> ARRAYS =
      List.of("indices", "indptr", "format", "shape", "data");

  /** Entry time of written entries: fixed, so equal matrices give byte-identical files. */
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

  private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};
  private static final byte[] EMPTY_ARCHIVE = {'P', 'K', 5, 6};

  private Npz() {}

  /** How the compressed arrays are laid out, SciPy's {@code format} string. */
  public enum Format {
    /** Compressed sparse row: {@code indptr} runs over rows, {@code indices} are columns. */
    CSR,
    /** Compressed sparse column: {@code indptr} runs over columns, {@code indices} are rows. */
    CSC
  }

  /** The dtype written for {@code indices} and {@code indptr}. */
  public enum IndexType {
    /** 32-bit signed integers, {@code int32}; what SciPy uses whenever the values fit. */
    INT32,
    /** 64-bit signed integers, {@code int64}. */
    INT64
  }

  /** The dtype written for {@code data}. */
  public enum DataType {
    /**
     * 32-bit floats, {@code float32}. Lossy: each value is rounded to the nearest float (about 7
     * significant digits), and values below about 1.4e-45 in magnitude become stored zeros. Values
     * beyond the float range (magnitude above about 3.4e38) are rejected.
     */
    FLOAT32,
    /** 64-bit floats, {@code float64}: exact. */
    FLOAT64
  }

  /**
   * How {@link #write(SparseMatrix, Path, Options)} lays out a file. Immutable; start from {@link
   * #defaults()} and change components with the {@code with} methods.
   *
   * @param format CSR or CSC layout
   * @param indexType dtype of {@code indices} and {@code indptr}
   * @param dataType dtype of {@code data}; {@link DataType#FLOAT32} is lossy
   * @param byteOrder byte order of every multi-byte array, {@link ByteOrder#LITTLE_ENDIAN} or
   *     {@link ByteOrder#BIG_ENDIAN}
   * @param compressed {@code true} to deflate zip entries (as {@code save_npz(compressed=True)}),
   *     {@code false} to store them
   */
  public record Options(
      Format format,
      IndexType indexType,
      DataType dataType,
      ByteOrder byteOrder,
      boolean compressed) {

    /**
     * Checks the components.
     *
     * @param format CSR or CSC layout
     * @param indexType dtype of {@code indices} and {@code indptr}
     * @param dataType dtype of {@code data}
     * @param byteOrder byte order of every multi-byte array
     * @param compressed whether to deflate zip entries
     * @throws NullPointerException if a component is {@code null}
     */
    public Options {
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(indexType, "indexType");
      Objects.requireNonNull(dataType, "dataType");
      Objects.requireNonNull(byteOrder, "byteOrder");
    }

    /**
     * Returns what {@code scipy.sparse.save_npz} writes for a CSR matrix of doubles on a
     * little-endian machine: CSR, int32 indices, float64 data, little-endian, compressed.
     *
     * @return the default options
     */
    public static Options defaults() {
      return new Options(
          Format.CSR, IndexType.INT32, DataType.FLOAT64, ByteOrder.LITTLE_ENDIAN, true);
    }

    /**
     * Returns these options with another layout.
     *
     * @param format CSR or CSC
     * @return the changed copy
     */
    public Options withFormat(Format format) {
      return new Options(format, indexType, dataType, byteOrder, compressed);
    }

    /**
     * Returns these options with another index dtype.
     *
     * @param indexType int32 or int64
     * @return the changed copy
     */
    public Options withIndexType(IndexType indexType) {
      return new Options(format, indexType, dataType, byteOrder, compressed);
    }

    /**
     * Returns these options with another data dtype.
     *
     * @param dataType float32 (lossy) or float64
     * @return the changed copy
     */
    public Options withDataType(DataType dataType) {
      return new Options(format, indexType, dataType, byteOrder, compressed);
    }

    /**
     * Returns these options with another byte order.
     *
     * @param byteOrder little- or big-endian
     * @return the changed copy
     */
    public Options withByteOrder(ByteOrder byteOrder) {
      return new Options(format, indexType, dataType, byteOrder, compressed);
    }

    /**
     * Returns these options with entries deflated or stored.
     *
     * @param compressed {@code true} to deflate, {@code false} to store
     * @return the changed copy
     */
    public Options withCompressed(boolean compressed) {
      return new Options(format, indexType, dataType, byteOrder, compressed);
    }
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads a sparse matrix from a {@code .npz} file, through the zip central directory.
   *
   * @param file the file
   * @return the canonical matrix
   * @throws NpzFormatException if the file is not a zip archive, is truncated, misses an array, or
   *     an array is malformed, unsupported or inconsistent with the others; the message starts with
   *     the file and names the array
   * @throws IOException if the file cannot be read
   */
  public static SparseMatrix read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    if (file.getFileSystem() != FileSystems.getDefault()) {
      try (InputStream in = Files.newInputStream(file)) {
        return read(in);
      } catch (NpzFormatException e) {
        throw e.inFile(file.toString());
      }
    }
    try {
      return readZipFile(file);
    } catch (NpzFormatException e) {
      throw e.inFile(file.toString());
    }
  }

  private static SparseMatrix readZipFile(Path file) throws IOException {
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException | EOFException e) {
      // EOFException: the end record's length fields point past the file's end.
      throw new NpzFormatException(
          null, "not a zip archive, or a truncated one (" + e.getMessage() + ")", e);
    }
    try (zip) {
      Map<String, ZipEntry> entries = new HashMap<>();
      List<String> names = new ArrayList<>();
      try {
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
          ZipEntry entry = en.nextElement();
          names.add(entry.getName());
          String key = arrayName(entry.getName());
          if (key != null && entries.put(key, entry) != null) {
            throw duplicate(key, entry.getName());
          }
        }
      } catch (IllegalArgumentException e) {
        throw new NpzFormatException(null, "corrupt zip archive (" + e.getMessage() + ")", e);
      }
      Parts parts = new Parts(names);
      for (String name : ARRAYS) {
        ZipEntry entry = entries.get(name);
        if (entry != null) {
          try (CheckedInputStream in =
              new CheckedInputStream(openEntry(zip, entry, name), new CRC32())) {
            parts.read(name, in); // reads the entry to its end, or throws
            long crc = in.getChecksum().getValue();
            if (entry.getCrc() != -1 && crc != entry.getCrc()) {
              throw new NpzFormatException(
                  name,
                  String.format(
                      Locale.ROOT,
                      "corrupt zip entry: its CRC-32 is %08x, the archive records %08x",
                      crc,
                      entry.getCrc()));
            }
          }
        }
      }
      return parts.toMatrix();
    }
  }

  private static InputStream openEntry(ZipFile zip, ZipEntry entry, String name)
      throws IOException {
    try {
      return zip.getInputStream(entry);
    } catch (ZipException | EOFException e) {
      throw corruptEntry(name, e);
    }
  }

  /**
   * Reads a sparse matrix from a stream holding a {@code .npz} zip archive, entry by entry (the
   * central directory at the end of the archive is not consulted, so an archive cut off after its
   * last complete entry still reads). The stream is not closed, and its position afterwards is
   * unspecified: the zip reader and its buffer may read past the last entry, so bytes after the
   * archive are not left for the caller.
   *
   * @param in the zip archive's bytes
   * @return the canonical matrix
   * @throws NpzFormatException if the stream is not a zip archive, is truncated inside an entry,
   *     misses an array, or an array is malformed, unsupported or inconsistent with the others
   * @throws IOException if reading the stream fails
   */
  public static SparseMatrix read(InputStream in) throws IOException {
    Objects.requireNonNull(in, "in");
    BufferedInputStream buffered = new BufferedInputStream(new NonClosingInput(in));
    buffered.mark(LOCAL_HEADER.length);
    byte[] signature = buffered.readNBytes(LOCAL_HEADER.length);
    buffered.reset();
    if (!java.util.Arrays.equals(signature, LOCAL_HEADER)
        && !java.util.Arrays.equals(signature, EMPTY_ARCHIVE)) {
      throw new NpzFormatException(
          null,
          "not a zip archive: it starts with "
              + hex(signature)
              + ", expected 50 4b 03 04 (PK\\003\\004)");
    }
    List<String> names = new ArrayList<>();
    Parts parts = new Parts(names);
    try (ZipInputStream zip = new ZipInputStream(buffered)) {
      for (ZipEntry entry = nextEntry(zip); entry != null; entry = nextEntry(zip)) {
        names.add(entry.getName());
        String key = arrayName(entry.getName());
        if (key == null) {
          // A stream has no central directory: the entry is inflated to reach the next one, and
          // its bytes count against the inflation cap (the file reader never opens it).
          parts.skip(entry.getName(), zip);
          continue;
        }
        if (parts.has(key)) {
          throw duplicate(key, entry.getName());
        }
        parts.read(key, zip);
      }
    }
    return parts.toMatrix();
  }

  private static ZipEntry nextEntry(ZipInputStream zip) throws IOException {
    try {
      return zip.getNextEntry();
    } catch (ZipException | EOFException | IllegalArgumentException e) {
      throw new NpzFormatException(
          null, "corrupt or truncated zip archive (" + e.getMessage() + ")", e);
    }
  }

  /** {@code "data.npy"} and {@code "data"} (as NumPy's loader also accepts) map to "data". */
  private static String arrayName(String entryName) {
    String key =
        entryName.endsWith(".npy") ? entryName.substring(0, entryName.length() - 4) : entryName;
    return ARRAYS.contains(key) ? key : null;
  }

  private static NpzFormatException duplicate(String key, String entryName) {
    return new NpzFormatException(
        key, "the archive holds more than one entry for this array (another '" + entryName + "')");
  }

  private static NpzFormatException corruptEntry(String name, IOException e) {
    return new NpzFormatException(
        name, "corrupt or truncated zip entry (" + e.getMessage() + ")", e);
  }

  /** The arrays read so far, and their assembly into a matrix. */
  private static final class Parts {
    private final List<String> entryNames;
    private int[] indices;
    private int[] indptr;
    private double[] data;
    private long[] shape;
    private String format;

    private final long[] budget = {maxInflatedBytes()};

    Parts(List<String> entryNames) {
      this.entryNames = entryNames;
    }

    boolean has(String name) {
      switch (name) {
        case "indices":
          return indices != null;
        case "indptr":
          return indptr != null;
        case "data":
          return data != null;
        case "shape":
          return shape != null;
        default:
          return format != null;
      }
    }

    void read(String name, InputStream raw) throws IOException {
      InputStream in = new Budget(raw, name, budget);
      try {
        switch (name) {
          case "indices":
            indices = NpyReader.readIndexArray(name, in);
            break;
          case "indptr":
            indptr = NpyReader.readIndexArray(name, in);
            break;
          case "data":
            data = NpyReader.readDataArray(name, in);
            break;
          case "shape":
            shape = NpyReader.readShapeArray(name, in);
            break;
          default:
            format = NpyReader.readFormatArray(name, in);
            break;
        }
      } catch (ZipException | EOFException e) {
        throw corruptEntry(name, e);
      }
    }

    /** Reads an entry that is not an array to its end, within the inflation cap. */
    void skip(String entryName, InputStream raw) throws IOException {
      try {
        new Budget(raw, entryName, budget).transferTo(OutputStream.nullOutputStream());
      } catch (ZipException | EOFException e) {
        throw corruptEntry(entryName, e);
      }
    }

    SparseMatrix toMatrix() throws NpzFormatException {
      for (String name : List.of("format", "shape", "indptr", "indices", "data")) {
        if (!has(name)) {
          throw new NpzFormatException(
              name,
              "missing array: the archive has no entry '"
                  + name
                  + ".npy' (entries: "
                  + entryNames
                  + ")");
        }
      }
      boolean csc;
      if (format.equals("csr")) {
        csc = false;
      } else if (format.equals("csc")) {
        csc = true;
      } else {
        throw new NpzFormatException(
            "format", "unsupported sparse format '" + format + "'; only csr and csc are supported");
      }
      int rows = dimension(shape[0], "rows");
      int columns = dimension(shape[1], "columns");
      int major = csc ? columns : rows;
      int minor = csc ? rows : columns;
      String majorName = csc ? "columns" : "rows";
      String minorName = csc ? "rows" : "columns";
      // indptr backs the major count; the minor one (CSR's columns, CSC's rows) is bounded by it.
      String wide =
          io.playknn.internal.LoadLimits.minorProblem(
              minorName, minor, indices.length, majorName, major);
      if (wide != null) {
        throw new NpzFormatException("shape", wide);
      }
      if (indptr.length != major + 1L) {
        throw fail(
            "indptr",
            "length must be %d (%s + 1 of a %d x %d %s matrix), was %d",
            major + 1L,
            majorName,
            rows,
            columns,
            format,
            indptr.length);
      }
      if (indptr[0] != 0) {
        throw fail("indptr", "indptr[0] must be 0, was %d", indptr[0]);
      }
      for (int i = 0; i < major; i++) {
        if (indptr[i + 1] < indptr[i]) {
          throw fail(
              "indptr",
              "must be non-decreasing, but indptr[%d] = %d < indptr[%d] = %d",
              i + 1,
              indptr[i + 1],
              i,
              indptr[i]);
        }
      }
      if (data.length != indices.length) {
        throw fail(
            "data",
            "length must equal the length of indices %d, was %d",
            indices.length,
            data.length);
      }
      if (indptr[major] != indices.length) {
        throw fail(
            "indptr",
            "last value indptr[%d] must equal the number of stored entries %d (length of indices),"
                + " was %d",
            major,
            indices.length,
            indptr[major]);
      }
      for (int p = 0; p < indices.length; p++) {
        if (indices[p] < 0 || indices[p] >= minor) {
          throw fail(
              "indices",
              "value at position %d must be in [0, %d) (%s of the %s matrix), was %d",
              p,
              minor,
              minorName,
              format,
              indices[p]);
        }
        if (!Double.isFinite(data[p])) {
          throw fail("data", "value at position %d must be finite, was %s", p, data[p]);
        }
      }
      try {
        return csc
            ? SparseMatrix.fromCsc(rows, columns, indptr, indices, data)
            : SparseMatrix.fromCsr(rows, columns, indptr, indices, data);
      } catch (IllegalArgumentException e) {
        throw new NpzFormatException("data", "inconsistent arrays: " + e.getMessage(), e);
      }
    }

    private static int dimension(long value, String what) throws NpzFormatException {
      if (value < 0 || value > CsrMatrix.MAX_DIMENSION) {
        throw fail("shape", "%s must be in [0, %d], was %d", what, CsrMatrix.MAX_DIMENSION, value);
      }
      return (int) value;
    }

    private static NpzFormatException fail(String array, String format, Object... args) {
      return new NpzFormatException(array, String.format(Locale.ROOT, format, args));
    }
  }

  // ---------------------------------------------------------------- writing

  /**
   * Writes a matrix as {@code scipy.sparse.save_npz} does by default: CSR, int32 indices, float64
   * data, little-endian, compressed (see {@link Options#defaults()}). Reading the file back gives
   * an equal matrix; {@code scipy.sparse.load_npz} reads it as a {@code csr_matrix}.
   *
   * @param matrix the matrix
   * @param file the file, created or replaced
   * @throws IOException if writing fails (the file may then be incomplete)
   */
  public static void write(SparseMatrix matrix, Path file) throws IOException {
    write(matrix, file, Options.defaults());
  }

  /**
   * Writes a matrix as a SciPy sparse {@code .npz} file laid out as {@code options} says.
   *
   * @param matrix the matrix
   * @param file the file, created or replaced
   * @param options layout, dtypes, byte order and compression
   * @throws IllegalArgumentException if {@code options} asks for float32 and a value's magnitude
   *     exceeds the float range (checked before the file is opened)
   * @throws IOException if writing fails (the file may then be incomplete)
   */
  public static void write(SparseMatrix matrix, Path file, Options options) throws IOException {
    Objects.requireNonNull(matrix, "matrix");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    checkRepresentable(matrix, options);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      writeArchive(matrix, out, options);
    }
  }

  /**
   * Writes a matrix as a SciPy sparse {@code .npz} zip archive to a stream. The archive is complete
   * when the method returns; the stream is flushed but not closed.
   *
   * @param matrix the matrix
   * @param out the destination
   * @param options layout, dtypes, byte order and compression
   * @throws IllegalArgumentException if {@code options} asks for float32 and a value's magnitude
   *     exceeds the float range (checked before anything is written)
   * @throws IOException if writing fails
   */
  public static void write(SparseMatrix matrix, OutputStream out, Options options)
      throws IOException {
    Objects.requireNonNull(matrix, "matrix");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(options, "options");
    checkRepresentable(matrix, options);
    writeArchive(matrix, out, options);
  }

  private static void checkRepresentable(SparseMatrix matrix, Options options) {
    if (options.dataType() != DataType.FLOAT32) {
      return;
    }
    for (int r = 0; r < matrix.rows(); r++) {
      for (int p = matrix.rowStart(r); p < matrix.rowEnd(r); p++) {
        double v = matrix.valueAt(p);
        if (Float.isInfinite((float) v)) {
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT,
                  "value at (%d, %d) must be within the float32 range +-%s to be written as"
                      + " FLOAT32, was %s",
                  r,
                  matrix.columnAt(p),
                  Float.MAX_VALUE,
                  v));
        }
      }
    }
  }

  /** An array's bytes, produced on demand (twice for a stored entry: CRC, then content). */
  private interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private static void writeArchive(SparseMatrix matrix, OutputStream out, Options options)
      throws IOException {
    SparseMatrix major = options.format() == Format.CSC ? matrix.transpose() : matrix;
    int[] pointers = major.copyRowPointers();
    int nnz = major.nonZeros();
    boolean wide = options.indexType() == IndexType.INT64;
    boolean single = options.dataType() == DataType.FLOAT32;
    ByteOrder order = options.byteOrder();
    long[] shape = {matrix.rows(), matrix.columns()};
    String format = options.format() == Format.CSC ? "csc" : "csr";
    try (ZipOutputStream zip = new ZipOutputStream(new NonClosingOutput(out))) {
      entry(zip, "indices", options, o -> NpyWriter.ints(o, nnz, major::columnAt, wide, order));
      entry(
          zip,
          "indptr",
          options,
          o -> NpyWriter.ints(o, pointers.length, i -> pointers[i], wide, order));
      entry(zip, "format", options, o -> NpyWriter.byteString(o, format));
      entry(zip, "shape", options, o -> NpyWriter.longs(o, shape, order));
      entry(zip, "data", options, o -> NpyWriter.doubles(o, nnz, major::valueAt, single, order));
    }
  }

  private static void entry(ZipOutputStream zip, String name, Options options, Body body)
      throws IOException {
    ZipEntry entry = new ZipEntry(name + ".npy");
    entry.setTimeLocal(ENTRY_TIME);
    if (options.compressed()) {
      entry.setMethod(ZipEntry.DEFLATED);
    } else {
      CrcCounter counter = new CrcCounter();
      body.writeTo(counter);
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(counter.count);
      entry.setCompressedSize(counter.count);
      entry.setCrc(counter.crc.getValue());
    }
    zip.putNextEntry(entry);
    body.writeTo(zip);
    zip.closeEntry();
  }

  /** Discards bytes, keeping their CRC-32 and count (a stored zip entry needs both up front). */
  private static final class CrcCounter extends OutputStream {
    private final CRC32 crc = new CRC32();
    private long count;

    @Override
    public void write(int b) {
      crc.update(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      crc.update(b, off, len);
      count += len;
    }
  }

  /** Passes writes through; {@code close()} only flushes, leaving the caller's stream open. */
  private static final class NonClosingOutput extends FilterOutputStream {
    NonClosingOutput(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  /** Passes reads through; {@code close()} does nothing, leaving the caller's stream open. */
  /**
   * System property bounding the bytes the arrays of one archive may inflate to; default an eighth
   * of the maximum heap ({@link Runtime#maxMemory()}), at least 64 MiB.
   */
  static final String MAX_INFLATED_PROPERTY = "io.playknn.npz.maxInflatedBytes";

  static long maxInflatedBytes() {
    String set = System.getProperty(MAX_INFLATED_PROPERTY);
    if (set != null) {
      try {
        return Math.max(0, Long.parseLong(set.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            MAX_INFLATED_PROPERTY + " must be a decimal integer, was \"" + set + "\"", e);
      }
    }
    return Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 8);
  }

  /** Counts the bytes read from the archive's entries against one shared budget. */
  private static final class Budget extends FilterInputStream {
    private final String name;
    private final long[] left;

    Budget(InputStream in, String name, long[] left) {
      super(in);
      this.name = name;
      this.left = left;
    }

    private void spend(long n) throws NpzFormatException {
      left[0] -= n;
      if (left[0] < 0) {
        throw new NpzFormatException(
            name, "the entries inflate to more than " + maxInflatedBytes() + " bytes, the limit set by"
                + " -D" + MAX_INFLATED_PROPERTY + " (default an eighth of the maximum heap)");
      }
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        spend(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        spend(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      spend(skipped);
      return skipped;
    }

    @Override
    public void close() {
      // The entry's stream is closed by its owner.
    }
  }

  private static final class NonClosingInput extends FilterInputStream {
    NonClosingInput(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }

  private static String hex(byte[] bytes) {
    if (bytes.length == 0) {
      return "nothing (empty input)";
    }
    StringBuilder s = new StringBuilder();
    for (byte b : bytes) {
      s.append(s.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02x", b & 0xff));
    }
    return s.toString();
  }
}
