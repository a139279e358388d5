package io.playknn.knn;

import io.playknn.knn.spi.NeighborTableWriter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import org.junit.jupiter.api.Test;

/** Heap tables (writer, of) and buffer-backed tables (ofAllItems) read, compare and hash alike. */
class NeighborTableTest {
  // 4 items, 2 neighbours each, in contract order (row 2 has a distance tie broken by index).
  private static final int[] INDICES = {1, 3, 0, 2, 0, 3, 2, 1};
  private static final double[] DISTANCES = {0.1, 0.5, 0.1, 0.2, 0.25, 0.25, 0.0, 0.75};

  private static NeighborTable written() {
    NeighborTableWriter w = NeighborTableWriter.of(new int[] {0, 1, 2, 3}, 2);
    System.arraycopy(INDICES, 0, w.indices(), 0, INDICES.length);
    System.arraycopy(DISTANCES, 0, w.distances(), 0, DISTANCES.length);
    return w.build();
  }

  /** The same cells in direct buffers of the given byte order, after {@code skip} other elements. */
  private static NeighborTable direct(ByteOrder order, int skip) {
    ByteBuffer ib = ByteBuffer.allocateDirect(4 * (skip + INDICES.length)).order(order);
    ByteBuffer db = ByteBuffer.allocateDirect(8 * (skip + DISTANCES.length)).order(order);
    IntBuffer is = ib.asIntBuffer();
    DoubleBuffer ds = db.asDoubleBuffer();
    for (int i = 0; i < skip; i++) {
      is.put(-7);
      ds.put(Double.NaN);
    }
    is.put(INDICES).position(skip);
    ds.put(DISTANCES).position(skip);
    NeighborTable t = NeighborTable.ofAllItems(4, 2, is.asReadOnlyBuffer(), ds.asReadOnlyBuffer());
    assertThat(is.position()).isEqualTo(skip);
    return t;
  }

