package io.playknn.eval;

import io.playknn.internal.Checks;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import io.playknn.recommend.Recommendations;
import io.playknn.recommend.Recommender;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The reference's "hit rate", done right. For each user of a sample: favourite = the item with the
 * largest value in the user's column (ties by lower index); recommend its {@code K} nearest items,
 * itself excluded by index; hits = how many of them the user played (non-zero value). Hit rate =
 * total hits / (users × K).
 *
 * <p>This measures agreement with the data the similarities were computed from (in-sample): the
 * user's own plays helped place the favourite's neighbours. It is kept because the reference
 * reported it; the held-out protocol ({@link Evaluation}) is the measure to trust. The reference's
 * code kept only the last sampled user's hits and used 100 recommendations where it said 10.
 */
public final class ReferenceHitRate {
  private ReferenceHitRate() {}

  /**
   * A uniform sample without replacement, seeded.
   *
   * @param population the number of users, {@code >= 0}
   * @param size the sample size, in {@code [0, population]}
   * @param seed the seed
   * @return {@code size} distinct user indices in {@code [0, population)}, ascending
   * @throws IllegalArgumentException if {@code size} is out of range
   */
  public static int[] sample(int population, int size, long seed) {
    Checks.atLeast("population", population, 0);
    Checks.require(
        size >= 0 && size <= population,
        "sample size must be in [0, %d] (population), was %d",
        population,
        size);
    int[] pool = new int[population];
    for (int i = 0; i < population; i++) {
      pool[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < size; i++) {
      int j = i + random.nextInt(population - i);
      int t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
    }
    int[] out = Arrays.copyOf(pool, size);
    Arrays.sort(out);
    return out;
  }

  /**
   * Measures the hit rate over the given users.
   *
   * @param itemsByUsers the item × user matrix the recommender was fitted on
   * @param recommender the recommender (its similar-items query is used)
   * @param k recommendations per user, in {@code [1, items - 1]}
   * @param users user (column) indices; repeats are measured as often as they appear
   * @return the result
   * @throws IllegalArgumentException if {@code k} is out of range, the shapes disagree, or no user
   *     played anything
   * @throws IndexOutOfBoundsException if a user is out of range
   */
  public static HitRateResult measure(
      SparseMatrix itemsByUsers, Recommender recommender, int k, int[] users) {
    Objects.requireNonNull(itemsByUsers, "itemsByUsers");
    Objects.requireNonNull(recommender, "recommender");
    Objects.requireNonNull(users, "users");
    Checks.require(
        itemsByUsers.rows() == recommender.size(),
        "itemsByUsers must have one row per item (%d), had %d",
        recommender.size(),
        itemsByUsers.rows());
    Checks.require(
        k >= 1 && k <= recommender.size() - 1,
        "k must be in [1, %d] (items - 1), was %d",
        recommender.size() - 1,
        k);
    SparseMatrix byUser = itemsByUsers.transpose();
    double[] rates = new double[users.length];
    int measured = 0;
    long hits = 0;
    for (int user : users) {
      Checks.index("user", user, byUser.rows(), "users");
      SparseVector history = byUser.row(user);
      int favourite = Baselines.favourite(history);
      if (favourite < 0) {
        continue;
      }
      Recommendations near = recommender.similar(favourite, k);
      int userHits = 0;
      for (int r = 0; r < near.size(); r++) {
        if (byUser.get(user, near.item(r)) != 0) {
          userHits++;
        }
      }
      hits += userHits;
      rates[measured++] = (double) userHits / k;
    }
    Checks.require(measured > 0, "no user of the %d given played anything", users.length);
    Estimate perUser = Statistics.mean(Arrays.copyOf(rates, measured));
    // The mean of the per-user rates, written as the reference defined it (no summation rounding).
    double rate = (double) hits / ((long) measured * k);
    return new HitRateResult(
        measured,
        users.length - measured,
        k,
        hits,
        new Estimate(rate, perUser.lower(), perUser.upper(), measured));
  }

  /**
   * @param itemsByUsers the item × user matrix
   * @param recommender the recommender fitted on it
   * @param k recommendations per user
   * @return the hit rate over every user
   */
  public static HitRateResult measureAll(
      SparseMatrix itemsByUsers, Recommender recommender, int k) {
    int[] all = new int[itemsByUsers.columns()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return measure(itemsByUsers, recommender, k, all);
  }
}
