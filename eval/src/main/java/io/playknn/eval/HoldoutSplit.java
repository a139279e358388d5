package io.playknn.eval;

import io.playknn.internal.Checks;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A seeded per-user leave-k-out split of an item × user matrix.
 *
 * <p>A user who played at least {@code heldOut + minTraining} items is a <em>test user</em>: {@code
 * heldOut} of their items, drawn uniformly without replacement by a generator seeded from {@code
 * (seed, user)}, are removed from the training matrix and form the user's test set; the rest stay.
 * Every other user stays whole in training (their plays still shape the item similarities). The
 * split therefore depends only on the matrix and the seed. Stored entries with value 0 are not
 * plays and always stay in training.
 *
 * <p>Immutable.
 */
public final class HoldoutSplit {
  private final SparseMatrix training;
  private final SparseMatrix trainingByUser;
  private final int[] testUsers;
  private final int[][] heldOut;
  private final int heldOutPerUser;
  private final int minTraining;
  private final long seed;

  private HoldoutSplit(
      SparseMatrix training,
      int[] testUsers,
      int[][] heldOut,
      int heldOutPerUser,
      int minTraining,
      long seed) {
    this.training = training;
    this.trainingByUser = training.transpose();
    this.testUsers = testUsers;
    this.heldOut = heldOut;
    this.heldOutPerUser = heldOutPerUser;
    this.minTraining = minTraining;
    this.seed = seed;
  }

  /**
   * Splits the matrix.
   *
   * @param itemsByUsers the full item × user matrix
   * @param heldOut items held out per test user, {@code >= 1}
   * @param minTraining items a test user keeps in training at least, {@code >= 1}
   * @param seed the seed
   * @return the split
   * @throws IllegalArgumentException if {@code heldOut} or {@code minTraining} is below 1
   */
  public static HoldoutSplit leaveKOut(
      SparseMatrix itemsByUsers, int heldOut, int minTraining, long seed) {
    Objects.requireNonNull(itemsByUsers, "itemsByUsers");
    Checks.atLeast("heldOut", heldOut, 1);
    Checks.atLeast("minTraining", minTraining, 1);
    SparseMatrix byUser = itemsByUsers.transpose();
    int users = byUser.rows();
    int[][] test = new int[users][];
    int testCount = 0;
    SparseMatrix.Builder train = SparseMatrix.builder(itemsByUsers.rows(), users);
    for (int u = 0; u < users; u++) {
      int played = 0;
      for (int p = byUser.rowStart(u); p < byUser.rowEnd(u); p++) {
        if (byUser.valueAt(p) != 0) {
          played++;
        }
      }
      boolean[] out = new boolean[byUser.rowNonZeros(u)];
      if (played >= (long) heldOut + minTraining) {
        int[] positions = new int[played];
        for (int p = byUser.rowStart(u), i = 0; p < byUser.rowEnd(u); p++) {
          if (byUser.valueAt(p) != 0) {
            positions[i++] = p - byUser.rowStart(u);
          }
        }
        SplittableRandom random = new SplittableRandom(userSeed(seed, u));
        int[] items = new int[heldOut];
        for (int i = 0; i < heldOut; i++) {
          int j = i + random.nextInt(played - i);
          int t = positions[i];
          positions[i] = positions[j];
          positions[j] = t;
          out[positions[i]] = true;
          items[i] = byUser.columnAt(byUser.rowStart(u) + positions[i]);
        }
        Arrays.sort(items);
        test[u] = items;
        testCount++;
      }
      for (int p = byUser.rowStart(u); p < byUser.rowEnd(u); p++) {
        if (!out[p - byUser.rowStart(u)]) {
          train.add(byUser.columnAt(p), u, byUser.valueAt(p));
        }
      }
    }
    int[] testUsers = new int[testCount];
    int[][] heldOutItems = new int[testCount][];
    for (int u = 0, t = 0; u < users; u++) {
      if (test[u] != null) {
        testUsers[t] = u;
        heldOutItems[t++] = test[u];
      }
    }
    return new HoldoutSplit(train.build(), testUsers, heldOutItems, heldOut, minTraining, seed);
  }

  /**
   * A per-user seed: the user's index mixed into the split seed (SplitMix64's finaliser), so each
   * user's draw is independent of every other user's and of evaluation order.
   *
   * @param seed the run's seed
   * @param user a user index
   * @return the user's seed
   */
  static long userSeed(long seed, int user) {
    long z = seed + 0x9E3779B97F4A7C15L * (user + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * @return the training matrix (items × users): the full matrix without held-out entries
   */
  public SparseMatrix training() {
    return training;
  }

  /**
   * @return the training matrix transposed (users × items): each row a training history
   */
  public SparseMatrix trainingByUser() {
    return trainingByUser;
  }

  /**
   * @return the number of test users
   */
  public int testUserCount() {
    return testUsers.length;
  }

  /**
   * @param t a test-user position in {@code [0, testUserCount())}
   * @return that test user's column index in the matrix (increasing in {@code t})
   */
  public int testUser(int t) {
    return testUsers[Checks.index("t", t, testUsers.length, "test users")];
  }

  /**
   * @param t a test-user position in {@code [0, testUserCount())}
   * @return that user's held-out items, sorted ascending (a copy)
   */
  public int[] heldOut(int t) {
    return heldOut[Checks.index("t", t, testUsers.length, "test users")].clone();
  }

  /**
   * @param t a test-user position in {@code [0, testUserCount())}
   * @return that user's training history over the item space
   */
  public SparseVector trainingHistory(int t) {
    return trainingByUser.row(testUser(t));
  }

  /**
   * @return items held out per test user
   */
  public int heldOutPerUser() {
    return heldOutPerUser;
  }

  /**
   * @return the least number of items a test user keeps in training
   */
  public int minTraining() {
    return minTraining;
  }

  /**
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  @Override
  public String toString() {
    return "HoldoutSplit[leave-"
        + heldOutPerUser
        + "-out, "
        + testUsers.length
        + " test users of "
        + training.columns()
        + ", min training "
        + minTraining
        + ", seed "
        + seed
        + "]";
  }
}
