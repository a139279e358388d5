package io.playknn.spark;

import io.playknn.knn.NeighborTable;
import io.playknn.matrix.SparseMatrix;
import io.playknn.model.KnnModel;
import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.Serializable;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads what a {@link NeighborJob} wrote back into the library's types: the {@link NeighborTable}
 * of every item's neighbours, the item names, and a {@link KnnModel} holding both that a server can
 * load. Every reader checks the output against its {@value #META} row and the table's rules
 * (every item has exactly {@code width} neighbours, ranks {@code 1..width}, each once, in ascending
 * distance with ties by lower index) and fails with an {@link OutputFormatException} naming the
 * dataset, the item and the rule.
 */
public final class NeighborOutput {
  /** Dataset of rows {@code (item int, rank int, neighbour int, distance double)}, rank 1 nearest. */
  public static final String NEIGHBOURS = "neighbours";
  /** Dataset of rows {@code (item int, name string)}. */
  public static final String ITEMS = "items";
  /** Dataset of rows {@code (item int, users array<int>, values array<double>)}: the matrix. */
  public static final String MATRIX = "matrix";
  /** Dataset of rows {@code (user int, id string)}, written when the users have ids. */
  public static final String USERS = "users";
  /**
   * One row {@code (items int, users int, nonZeros long, k int, width int, metric string,
   * userIds boolean)}.
   */
  public static final String META = "meta";

  static final StructType PER_ITEM_SCHEMA = new StructType()
      .add("item", DataTypes.IntegerType, false)
      .add("neighbours", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add("distances", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
  static final StructType MATRIX_SCHEMA = new StructType()
      .add("item", DataTypes.IntegerType, false)
      .add("users", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add("values", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
  static final StructType ITEMS_SCHEMA = new StructType()
      .add("item", DataTypes.IntegerType, false)
      .add("name", DataTypes.StringType, false);
  static final StructType USERS_SCHEMA = new StructType()
      .add("user", DataTypes.IntegerType, false)
      .add("id", DataTypes.StringType, false);
  static final StructType META_SCHEMA = new StructType()
      .add("items", DataTypes.IntegerType, false)
      .add("users", DataTypes.IntegerType, false)
      .add("nonZeros", DataTypes.LongType, false)
      .add("k", DataTypes.IntegerType, false)
      .add("width", DataTypes.IntegerType, false)
      .add("metric", DataTypes.StringType, false)
      .add("userIds", DataTypes.BooleanType, false);

  private NeighborOutput() {}

  /** @return the path of one dataset under an output directory */
  static String path(String dir, String dataset) {
    return dir.endsWith("/") ? dir + dataset : dir + "/" + dataset;
  }

  /**
   * What the {@value #META} row says.
   *
   * @param items rows of the matrix
   * @param users columns
   * @param nonZeros stored entries
   * @param k neighbours asked for
   * @param width neighbours per item, {@code min(k, items - 1)}
   * @param metric the metric's id
   * @param userIds whether {@value #USERS} was written
   */
  public record Meta(
      int items, int users, long nonZeros, int k, int width, String metric, boolean userIds) {}

  /**
   * @param spark the session to read with
   * @param dir the job's output directory
   * @return its {@value #META} row
   * @throws OutputFormatException if there is not exactly one row, or its numbers break a rule
   */
  public static Meta meta(SparkSession spark, String dir) throws OutputFormatException {
    Objects.requireNonNull(spark, "spark");
    List<Row> rows = spark.read().parquet(path(dir, META)).collectAsList();
    if (rows.size() != 1) {
      throw new OutputFormatException(META + " of " + dir + " must have one row, had " + rows.size());
    }
    Row r = rows.get(0);
    Meta m = new Meta(
        r.getInt(r.fieldIndex("items")), r.getInt(r.fieldIndex("users")),
        r.getLong(r.fieldIndex("nonZeros")), r.getInt(r.fieldIndex("k")),
        r.getInt(r.fieldIndex("width")), r.getString(r.fieldIndex("metric")),
        r.getBoolean(r.fieldIndex("userIds")));
    if (m.items() < 1 || m.k() < 1 || m.width() != Math.min(m.k(), m.items() - 1)
        || (long) m.items() * m.width() > Integer.MAX_VALUE - 8) {
      throw new OutputFormatException(
          META + " of " + dir + ": items must be >= 1, k >= 1, width = min(k, items - 1) and items"
              + " x width must fit one array, was " + m);
    }
    return m;
  }

  /** The rows of one partition of the neighbours dataset, as primitive arrays. */
  private record Chunk(int[] items, int[] ranks, int[] neighbours, double[] distances)
      implements Serializable {}

  /**
   * Reads every item's neighbours into a table equal to {@code kneighborsAll(k)} of the matrix.
   *
   * @param spark the session to read with
   * @param dir the job's output directory
   * @return the table: row {@code q} answers item {@code q}, {@code width} neighbours each
   * @throws OutputFormatException if an (item, rank) is out of range, repeated or missing, a value
   *     is null, or a row breaks the table's rules
   */
  public static NeighborTable readTable(SparkSession spark, String dir) throws OutputFormatException {
    Meta meta = meta(spark, dir);
    int n = meta.items();
    int w = meta.width();
    int[] indices = new int[n * w];
    double[] distances = new double[n * w];
    boolean[] filled = new boolean[n * w];
    JavaRDD<Chunk> chunks =
        spark.read().parquet(path(dir, NEIGHBOURS))
            .select("item", "rank", "neighbour", "distance")
            .javaRDD()
            .mapPartitions(NeighborOutput::chunk);
    long count = 0;
    for (Iterator<Chunk> it = chunks.toLocalIterator(); it.hasNext(); ) {
      Chunk c = it.next();
      for (int i = 0; i < c.items().length; i++) {
        int item = c.items()[i];
        int rank = c.ranks()[i];
        if (item < 0 || item >= n || rank < 1 || rank > w) {
          throw new OutputFormatException(
              NEIGHBOURS + " of " + dir + ": item must be in [0, " + n + ") and rank in [1, " + w
                  + "], was item " + item + ", rank " + rank);
        }
        int at = item * w + rank - 1;
        if (filled[at]) {
          throw new OutputFormatException(
              NEIGHBOURS + " of " + dir + ": item " + item + ", rank " + rank + " occurs twice");
        }
        filled[at] = true;
        indices[at] = c.neighbours()[i];
        distances[at] = c.distances()[i];
        count++;
      }
    }
    if (count != (long) n * w) {
      int at = 0;
      while (filled[at]) {
        at++;
      }
      throw new OutputFormatException(
          NEIGHBOURS + " of " + dir + ": every item must have ranks 1.." + w + ", item " + (at / w)
              + " lacks rank " + (at % w + 1));
    }
    try {
      return NeighborTable.ofAllItems(n, w, IntBuffer.wrap(indices), DoubleBuffer.wrap(distances));
    } catch (IllegalArgumentException e) {
      throw new OutputFormatException(NEIGHBOURS + " of " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Iterator<Chunk> chunk(Iterator<Row> rows) {
    IntArrayList items = new IntArrayList();
    IntArrayList ranks = new IntArrayList();
    IntArrayList neighbours = new IntArrayList();
    DoubleArrayList distances = new DoubleArrayList();
    while (rows.hasNext()) {
      Row r = rows.next();
      for (int i = 0; i < 4; i++) {
        if (r.isNullAt(i)) {
          throw new IllegalArgumentException(
              NEIGHBOURS + ": column " + r.schema().fieldNames()[i] + " must not be null, in " + r);
        }
      }
      items.add(r.getInt(0));
      ranks.add(r.getInt(1));
      neighbours.add(r.getInt(2));
      distances.add(r.getDouble(3));
    }
    return List.of(new Chunk(items.toIntArray(), ranks.toIntArray(), neighbours.toIntArray(),
        distances.toDoubleArray())).iterator();
  }

  /**
   * @param spark the session to read with
   * @param dir the job's output directory
   * @return the name of every item, by index
   * @throws OutputFormatException if an item is out of range, repeated or missing, or a name null
   */
  public static List<String> readItemNames(SparkSession spark, String dir)
      throws OutputFormatException {
    Meta meta = meta(spark, dir);
    return indexed(spark, dir, ITEMS, "item", "name", meta.items());
  }

  private static List<String> indexed(
      SparkSession spark, String dir, String dataset, String key, String value, int size)
      throws OutputFormatException {
    String[] out = new String[size];
    for (Row r : spark.read().parquet(path(dir, dataset)).select(key, value).collectAsList()) {
      if (r.isNullAt(0) || r.isNullAt(1)) {
        throw new OutputFormatException(dataset + " of " + dir + ": null in " + r);
      }
      int i = r.getInt(0);
      if (i < 0 || i >= size || out[i] != null) {
        throw new OutputFormatException(
            dataset + " of " + dir + ": " + key + " must be in [0, " + size + ") and occur once,"
                + " was " + i);
      }
      out[i] = r.getString(1);
    }
    for (int i = 0; i < size; i++) {
      if (out[i] == null) {
        throw new OutputFormatException(dataset + " of " + dir + ": " + key + " " + i + " is missing");
      }
    }
    return List.of(out);
  }

  /**
   * Rebuilds the model: the matrix, names and user ids from the output, the index fitted on the
   * matrix as {@code brute} cosine with the output's {@code k}, and the neighbour table attached
   * (not recomputed), so {@link KnnModel#save} writes a file the server loads.
   *
   * @param spark the session to read with
   * @param dir the job's output directory
   * @return the model
   * @throws OutputFormatException if any dataset breaks its rules or disagrees with {@value #META}
   */
  public static KnnModel readModel(SparkSession spark, String dir) throws OutputFormatException {
    Meta meta = meta(spark, dir);
    NeighborTable table = readTable(spark, dir);
    List<String> names = readItemNames(spark, dir);
    List<String> users =
        meta.userIds() ? indexed(spark, dir, USERS, "user", "id", meta.users()) : null;
    SparseMatrix m = readMatrix(spark, dir, meta);
    try {
      return KnnModel.fit(m, NeighborJob.indexOptions(meta.k(), 1), names, users)
          .withNeighborTable(meta.k(), table);
    } catch (IllegalArgumentException e) {
      throw new OutputFormatException(dir + ": " + e.getMessage(), e);
    }
  }

  private static SparseMatrix readMatrix(SparkSession spark, String dir, Meta meta)
      throws OutputFormatException {
    int n = meta.items();
    int[][] users = new int[n][];
    double[][] values = new double[n][];
    Iterator<Row> it =
        spark.read().parquet(path(dir, MATRIX)).select("item", "users", "values").toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      int item = r.getInt(0);
      if (item < 0 || item >= n || users[item] != null) {
        throw new OutputFormatException(
            MATRIX + " of " + dir + ": item must be in [0, " + n + ") and occur once, was " + item);
      }
      List<Integer> u = r.getList(1);
      List<Double> v = r.getList(2);
      if (u.size() != v.size()) {
        throw new OutputFormatException(
            MATRIX + " of " + dir + ": item " + item + " has " + u.size() + " users and " + v.size()
                + " values");
      }
      users[item] = u.stream().mapToInt(Integer::intValue).toArray();
      values[item] = v.stream().mapToDouble(Double::doubleValue).toArray();
    }
    int[] pointers = new int[n + 1];
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (users[i] == null) {
        missing.add(i);
      } else {
        pointers[i + 1] = pointers[i] + users[i].length;
      }
    }
    if (!missing.isEmpty() || pointers[n] != meta.nonZeros()) {
      throw new OutputFormatException(
          MATRIX + " of " + dir + ": must hold every item and " + meta.nonZeros()
              + " entries, lacks items " + missing.subList(0, Math.min(5, missing.size()))
              + " and holds " + pointers[n]);
    }
    int[] cols = new int[pointers[n]];
    double[] vals = new double[pointers[n]];
    for (int i = 0; i < n; i++) {
      System.arraycopy(users[i], 0, cols, pointers[i], users[i].length);
      System.arraycopy(values[i], 0, vals, pointers[i], values[i].length);
    }
    try {
      return SparseMatrix.fromCsr(n, meta.users(), pointers, cols, vals);
    } catch (IllegalArgumentException e) {
      throw new OutputFormatException(MATRIX + " of " + dir + ": " + e.getMessage(), e);
    }
  }
}
