package io.playknn.eval;

import io.playknn.matrix.SparseMatrix;
import java.util.SplittableRandom;

/** Small hand-made and seeded random item × user matrices for eval tests. */
final class TestData {
  private TestData() {}

  /**
   * 5 items × 5 users. Item vectors: 0 = (1, 1, 0, 0, 0), 1 = (.5, 0, 0, 0, 0), 2 = (0, 1, 0, 0,
   * 0), 3 = (0, 0, 1, 0, 0), 4 = (0, 0, 1, 1, 0): cos(0,1) = cos(0,2) = cos(3,4) = 1/sqrt(2), every
   * other pair 0. User 4 played nothing.
   */
  static SparseMatrix tiny() {
    return SparseMatrix.builder(5, 5)
        .add(0, 0, 1)
        .add(0, 1, 1)
        .add(1, 0, 0.5)
        .add(2, 1, 1)
        .add(3, 2, 1)
        .add(4, 2, 1)
        .add(4, 3, 1)
        .build();
  }

  /**
   * A seeded random matrix with popularity skew: item {@code i} is played by each user with
   * probability proportional to {@code 1 / (1 + i / 4)}, values are small integers (ties).
   */
  static SparseMatrix random(long seed, int items, int users, double density) {
    SplittableRandom random = new SplittableRandom(seed);
    SparseMatrix.Builder b = SparseMatrix.builder(items, users);
    for (int u = 0; u < users; u++) {
      for (int i = 0; i < items; i++) {
        if (random.nextDouble() < density * 3 / (1 + i / 4.0)) {
          b.add(i, u, 1 + random.nextInt(4));
        }
      }
    }
    return b.build();
  }
}
