package io.playknn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.NearestNeighbors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;

/**
 * Forged model files that used to exhaust the heap. Tagged {@code small-heap}: the build runs them
 * in a JVM of 256 MiB, where each must end in a {@link ModelFormatException} or, where the file is
 * valid, load within that heap.
 */
@Tag("small-heap")
class ForgedModelTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"brute", "ball_tree"})
  void read_twoBillionColumnsAndFewValues_isTypedErrorBeforeTheIndexIsBuilt(String algorithm)
      throws IOException {
    for (int columns : new int[] {2_147_483_638, 300_000_000}) {
      KnnModelTableTest.Sections s =
          KnnModelTableTest.Sections.parse(KnnModelTest.bytes(KnnModelTest.small()));
      s.replaceOption("algorithm", algorithm);
      byte[] b = s.build();
      KnnModelTest.Forger f = new KnnModelTest.Forger(b);
      int e = f.entryOf(1);
      f.buffer.putInt((int) f.offset(e) + 4, columns);
      f.fixSectionCrc(e);
      f.fixHeaderCrc();
      ModelFormatException x =
          catchThrowableOfType(ModelFormatException.class, () -> KnnModel.read(ByteBuffer.wrap(b)));
      assertThat(x).as("columns " + columns).isNotNull();
      assertThat(x.section()).isEqualTo("MATRIX_SHAPE");
      assertThat(x.getMessage()).contains("columns must be at most 4194304", "was " + columns);
    }
  }

  /** A stored neighbour table whose first distance is -5.0 (the CRC recomputed). */
  @Test
  void read_tableWithNegativeDistance_isTypedError() throws IOException {
    byte[] b = KnnModelTest.bytes(KnnModelTest.small().withNeighborTable(2));
    KnnModelTest.Forger f = new KnnModelTest.Forger(b);
    int e = f.entryOf(9);
    f.buffer.putDouble((int) f.offset(e), -5.0);
    f.fixSectionCrc(e);
    f.fixHeaderCrc();
    ModelFormatException x =
        catchThrowableOfType(ModelFormatException.class, () -> KnnModel.read(ByteBuffer.wrap(b)));
    assertThat(x).isNotNull();
    assertThat(x.section()).isEqualTo("NEIGHBOR_INDICES/NEIGHBOR_DISTANCES");
    assertThat(x.getMessage()).contains("row 0, rank 0: distance must be finite and >= 0", "was -5.0");
  }

  /**
   * The shipped reference model (1,000 items x 9,994 users, 293,439 values, a top-15 table) with
   * its options replaced by a ball tree of leaf size 1: 1,999 nodes, whose dense centres would take
   * 320 MB. The sparse centres keep only their non-zeros, so it loads within the small heap and
   * answers as brute force.
   */
  @Test
  void read_referenceModelAsBallTreeOfLeafSizeOne_loadsWithinTheSmallHeap() throws IOException {
    byte[] reference;
    try (InputStream in = getClass().getResourceAsStream("/model/reference-format-1.1.pknn")) {
      reference = in.readAllBytes();
    }
    KnnModelTableTest.Sections s = KnnModelTableTest.Sections.parse(reference);
    s.replaceBody(5, KnnModelTableTest.Sections.stringList(List.of(
        "algorithm", "ball_tree", "metric", "cosine", "neighbors", "101",
        "parameter.leaf_size", "1", "table_k", "15")));
    byte[] forged = s.build();
    reference = null;
    KnnModel model = KnnModel.read(ByteBuffer.wrap(forged));
    assertThat(model.options().algorithm()).isEqualTo("ball_tree");
    assertThat(model.index().toString()).contains("leaf_size 1", "1999 nodes");
    NearestNeighbors brute = NearestNeighbors.fit(model.items(), KnnOptions.builder().neighbors(101).build());
    for (int item : new int[] {0, 1, 499, 999}) {
      assertThat(model.index().kneighbors(item)).as("item " + item).isEqualTo(brute.kneighbors(item));
    }
  }
}
