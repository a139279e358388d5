package io.playknn.benchmarks;

import io.playknn.matrix.SparseMatrix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes the full-size synthetic matrix, rows L2-normalised, and its transpose as raw
 * little-endian arrays for the C baseline in {@code benchmarks/native} (the standard sparse top-K
 * kernel, to compare the Java kernel with on the same machine). Layout: {@code int32 rows, int32
 * columns, int32 nonZeros}, then for the matrix and then its transpose: {@code int32
 * pointers[n + 1], int32 indices[nonZeros], float64 values[nonZeros]}.
 *
 * <p>Run: {@code java -Xmx8g -cp benchmarks/target/benchmarks.jar
 * io.playknn.benchmarks.CsrExport [scale=1.0] out=target/full-scale.csr}.
 */
public final class CsrExport {
  private CsrExport() {}

  /**
   * @param args {@code scale=} (default 1.0) and {@code out=} (the file to write)
   * @throws IOException if the data cannot be generated, read or written
   */
  public static void main(String[] args) throws IOException {
    double scale = 1.0;
    Path out = null;
    for (String a : args) {
      String[] kv = a.split("=", 2);
      switch (kv[0]) {
        case "scale" -> scale = Double.parseDouble(kv[1]);
        case "out" -> out = Path.of(kv[1]);
        default -> throw new IllegalArgumentException("unknown argument " + a);
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("out=FILE is required");
    }
    write(FullScaleKnnHarness.matrix(scale), out);
    System.out.println("wrote " + out);
  }

  /**
   * Writes {@code m} with its rows normalised, and the transpose, in the layout above.
   *
   * @param m an item × user matrix
   * @param out the file to create or replace
   * @throws IOException if the file cannot be written
   */
  static void write(SparseMatrix m, Path out) throws IOException {
    SparseMatrix rows = m.normalizeRows();
    SparseMatrix columns = rows.transpose();
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (FileChannel ch =
        FileChannel.open(
            out,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      writeInts(ch, new int[] {rows.rows(), rows.columns(), rows.nonZeros()});
      for (SparseMatrix x : new SparseMatrix[] {rows, columns}) {
        writeInts(ch, x.copyRowPointers());
        writeInts(ch, x.copyColumnIndices());
        double[] values = x.copyValues();
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        writeFully(ch, b);
      }
    }
  }

  private static void writeInts(FileChannel ch, int[] values) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    writeFully(ch, b);
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }
}
