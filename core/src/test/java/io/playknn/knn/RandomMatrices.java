package io.playknn.knn;

import io.playknn.matrix.SparseMatrix;
import java.util.SplittableRandom;

/** Seeded random sparse matrices with the awkward cases: duplicate rows, ties, zero rows. */
public final class RandomMatrices {
  private RandomMatrices() {}

  /**
   * @param seed the seed
   * @param rows number of rows
   * @param columns number of columns
   * @param density fraction of stored entries
   * @return a matrix whose values are small integers (so ties are exact), with about a tenth of
   *     rows zero and about a tenth duplicating an earlier row
   */
  public static SparseMatrix withTies(long seed, int rows, int columns, double density) {
    SplittableRandom random = new SplittableRandom(seed);
    SparseMatrix.Builder b = SparseMatrix.builder(rows, columns);
    double[][] dense = new double[rows][columns];
    for (int r = 0; r < rows; r++) {
      double kind = random.nextDouble();
      if (kind < 0.1) {
        continue; // zero row
      }
      if (kind < 0.2 && r > 0) {
        dense[r] = dense[random.nextInt(r)].clone(); // duplicate row
      } else {
        for (int c = 0; c < columns; c++) {
          if (random.nextDouble() < density) {
            dense[r][c] = 1 + random.nextInt(3);
          }
        }
      }
      for (int c = 0; c < columns; c++) {
        if (dense[r][c] != 0) {
          b.add(r, c, dense[r][c]);
        }
      }
    }
    return b.build();
  }

  /**
   * @param seed the seed
   * @param rows number of rows
   * @param columns number of columns
   * @param density fraction of stored entries
   * @return a matrix with continuous values in (0, 1], some of them negative when {@code signed}
   */
  public static SparseMatrix continuous(
      long seed, int rows, int columns, double density, boolean signed) {
    SplittableRandom random = new SplittableRandom(seed);
    SparseMatrix.Builder b = SparseMatrix.builder(rows, columns);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        if (random.nextDouble() < density) {
          double v = 1 - random.nextDouble();
          b.add(r, c, signed && random.nextBoolean() ? -v : v);
        }
      }
    }
    return b.build();
  }
}
