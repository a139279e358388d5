package io.playknn.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DenseMatrixTest {

  @Test
  void of_rowsAndRowMajorAgree() {
    DenseMatrix a = DenseMatrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    DenseMatrix b = DenseMatrix.of(2, 3, new double[] {1, 2, 3, 4, 5, 6});
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.rows()).isEqualTo(2);
    assertThat(a.columns()).isEqualTo(3);
    assertThat(a.get(1, 0)).isEqualTo(4.0);
    assertThat(a.row(1)).containsExactly(4, 5, 6);
    assertThat(a.column(2)).containsExactly(3, 6);
    assertThat(a.toRowMajor()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(a.toArrays()[0]).containsExactly(1, 2, 3);
    assertThat(a.toString()).isEqualTo("DenseMatrix[2 x 3]");
  }

  @Test
  void of_copiesItsInput() {
    double[] values = {1, 2};
    double[][] rows = {{1, 2}};
    DenseMatrix a = DenseMatrix.of(1, 2, values);
    DenseMatrix b = DenseMatrix.of(rows);
    values[0] = 9;
    rows[0][0] = 9;
    a.row(0)[0] = 9;
    assertThat(a.get(0, 0)).isEqualTo(1.0);
    assertThat(b.get(0, 0)).isEqualTo(1.0);
  }

  @Test
  void of_rejectsBadInput() {
    assertThatThrownBy(() -> DenseMatrix.of(new double[][] {{1, 2}, {3}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 1 has 1");
    assertThatThrownBy(() -> DenseMatrix.of(2, 2, new double[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 3");
    assertThatThrownBy(() -> DenseMatrix.of(1, 2, new double[] {0, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(0, 1)")
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> DenseMatrix.of(-1, 2, new double[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rows");
    assertThatThrownBy(() -> DenseMatrix.of(1, 1, new double[1]).get(1, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void toSparse_storesExactlyTheNonZerosAndRoundTrips() {
    DenseMatrix a = DenseMatrix.of(new double[][] {{0, 2, 0}, {0, 0, 0}, {-1, 0, 3}});
    SparseMatrix s = a.toSparse();
    assertThat(s.nonZeros()).isEqualTo(3);
    assertThat(s.get(0, 1)).isEqualTo(2.0);
    assertThat(s.get(2, 0)).isEqualTo(-1.0);
    assertThat(s.rowNonZeros(1)).isZero();
    assertThat(DenseMatrix.fromSparse(s)).isEqualTo(a);
    assertThat(DenseMatrix.of(new double[0][]).rows()).isZero();
  }
}
