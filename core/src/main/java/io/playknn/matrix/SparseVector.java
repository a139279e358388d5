package io.playknn.matrix;

import io.playknn.internal.Checks;
import io.playknn.internal.SparseMath;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable sparse vector: strictly increasing indices in {@code [0, dimension)} with finite
 * values. Used as an ad-hoc query (for example a user's listening history over the item space, or
 * a new item over the user space).
 */
public final class SparseVector {
  private final int dimension;
  private final int[] indices;
  private final double[] values;

  private SparseVector(int dimension, int[] indices, double[] values) {
    this.dimension = dimension;
    this.indices = indices;
    this.values = values;
  }

  /**
   * Creates a vector; the arrays are copied, sorted by index, and repeated indices summed.
   *
   * @param dimension the vector's dimension, {@code >= 0}
   * @param indices positions of the stored values, in {@code [0, dimension)}
   * @param values the stored values, finite
   * @return the vector
   * @throws IllegalArgumentException if the arrays differ in length, an index is out of range or a
   *     value is not finite
   */
  public static SparseVector of(int dimension, int[] indices, double[] values) {
    Objects.requireNonNull(indices, "indices");
    Objects.requireNonNull(values, "values");
    Checks.require(
        indices.length == values.length,
        "indices and values must have equal lengths, were %d and %d",
        indices.length,
        values.length);
    SparseMatrix m =
        SparseMatrix.fromTriplets(1, dimension, new int[indices.length], indices, values);
    return m.row(0);
  }

  /**
   * Creates a vector from a dense array, storing its non-zero entries.
   *
   * @param dense the values, finite
   * @return the vector, of dimension {@code dense.length}
   * @throws IllegalArgumentException if a value is not finite
   */
  public static SparseVector ofDense(double[] dense) {
    int nnz = 0;
    for (int i = 0; i < dense.length; i++) {
      Checks.require(Double.isFinite(dense[i]), "value %d must be finite, was %s", i, dense[i]);
      if (dense[i] != 0) {
        nnz++;
      }
    }
    int[] idx = new int[nnz];
    double[] val = new double[nnz];
    for (int i = 0, k = 0; i < dense.length; i++) {
      if (dense[i] != 0) {
        idx[k] = i;
        val[k++] = dense[i];
      }
    }
    return new SparseVector(dense.length, idx, val);
  }

  /**
   * Creates an all-zero vector.
   *
   * @param dimension the dimension, {@code >= 0}
   * @return the empty vector
   */
  public static SparseVector empty(int dimension) {
    Checks.atLeast("dimension", dimension, 0);
    return new SparseVector(dimension, new int[0], new double[0]);
  }

  /** Wraps arrays that are already canonical and owned by the caller's copy. */
  static SparseVector trusted(int dimension, int[] indices, double[] values) {
    return new SparseVector(dimension, indices, values);
  }

  /** @return the dimension */
  public int dimension() {
    return dimension;
  }

  /** @return the number of stored entries */
  public int size() {
    return indices.length;
  }

  /**
   * @param i a stored position in {@code [0, size())}
   * @return the index of the {@code i}-th stored entry (increasing in {@code i})
   */
  public int indexAt(int i) {
    return indices[i];
  }

  /**
   * @param i a stored position in {@code [0, size())}
   * @return the value of the {@code i}-th stored entry
   */
  public double valueAt(int i) {
    return values[i];
  }

  /** @return a copy of the stored indices, increasing */
  public int[] indices() {
    return indices.clone();
  }

  /** @return a copy of the stored values */
  public double[] values() {
    return values.clone();
  }

  /** @return the Euclidean norm */
  public double norm() {
    return SparseMath.norm(values, 0, values.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SparseVector
        && ((SparseVector) o).dimension == dimension
        && Arrays.equals(((SparseVector) o).indices, indices)
        && Arrays.equals(((SparseVector) o).values, values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dimension + Arrays.hashCode(indices)) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "SparseVector[dimension=" + dimension + ", stored=" + indices.length + "]";
  }
}
