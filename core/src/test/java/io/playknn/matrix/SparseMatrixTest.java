package io.playknn.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SparseMatrixTest {

  private static double[][] dense(SparseMatrix m) {
    double[][] d = new double[m.rows()][m.columns()];
    for (int r = 0; r < m.rows(); r++) {
      for (int p = m.rowStart(r); p < m.rowEnd(r); p++) {
        d[r][m.columnAt(p)] = m.valueAt(p);
      }
    }
    return d;
  }

  @Test
  void fromTriplets_sumsDuplicatesAndSortsColumns() {
    SparseMatrix m =
        SparseMatrix.fromTriplets(
            2, 4, new int[] {1, 0, 1, 0, 1}, new int[] {3, 2, 0, 2, 3}, new double[] {1, 2, 3, 4, 5});
    assertThat(m.nonZeros()).isEqualTo(3);
    assertThat(m.copyRowPointers()).containsExactly(0, 1, 3);
    assertThat(m.copyColumnIndices()).containsExactly(2, 0, 3);
    assertThat(m.copyValues()).containsExactly(6, 3, 6);
    assertThat(m.get(1, 3)).isEqualTo(6);
    assertThat(m.get(0, 0)).isZero();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void fromTriplets_sortingByRowEqualsCountingByColumn(long seed) {
    // Widths past 4 x nnz + 1024 sort each row instead of counting by column: the same order,
    // and duplicates summed in the same (input) order, so the arrays are equal bit for bit.
    SplittableRandom random = new SplittableRandom(seed);
    int n = 2_000;
    int[] r = new int[n];
    int[] c = new int[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = random.nextInt(40);
      c[i] = random.nextInt(60); // many duplicates
      v[i] = random.nextDouble() * 1e3 - 1e2;
    }
    SparseMatrix counted = SparseMatrix.fromTriplets(40, 60, r, c, v);
    SparseMatrix sorted = SparseMatrix.fromTriplets(40, 4 * n + 1025, r, c, v);
    assertThat(sorted.copyRowPointers()).isEqualTo(counted.copyRowPointers());
    assertThat(sorted.copyColumnIndices()).isEqualTo(counted.copyColumnIndices());
    assertThat(sorted.copyValues()).isEqualTo(counted.copyValues());
  }

  @Test
  void normalizeRows_hugeAndTinyRows_becomeUnitRowsWithoutOverflowOrUnderflow() {
    // 1e200^2 overflows and 1e-170^2 underflows: the plain sum of squares made the first row all
    // zeros and left the second unnormalised.
    SparseMatrix m = SparseMatrix.builder(3, 2)
        .add(0, 0, 1e200).add(0, 1, 1e200)
        .add(1, 0, 3e-170).add(1, 1, 4e-170)
        .add(2, 0, 3).add(2, 1, 4)
        .build();
    assertThat(m.rowNorms()[0]).isCloseTo(Math.sqrt(2) * 1e200, within(1e186));
    assertThat(m.rowNorms()[1]).isCloseTo(5e-170, within(1e-184));
    assertThat(m.rowNorms()[2]).isEqualTo(5.0);
    SparseMatrix n = m.normalizeRows();
    assertThat(n.get(0, 0)).isCloseTo(Math.sqrt(0.5), within(1e-15));
    assertThat(n.get(1, 0)).isCloseTo(0.6, within(1e-15));
    assertThat(n.get(1, 1)).isCloseTo(0.8, within(1e-15));
    assertThat(n.get(2, 1)).isEqualTo(0.8);
    // Ad-hoc query vectors are normalised by SparseVector.norm, which scales the same way.
    assertThat(SparseVector.of(2, new int[] {0, 1}, new double[] {1e200, 1e200}).norm())
        .isCloseTo(Math.sqrt(2) * 1e200, within(1e186));
    assertThat(SparseVector.of(2, new int[] {0, 1}, new double[] {3e-170, 4e-170}).norm())
        .isCloseTo(5e-170, within(1e-184));
    assertThat(SparseVector.of(2, new int[] {0, 1}, new double[] {3, 4}).norm()).isEqualTo(5.0);
  }

  @Test
  void dimensions_pastTheLargestArray_rejected() {
    assertThatThrownBy(() -> SparseMatrix.builder(Integer.MAX_VALUE, 1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rows and columns must be at most 2147483638 (their pointer arrays hold one"
            + " more), were 2147483647 and 1");
  }

  @Test
  void fromCsr_unsortedRowsAreCanonicalised() {
    SparseMatrix m =
        SparseMatrix.fromCsr(2, 3, new int[] {0, 3, 4}, new int[] {2, 0, 2, 1}, new double[] {1, 2, 3, 4});
    assertThat(dense(m)).isEqualTo(new double[][] {{2, 0, 4}, {0, 4, 0}});
    assertThat(m.copyColumnIndices()).containsExactly(0, 2, 1);
  }

  @Test
  void fromCsc_equalsTransposeOfCsr() {
    int[] ptr = {0, 2, 3, 3};
    int[] idx = {1, 0, 1};
    double[] val = {1.5, 2.5, 3.5};
    SparseMatrix csc = SparseMatrix.fromCsc(2, 3, ptr, idx, val);
    SparseMatrix csr = SparseMatrix.fromCsr(3, 2, ptr, idx, val);
    assertThat(csc).isEqualTo(csr.transpose());
    assertThat(dense(csc)).isEqualTo(new double[][] {{2.5, 0, 0}, {1.5, 3.5, 0}});
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 4242})
  void transpose_twiceIsIdentityAndMatchesDense(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    SparseMatrix.Builder b = SparseMatrix.builder(30, 17);
    for (int i = 0; i < 120; i++) {
      b.add(random.nextInt(30), random.nextInt(17), random.nextDouble() - 0.5);
    }
    SparseMatrix m = b.build();
    double[][] d = dense(m);
    double[][] t = dense(m.transpose());
    for (int r = 0; r < 30; r++) {
      for (int c = 0; c < 17; c++) {
        assertThat(t[c][r]).as("seed %d (%d,%d)", seed, r, c).isEqualTo(d[r][c]);
      }
    }
    assertThat(m.transpose().transpose()).isEqualTo(m);
  }

  @Test
  void normsSumsNormalisationAndScaling() {
    SparseMatrix m = SparseMatrix.builder(3, 3).add(0, 0, 3).add(0, 2, 4).add(2, 1, -2).add(2, 2, 2).build();
    assertThat(m.rowNorms()).containsExactly(5, 0, Math.sqrt(8));
    assertThat(m.rowSums()).containsExactly(7, 0, 0);
    assertThat(m.columnSums()).containsExactly(3, -2, 6);
    SparseMatrix n = m.normalizeRows();
    assertThat(n.rowNorms()[0]).isCloseTo(1, within(1e-15));
    assertThat(n.rowNorms()[1]).isZero();
    assertThat(n.get(0, 2)).isEqualTo(0.8);
    SparseMatrix s = m.scaleColumnsByMax();
    assertThat(dense(s)).isEqualTo(new double[][] {{1, 0, 1}, {0, 0, 0}, {0, -1, 0.5}});
    assertThat(m.mapValues(Math::abs).get(2, 1)).isEqualTo(2);
  }

  @Test
  void rowAccess_allocationFreePositions() {
    SparseMatrix m = SparseMatrix.builder(2, 5).add(1, 4, 1).add(1, 1, 2).build();
    assertThat(m.rowNonZeros(0)).isZero();
    assertThat(m.rowStart(1)).isZero();
    assertThat(m.rowEnd(1)).isEqualTo(2);
    assertThat(m.columnAt(0)).isEqualTo(1);
    assertThat(m.valueAt(1)).isEqualTo(1);
    assertThat(m.row(1).indices()).containsExactly(1, 4);
  }

  @Test
  void invalidInput_namesValueAndRule() {
    assertThatThrownBy(() -> SparseMatrix.builder(-1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rows must be >= 0, was -1");
    assertThatThrownBy(
            () -> SparseMatrix.fromTriplets(2, 2, new int[] {0}, new int[] {0}, new double[] {Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite")
        .hasMessageContaining("NaN");
    assertThatThrownBy(
            () -> SparseMatrix.fromTriplets(2, 2, new int[] {2}, new int[] {0}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row must be in [0, 2), was 2");
    assertThatThrownBy(
            () -> SparseMatrix.fromTriplets(2, 2, new int[] {0}, new int[] {0, 1}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("equal lengths");
    assertThatThrownBy(
            () -> SparseMatrix.fromCsr(2, 2, new int[] {0, 2, 1}, new int[] {0}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-decreasing");
    assertThatThrownBy(
            () -> SparseMatrix.fromCsr(2, 2, new int[] {0, 1}, new int[] {0}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length 3");
    assertThatThrownBy(
            () -> SparseMatrix.fromCsr(2, 2, new int[] {0, 1, 1}, new int[] {5}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column index at position 0 must be in [0, 2), was 5");
    assertThatThrownBy(
            () -> SparseMatrix.fromCsr(2, 2, new int[] {0, 1, 2}, new int[] {0}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must equal the number of stored entries");
    assertThatThrownBy(
            () -> SparseMatrix.builder(1, 1).add(0, 0, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Infinity");
    assertThatThrownBy(() -> SparseMatrix.builder(1, 1).add(0, 1, 1))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("column must be in [0, 1)");
    SparseMatrix m = SparseMatrix.builder(1, 1).add(0, 0, 1).build();
    assertThatThrownBy(() -> m.mapValues(v -> v / 0.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");
  }

  @Test
  void sparseVector_canonicalAndValidated() {
    SparseVector v = SparseVector.of(5, new int[] {3, 1, 3}, new double[] {1, 2, 3});
    assertThat(v.indices()).containsExactly(1, 3);
    assertThat(v.values()).containsExactly(2, 4);
    assertThat(v.norm()).isCloseTo(Math.sqrt(20), within(1e-15));
    assertThat(SparseVector.ofDense(new double[] {0, 2, 0, 4})).isEqualTo(SparseVector.of(4, new int[] {1, 3}, new double[] {2, 4}));
    assertThatThrownBy(() -> SparseVector.of(2, new int[] {2}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
