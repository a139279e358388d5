package io.playknn.model;

import io.playknn.internal.Checks;
import io.playknn.knn.KnnOptions;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.knn.ProgressListener;
import io.playknn.matrix.SparseMatrix;
import io.playknn.recommend.DuplicateItemNameException;
import io.playknn.recommend.ItemNames;
import io.playknn.recommend.Recommender;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A fitted nearest-neighbour model: the item × user matrix the index was fitted on, the options it
 * was fitted with, the name of every item (row) and optionally the id of every user (column), and
 * the fitted {@link NearestNeighbors} index, and optionally every item's precomputed nearest
 * neighbours ({@link #withNeighborTable}). Immutable and safe for concurrent queries.
 *
 * <p>{@link #save} writes one versioned binary file (layout in {@code docs/MODEL_FORMAT.md}); {@link
 * #load} reads it back without running any code from it, and re-fits the index through the {@link
 * io.playknn.knn.NearestNeighborsProvider} SPI from the stored matrix and options, so every
 * provider round-trips and a loaded model answers exactly as the saved one did.
 *
 * <pre>{@code
 * KnnModel model = KnnModel.fit(artistByUser, options, artistNames);
 * model.save(Path.of("model.pknn"));
 * KnnModel same = KnnModel.load(Path.of("model.pknn"));
 * Neighbors similar = same.index().kneighbors(0, 15);
 *
 * // Every item's 100 nearest neighbours, computed once and saved with the model; loading the file
 * // later memory-maps them instead of recomputing or copying them.
 * model.withNeighborTable(100).save(Path.of("model.pknn"));
 * NeighborTable all = KnnModel.load(Path.of("model.pknn")).neighborTable().orElseThrow();
 * }</pre>
 */
public final class KnnModel {
  /** The conventional file name extension, {@code ".pknn"}. */
  public static final String EXTENSION = ".pknn";

  private final SparseMatrix items;
  private final KnnOptions options;
  private final List<String> itemNames;
  private final List<String> userIds;
  private final NearestNeighbors index;
  /** Every item's neighbours, row q = item q; {@code null} when the model has none. */
  private final NeighborTable neighborTable;
  /** The k the table was computed for ({@code >= 1}); 0 when there is no table. */
  private final int neighborTableK;

  KnnModel(SparseMatrix items, KnnOptions options, List<String> itemNames, List<String> userIds) {
    this(items, options, itemNames, userIds, null, 0);
  }

  /** Fits the index; {@code neighborTable} (or {@code null}) was validated against {@code items}. */
  KnnModel(
      SparseMatrix items,
      KnnOptions options,
      List<String> itemNames,
      List<String> userIds,
      NeighborTable neighborTable,
      int neighborTableK) {
    this(
        items,
        options,
        List.copyOf(itemNames),
        userIds == null ? null : List.copyOf(userIds),
        NearestNeighbors.fit(items, options),
        neighborTable,
        neighborTableK);
  }

  private KnnModel(
      SparseMatrix items,
      KnnOptions options,
      List<String> itemNames,
      List<String> userIds,
      NearestNeighbors index,
      NeighborTable neighborTable,
      int neighborTableK) {
    this.items = items;
    this.options = options;
    this.itemNames = itemNames;
    this.userIds = userIds;
    this.index = index;
    this.neighborTable = neighborTable;
    this.neighborTableK = neighborTable == null ? 0 : neighborTableK;
  }

  /**
   * Fits a model without user ids.
   *
   * @param items item × user matrix, one row per item
   * @param options how to fit the index
   * @param itemNames the name of each row, {@code items.rows()} of them
   * @return the fitted model
   * @throws DuplicateItemNameException if two rows have the same name (the message names it)
   * @throws IllegalArgumentException if the name count differs from the row count, or no provider
   *     has the options' algorithm name, or the provider rejects the options
   */
  public static KnnModel fit(SparseMatrix items, KnnOptions options, List<String> itemNames) {
    return fit(items, options, itemNames, null);
  }

  /**
   * Fits a model.
   *
   * @param items item × user matrix, one row per item
   * @param options how to fit the index
   * @param itemNames the name of each row, {@code items.rows()} of them, none {@code null}, no
   *     two equal
   * @param userIds the id of each column, {@code items.columns()} of them, none {@code null}; or
   *     {@code null} when users are anonymous
   * @return the fitted model
   * @throws DuplicateItemNameException if two rows have the same name (the message names it and
   *     both rows)
   * @throws IllegalArgumentException if a list's size differs from the matrix dimension it names,
   *     or no provider has the options' algorithm name, or the provider rejects the options
   */
  public static KnnModel fit(
      SparseMatrix items, KnnOptions options, List<String> itemNames, List<String> userIds) {
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(itemNames, "itemNames");
    Checks.require(
        itemNames.size() == items.rows(),
        "itemNames must have one name per row (%d), had %d",
        items.rows(),
        itemNames.size());
    ItemNames.requireUnique(itemNames);
    if (userIds != null) {
      Checks.require(
          userIds.size() == items.columns(),
          "userIds must have one id per column (%d), had %d",
          items.columns(),
          userIds.size());
    }
    return new KnnModel(items, options, itemNames, userIds);
  }

  /**
   * Loads a model file, reading its large arrays through a memory map. The matrix is copied to the
   * heap; a {@linkplain #neighborTable() neighbour table} is not: the returned model reads it
   * through the read-only map, which stays valid after this method returns (the file need not stay
   * open). The file must not be modified in place while the model is in use (replacing it, as
   * {@link #save} does, is safe).
   *
   * @param file a file written by {@link #save}
   * @return the model, its index re-fitted from the stored matrix and options, with the stored
   *     neighbour table if the file has one (checked, not recomputed)
   * @throws ModelFormatException if the file is not a valid model file of a supported version:
   *     wrong magic, truncated, a checksum mismatch, a length that does not fit, or invalid contents
   *     (including stored options that the named provider rejects, and two items of one name: then
   *     the section is {@code ITEM_NAMES} and the cause a {@link DuplicateItemNameException})
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if the stored algorithm names no provider on the class path
   */
  public static KnnModel load(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    // A FIFO would block the open, a directory fails with a message that omits the path.
    if (!Files.exists(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString());
    }
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.FileSystemException(
          file.toString(), null, "not a regular file (a model file is read through a memory map)");
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return ModelFormat.read(ModelFormat.of(channel));
    }
  }

  /**
   * Reads a model from the bytes of a model file; everything, a neighbour table included, is copied
   * to the heap, so the buffer may be reused afterwards.
   *
   * @param bytes the whole file, from its position to its limit (not modified)
   * @return the model
   * @throws ModelFormatException as {@link #load}
   * @throws IllegalArgumentException if the stored algorithm names no provider on the class path
   */
  public static KnnModel read(ByteBuffer bytes) throws ModelFormatException {
    Objects.requireNonNull(bytes, "bytes");
    try {
      return ModelFormat.read(ModelFormat.of(bytes));
    } catch (ModelFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("in-memory read failed", e); // cannot happen
    }
  }

  /**
   * Saves this model to a file, atomically where the file system allows: the bytes go to a
   * temporary file in the same directory that is then moved over {@code file}. The matrix and the
   * neighbour table are read twice (for the sections' checksums, then into the file) through a 1
   * MiB buffer, so saving needs little memory beyond the model.
   *
   * @param file the destination; its parent directory must exist
   * @throws IOException if writing fails
   * @throws IllegalArgumentException if a section would exceed the format's 2^31 - 9 bytes (a
   *     matrix of more than 268,435,454 non-zeros, or a neighbour table of more than that many
   *     entries)
   */
  public void save(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ModelFormat.write(this, out);
        out.force(true);
      }
      keepPermissions(file, tmp);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Gives the temporary file the permissions of the file it replaces (a new file keeps the
   * temporary file's owner-only permissions), on file systems with POSIX permissions.
   */
  private static void keepPermissions(Path file, Path tmp) throws IOException {
    if (Files.exists(file)
        && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
    }
  }

  /**
   * Writes this model in the file format to a stream (which is not closed).
   *
   * @param out the destination
   * @throws IOException if writing fails
   * @throws IllegalArgumentException as {@link #save}, if a section would exceed the format's
   *     limit
   */
  public void write(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    ModelFormat.write(this, Channels.newChannel(out));
  }

  /** @return the item × user matrix the index was fitted on */
  public SparseMatrix items() {
    return items;
  }

  /** @return the options the index was fitted with */
  public KnnOptions options() {
    return options;
  }

  /** @return the name of each item, indexed by row; unmodifiable */
  public List<String> itemNames() {
    return itemNames;
  }

  /** @return the id of each user, indexed by column, if the model has them; unmodifiable */
  public Optional<List<String>> userIds() {
    return Optional.ofNullable(userIds);
  }

  /** @return the fitted index, safe for concurrent queries */
  public NearestNeighbors index() {
    return index;
  }

  /**
   * Computes every item's {@code k} nearest neighbours with {@code index().kneighborsAll(k)} and
   * returns a model that holds them, so that {@link #save} stores them (format 1.1) and a later
   * {@link #load} reads them back instead of recomputing. This model is not changed; the new one
   * shares its matrix, names and fitted index.
   *
   * @param k neighbours per item, {@code >= 1}; each row holds {@code min(k, items - 1)}
   * @return a model equal to this one plus the table (replacing any table this one has)
   * @throws IllegalArgumentException if {@code k < 1}, or the table would exceed the format's
   *     largest section ({@code items × min(k, items - 1) × 8} bytes above {@code 2^31 - 9})
   * @throws IllegalStateException if the index's provider breaks its contract (a row that does not
   *     answer its item, or not {@code min(k, items - 1)} neighbours wide)
   */
  public KnnModel withNeighborTable(int k) {
    return withNeighborTable(k, ProgressListener.NONE);
  }

  /**
   * As {@link #withNeighborTable(int)}, telling {@code progress} of the items answered so far (of
   * {@code items().rows()}), as {@link NearestNeighbors#kneighborsAll(int, ProgressListener)} does:
   * from worker threads, possibly out of order.
   *
   * @param k neighbours per item, {@code >= 1}
   * @param progress told of progress; an exception it throws stops the computation and is rethrown
   * @return a model equal to this one plus the table
   * @throws IllegalArgumentException as {@link #withNeighborTable(int)}
   * @throws IllegalStateException as {@link #withNeighborTable(int)}
   */
  public KnnModel withNeighborTable(int k, ProgressListener progress) {
    Objects.requireNonNull(progress, "progress");
    int width = checkTableSize(k);
    return attach(k, width, index.kneighborsAll(k, progress), "kneighborsAll(" + k + ")");
  }

  /**
   * Returns a model that holds a neighbour table computed elsewhere, for example on a cluster,
   * so that {@link #save} stores it as if {@link #withNeighborTable(int)} had computed it. The
   * table's shape is checked (one row per item, row {@code q} answering item {@code q}, {@code
   * min(k, items - 1)} neighbours each, in contract order); its contents are trusted to be this
   * index's {@code kneighborsAll(k)}, as a table loaded from a file is. This model is not changed.
   *
   * @param k the number of neighbours per item the table was computed for, {@code >= 1}
   * @param table every item's neighbours
   * @return a model equal to this one plus the table (replacing any table this one has)
   * @throws IllegalArgumentException if {@code k < 1}, the table would exceed the format's
   *     largest section, or the table's shape does not fit this model
   */
  public KnnModel withNeighborTable(int k, NeighborTable table) {
    Objects.requireNonNull(table, "table");
    int width = checkTableSize(k);
    try {
      return attach(k, width, table, "table");
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** @return the table width {@code min(k, items - 1)}, checked against the format's limit */
  private int checkTableSize(int k) {
    Checks.atLeast("k", k, 1);
    int rows = items.rows();
    int width = (int) Math.max(0, Math.min(k, rows - 1L));
    Checks.require(
        (long) rows * width * Double.BYTES <= ModelFormat.MAX_SECTION_BYTES,
        "k = %d gives a table of %d x %d distances, more than the format's largest section (%d bytes)",
        k,
        rows,
        width,
        ModelFormat.MAX_SECTION_BYTES);
    return width;
  }

  /**
   * @throws IllegalStateException if the table does not have one row per item, answering it with
   *     {@code width} neighbours
   */
  private KnnModel attach(int k, int width, NeighborTable table, String source) {
    int rows = items.rows();
    if (table.size() != rows) {
      throw new IllegalStateException(
          source + " must have one row per item (" + rows + "), had " + table.size());
    }
    for (int r = 0; r < rows; r++) {
      if (table.query(r) != r || table.count(r) != width) {
        throw new IllegalStateException(
            source + " row " + r + " must answer item " + r + " with " + width
                + " neighbours, answered " + table.query(r) + " with " + table.count(r));
      }
    }
    return new KnnModel(items, options, itemNames, userIds, index, table, k);
  }

  /**
   * Every item's nearest neighbours, if this model has them (from {@link #withNeighborTable} or a
   * loaded file): row {@code q} answers item {@code q}, every row holds {@code min(k, items - 1)}
   * neighbours in the result contract's order, as {@code index().kneighborsAll(k)} returned them.
   * A table loaded from a file is checked (indices, finite distances, order) but trusted to be the
   * index's answer; the file's checksums protect it from corruption.
   *
   * @return the table, or empty
   */
  public Optional<NeighborTable> neighborTable() {
    return Optional.ofNullable(neighborTable);
  }

  /**
   * A recommender over this model, serving from the {@linkplain #neighborTable() neighbour table}
   * when the model has one: equal to {@code recommenderBuilder().build()}. With a table, each
   * history item's {@code min(options().neighbors(), table width)} nearest neighbours take part in
   * scoring, and {@link Recommender#fromNeighborTable()} is true; without one the index computes
   * every item's {@code options().neighbors()} nearest neighbours when this method is called.
   *
   * @return the recommender, named by {@link #itemNames()}
   * @throws IllegalArgumentException if the metric is not cosine or the model has fewer than 2
   *     items
   */
  public Recommender recommender() {
    return recommenderBuilder().build();
  }

  /**
   * A recommender builder given this model's index, matrix, names and (if any) neighbour table.
   * Asking it for more {@link Recommender.Builder#neighbors} than the table holds fails at build,
   * unless {@link Recommender.Builder#computeBeyondTable()} chooses to compute the lists.
   *
   * @return a new builder
   */
  public Recommender.Builder recommenderBuilder() {
    Recommender.Builder b = Recommender.builder(index, items).names(ItemNames.of(itemNames));
    if (neighborTable != null) {
      b.neighborTable(neighborTable);
    }
    return b;
  }

  /** @return the {@code k} the neighbour table was computed for, or 0 without a table */
  int neighborTableK() {
    return neighborTableK;
  }

  @Override
  public String toString() {
    return "KnnModel[" + items + ", " + options + (userIds == null ? "" : ", with user ids")
        + (neighborTable == null ? "" : ", neighbour table k=" + neighborTableK) + "]";
  }
}
