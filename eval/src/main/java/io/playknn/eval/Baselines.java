package io.playknn.eval;

import io.playknn.internal.Checks;
import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import io.playknn.recommend.Ease;
import io.playknn.recommend.Recommendations;
import io.playknn.recommend.Recommender;
import io.playknn.recommend.Rp3Beta;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The recommenders a report compares, each fitted on a training matrix (items × users). Every one
 * returns exactly {@code min(k, items - history items)} items outside the history, except {@link
 * #favouriteItem}, which returns none for a history without a positive play (it has no favourite
 * to start from).
 */
public final class Baselines {
  /**
   * Decorrelates the random baseline's per-user stream from the split's: with the same seed, both
   * would otherwise draw from identical generators for the same user.
   */
  private static final long RANDOM_SALT = 0x6A09E667F3BCC908L;

  private Baselines() {}

  /**
   * Fits the item-kNN recommender the evaluation is about: exact cosine kNN, each history item's
   * {@code neighbors} nearest items scored by {@code Σ weight × similarity} (see {@link
   * Recommender}), history weights = training values.
   *
   * @param training the training matrix, items × users
   * @param neighbors neighbours per history item, {@code >= 1}
   * @param threads threads for fitting, {@code >= 1}
   * @return the fitted recommender
   */
  public static Recommender fitItemKnn(SparseMatrix training, int neighbors, int threads) {
    Objects.requireNonNull(training, "training");
    NearestNeighbors knn =
        NearestNeighbors.fit(
            training,
            KnnOptions.builder()
                .algorithm("brute")
                .metric(Metric.COSINE)
                .neighbors(Math.min(neighbors, Math.max(1, training.rows() - 1)))
                .threads(threads)
                .build());
    return Recommender.builder(knn, training).neighbors(neighbors).threads(threads).build();
  }

  /**
   * Fits item-kNN in a given configuration: values read as {@link ItemKnnConfig#values()} (the
   * histories too), {@link ItemKnnConfig#neighbors()} neighbours per item, its {@link
   * io.playknn.recommend.Scoring}.
   *
   * @param name display name
   * @param training the training matrix, items × users
   * @param config the configuration
   * @param threads threads for fitting, {@code >= 1}
   * @return the algorithm
   */
  public static Algorithm itemKnn(
      String name, SparseMatrix training, ItemKnnConfig config, int threads) {
    Objects.requireNonNull(config, "config");
    SparseMatrix m = config.values().apply(Objects.requireNonNull(training, "training"));
    int k = Math.min(config.neighbors(), Math.max(1, m.rows() - 1));
    NearestNeighbors knn =
        NearestNeighbors.fit(
            m,
            KnnOptions.builder()
                .algorithm("brute")
                .metric(Metric.COSINE)
                .neighbors(config.scoring().isReference() ? k : 1)
                .threads(threads)
                .build());
    Recommender r =
        Recommender.builder(knn, m)
            .neighbors(k)
            .threads(threads)
            .scoring(config.scoring())
            .build();
    return transformed(name, r, config.values());
  }

  /**
   * EASE^R ({@link Ease}) on binary plays: fitted on the training matrix with every stored non-zero
   * value read as 1, and scoring histories read the same way.
   *
   * @param training the training matrix, items × users (at most {@link Ease#MAX_ITEMS} items)
   * @param lambda the regularisation, {@code > 0}
   * @param threads threads for fitting, {@code >= 1}
   * @return the algorithm, named {@code "EASE^R (binary, lambda=…)"}
   */
  public static Algorithm ease(SparseMatrix training, double lambda, int threads) {
    Recommender r =
        Ease.builder(ItemKnnConfig.Values.BINARY.apply(training))
            .lambda(lambda)
            .threads(threads)
            .build();
    return transformed(
        "EASE^R (binary, lambda=" + number(lambda) + ")", r, ItemKnnConfig.Values.BINARY);
  }

  /**
   * RP3beta ({@link Rp3Beta}) on binary plays, every item as neighbour.
   *
   * @param training the training matrix, items × users
   * @param alpha the transition exponent, {@code > 0}
   * @param beta the popularity exponent, {@code >= 0}
   * @param threads threads for fitting, {@code >= 1}
   * @return the algorithm, named {@code "RP3beta (binary, alpha=…, beta=…)"}
   */
  public static Algorithm rp3beta(SparseMatrix training, double alpha, double beta, int threads) {
    Recommender r =
        Rp3Beta.builder(ItemKnnConfig.Values.BINARY.apply(training))
            .alpha(alpha)
            .beta(beta)
            .threads(threads)
            .build();
    return transformed(
        "RP3beta (binary, alpha=" + number(alpha) + ", beta=" + number(beta) + ")",
        r,
        ItemKnnConfig.Values.BINARY);
  }

  private static String number(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
  }