  @Test
  void ofAllItems_directBuffersAnyOrder_readAndEqualTheWrittenTable() {
    NeighborTable heap = written();
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      NeighborTable t = direct(order, 3);
      assertThat(t.size()).isEqualTo(4);
      assertThat(t.totalCount()).isEqualTo(8);
      for (int r = 0; r < 4; r++) {
        assertThat(t.query(r)).isEqualTo(r);
        assertThat(t.count(r)).isEqualTo(2);
        assertThat(t.row(r)).isEqualTo(Neighbors.of(
            new int[] {INDICES[2 * r], INDICES[2 * r + 1]},
            new double[] {DISTANCES[2 * r], DISTANCES[2 * r + 1]}));
        for (int i = 0; i < 2; i++) {
          assertThat(t.index(r, i)).isEqualTo(INDICES[2 * r + i]);
          assertThat(t.distance(r, i)).isEqualTo(DISTANCES[2 * r + i]);
        }
      }
      assertThat(t).as("%s", order).isEqualTo(heap);
      assertThat(heap).as("%s", order).isEqualTo(t);
      assertThat(t.hashCode()).as("%s", order).isEqualTo(heap.hashCode());
    }
  }

  @Test
  void equals_oneDistanceBitDiffers_notEqual() {
    double[] d = DISTANCES.clone();
    d[7] = Math.nextUp(d[7]);
    NeighborTable other =
        NeighborTable.ofAllItems(4, 2, IntBuffer.wrap(INDICES), DoubleBuffer.wrap(d));
    assertThat(other).isNotEqualTo(written());
    assertThat(NeighborTable.ofAllItems(4, 2, IntBuffer.wrap(INDICES), DoubleBuffer.wrap(DISTANCES)))
        .isEqualTo(written());
  }

  @Test
  void ofAllItems_widthOrLengthWrong_rejected() {
    assertThatThrownBy(() -> NeighborTable.ofAllItems(
            4, 4, IntBuffer.allocate(16), DoubleBuffer.allocate(16)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("width must be in [0, 3] (rows - 1), was 4");
    assertThatThrownBy(() -> NeighborTable.ofAllItems(
            4, 2, IntBuffer.wrap(INDICES), DoubleBuffer.allocate(7)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("indices (8) and distances (7) must each hold rows x width = 4 x 2 = 8");
    assertThat(NeighborTable.ofAllItems(1, 0, IntBuffer.allocate(0), DoubleBuffer.allocate(0))
        .count(0)).isZero();
  }

  @Test
  void ofAllItems_cellBreaksARule_namesRowRankAndValue() {
    int[] self = INDICES.clone();
    self[3] = 1;
    assertThatThrownBy(() -> NeighborTable.ofAllItems(
            4, 2, IntBuffer.wrap(self), DoubleBuffer.wrap(DISTANCES)))
        .hasMessage("row 1, rank 1: index must be in [0, 4) and not 1 (the row's own item), was 1");
    double[] infinite = DISTANCES.clone();
    infinite[5] = Double.NEGATIVE_INFINITY;
    assertThatThrownBy(() -> NeighborTable.ofAllItems(
            4, 2, IntBuffer.wrap(INDICES), DoubleBuffer.wrap(infinite)))
        .hasMessage("row 2, rank 1: distance must be finite and >= 0 (cosine and euclidean distances are), was -Infinity");
    int[] tieOutOfOrder = INDICES.clone();
    tieOutOfOrder[4] = 3;
    tieOutOfOrder[5] = 0;
    assertThatThrownBy(() -> NeighborTable.ofAllItems(
            4, 2, IntBuffer.wrap(tieOutOfOrder), DoubleBuffer.wrap(DISTANCES)))
        .hasMessage("row 2, rank 1: (distance 0.25, index 0) must come after (distance 0.25, "
            + "index 3) in ascending distance, ties by lower index");
  }

  @Test
  void ofAllItems_indexRepeatedWithinARow_rejectedEvenWhenTheOrderHolds() {
    // Row 0 of a 4 x 3 table names item 2 twice, at increasing distances: the order check alone
    // would let it through. Row 1 names item 2 again, which is allowed (another row).
    int[] indices = {2, 3, 2, 2, 3, 0, 0, 1, 3, 0, 1, 2};
    double[] distances = {0.1, 0.2, 0.3, 0.1, 0.2, 0.3, 0.1, 0.2, 0.3, 0.1, 0.2, 0.3};
    assertThatThrownBy(() -> NeighborTable.ofAllItems(
            4, 3, IntBuffer.wrap(indices), DoubleBuffer.wrap(distances)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row 0, rank 2: index 2 is already in the row");
    indices[2] = 1;
    assertThat(NeighborTable.ofAllItems(4, 3, IntBuffer.wrap(indices), DoubleBuffer.wrap(distances))
        .index(1, 0)).isEqualTo(2);
  }

  @Test
  void writerBuild_nanAtRankZero_rejectedAlsoInRowsOfOne() {
    NeighborTableWriter w = NeighborTableWriter.of(new int[] {0, 1}, 1);
    w.indices()[0] = 1;
    w.indices()[1] = 0;
    w.distances()[0] = 0.5;
    w.distances()[1] = Double.NaN;
    assertThatThrownBy(w::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row 1 is not in ascending distance, ties by index, at rank 0");
  }

  @Test
  void queryCountAndRow_rowOutOfRange_rejected() {
    for (NeighborTable t : new NeighborTable[] {written(), direct(ByteOrder.LITTLE_ENDIAN, 0)}) {
      assertThat(t.query(3)).isEqualTo(3);
      assertThatThrownBy(() -> t.query(4))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessage("row must be in [0, 4) (rows), was 4");
      assertThatThrownBy(() -> t.count(-1)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> t.row(4)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void indexAndDistance_rankPastItsRow_rejectedNotReadFromTheNextRow() {
    for (NeighborTable t : new NeighborTable[] {written(), direct(ByteOrder.LITTLE_ENDIAN, 0)}) {
      assertThat(t.index(1, 1)).isEqualTo(2);
      assertThatThrownBy(() -> t.index(1, 2))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessage("rank must be in [0, 2) (neighbours of row 1), was 2");
      assertThatThrownBy(() -> t.distance(0, -1)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> t.index(4, 0))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessage("row must be in [0, 4) (rows), was 4");
    }
  }
}
