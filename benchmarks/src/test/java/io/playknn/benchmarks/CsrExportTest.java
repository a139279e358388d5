package io.playknn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.playknn.matrix.SparseMatrix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsrExportTest {

  @Test
  void writesNormalisedRowsAndTransposeLittleEndian(@TempDir Path dir) throws IOException {
    // 2 items × 3 users: item 0 = (3, 4, 0), item 1 = (0, 0, 2).
    SparseMatrix m = SparseMatrix.builder(2, 3).add(0, 0, 3).add(0, 1, 4).add(1, 2, 2).build();
    Path out = dir.resolve("m.csr");

    CsrExport.write(m, out);

    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new int[] {b.getInt(), b.getInt(), b.getInt()}).containsExactly(2, 3, 3);
    assertThat(ints(b, 3)).containsExactly(0, 2, 3);
    assertThat(ints(b, 3)).containsExactly(0, 1, 2);
    assertThat(doubles(b, 3)).containsExactly(0.6, 0.8, 1.0);
    assertThat(ints(b, 4)).containsExactly(0, 1, 2, 3);
    assertThat(ints(b, 3)).containsExactly(0, 0, 1);
    assertThat(doubles(b, 3)).containsExactly(0.6, 0.8, 1.0);
    assertThat(b.hasRemaining()).isFalse();
  }

  private static int[] ints(ByteBuffer b, int n) {
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = b.getInt();
    }
    return v;
  }

  private static double[] doubles(ByteBuffer b, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = b.getDouble();
    }
    return v;
  }
}