  /** Scores the history read as {@code values} with {@code recommender}. */
  private static Algorithm transformed(
      String name, Recommender recommender, ItemKnnConfig.Values values) {
    Objects.requireNonNull(name, "name");
    return new Algorithm() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int[] recommend(int user, SparseVector history, int k) {
        return recommender.recommend(values.apply(history), k).items();
      }
    };
  }

  /**
   * Item-based scoring over the whole history with a given recommender.
   *
   * @param name display name
   * @param recommender a fitted recommender
   * @return the algorithm: {@link Recommender#recommend(SparseVector, int)}
   */
  public static Algorithm itemBased(String name, Recommender recommender) {
    Objects.requireNonNull(recommender, "recommender");
    return transformed(name, recommender, ItemKnnConfig.Values.AS_GIVEN);
  }

  /**
   * The reference's method: the user's favourite item (largest history weight, ties by lower
   * index), and its nearest items in order, skipping items already in the history.
   *
   * @param recommender a fitted recommender (only its similar-items query is used)
   * @return the algorithm, named {@code "favourite-item kNN"}; for a history without a positive
   *     play (empty, or only zeros) it returns nothing
   */
  public static Algorithm favouriteItem(Recommender recommender) {
    Objects.requireNonNull(recommender, "recommender");
    return new Algorithm() {
      @Override
      public String name() {
        return "favourite-item kNN";
      }

      @Override
      public int[] recommend(int user, SparseVector history, int k) {
        Checks.atLeast("k", k, 1);
        int favourite = favourite(history);
        if (favourite < 0) {
          return new int[0];
        }
        Recommendations near = recommender.similar(favourite, k + history.size());
        int[] out = new int[Math.min(k, recommender.size() - history.size())];
        int filled = 0;
        for (int r = 0; r < near.size() && filled < out.length; r++) {
          int item = near.item(r);
          if (!contains(history, item)) {
            out[filled++] = item;
          }
        }
        return out;
      }
    };
  }

  /**
   * The user's most-played item.
   *
   * @param history a history
   * @return the index of its largest stored value, ties by lower index; -1 if no value is positive
   */
  public static int favourite(SparseVector history) {
    int best = -1;
    double bestValue = 0;
    for (int i = 0; i < history.size(); i++) {
      if (history.valueAt(i) > bestValue) {
        best = history.indexAt(i);
        bestValue = history.valueAt(i);
      }
    }
    return best;
  }

  /**
   * Most popular items first: popularity = number of training users with a non-zero value, ties by
   * lower index; the history is skipped.
   *
   * @param training the training matrix, items × users
   * @return the algorithm, named {@code "most-popular"}
   */
  public static Algorithm mostPopular(SparseMatrix training) {
    int[] listeners = listeners(training);
    Integer[] boxed = new Integer[listeners.length];
    for (int i = 0; i < boxed.length; i++) {
      boxed[i] = i;
    }
    java.util.Arrays.sort(
        boxed,
        (a, b) ->
            listeners[a] != listeners[b]
                ? Integer.compare(listeners[b], listeners[a])
                : Integer.compare(a, b));
    int[] order = new int[boxed.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = boxed[i];
    }
    return new Algorithm() {
      @Override
      public String name() {
        return "most-popular";
      }

      @Override
      public int[] recommend(int user, SparseVector history, int k) {
        Checks.atLeast("k", k, 1);
        int[] out = new int[Math.min(k, order.length - history.size())];
        int filled = 0;
        for (int r = 0; r < order.length && filled < out.length; r++) {
          if (!contains(history, order[r])) {
            out[filled++] = order[r];
          }
        }
        return out;
      }
    };
  }

  /**
   * Uniformly random items outside the history, drawn per user from a generator seeded by {@code
   * (seed, user)} (salted, so that it is not the generator {@link HoldoutSplit} uses for the same
   * seed and user): the same user gets the same list in any run and on any thread.
   *
   * @param items the catalogue size, {@code >= 1}
   * @param seed the seed
   * @return the algorithm, named {@code "random"}
   */
  public static Algorithm random(int items, long seed) {
    Checks.atLeast("items", items, 1);
    return new Algorithm() {
      @Override
      public String name() {
        return "random";
      }

      @Override
      public int[] recommend(int user, SparseVector history, int k) {
        Checks.atLeast("k", k, 1);
        int[] pool = new int[items - history.size()];
        for (int j = 0, p = 0; j < items; j++) {
          if (!contains(history, j)) {
            pool[p++] = j;
          }
        }
        SplittableRandom random =
            new SplittableRandom(HoldoutSplit.userSeed(seed ^ RANDOM_SALT, user));
        int[] out = new int[Math.min(k, pool.length)];
        for (int i = 0; i < out.length; i++) {
          int j = i + random.nextInt(pool.length - i);
          int t = pool[i];
          pool[i] = pool[j];
          pool[j] = t;
          out[i] = pool[i];
        }
        return out;
      }
    };
  }

  /**
   * @param training items × users
   * @return per item, the number of users with a non-zero value
   */
  static int[] listeners(SparseMatrix training) {
    int[] count = new int[training.rows()];
    for (int i = 0; i < count.length; i++) {
      for (int p = training.rowStart(i); p < training.rowEnd(i); p++) {
        if (training.valueAt(p) != 0) {
          count[i]++;
        }
      }
    }
    return count;
  }

  private static boolean contains(SparseVector history, int item) {
    int lo = 0;
    int hi = history.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int v = history.indexAt(mid);
      if (v < item) {
        lo = mid + 1;
      } else if (v > item) {
        hi = mid - 1;
      } else {
        return true;
      }
    }
    return false;
  }
}
