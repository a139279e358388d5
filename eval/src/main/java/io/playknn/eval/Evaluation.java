package io.playknn.eval;

import io.playknn.internal.Checks;
import io.playknn.internal.Parallel;
import io.playknn.matrix.SparseVector;
import io.playknn.knn.ProgressListener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The held-out evaluation: every algorithm recommends {@code K} items for every test user of a
 * {@link HoldoutSplit} from the user's training history (training items are never recommended), and
 * each list is scored against the user's held-out items with every {@link Measure}; catalogue
 * coverage is computed over all lists. Users are processed in parallel; each user's numbers go to
 * their own slots, and every built-in algorithm is a pure function of {@code (user, history)}, so
 * the report is identical for any number of threads.
 *
 * <pre>{@code
 * HoldoutSplit split = HoldoutSplit.leaveKOut(matrix, 5, 5, 42);
 * Recommender knn = Baselines.fitItemKnn(split.training(), 100, 2);
 * EvaluationReport report = Evaluation.builder(split).k(10).build()
 *     .run(List.of(Baselines.itemBased("item-kNN", knn), Baselines.mostPopular(split.training())));
 * }</pre>
 */
public final class Evaluation {
  private final HoldoutSplit split;
  private final int k;
  private final int threads;
  private final ProgressListener progress;

  private Evaluation(Builder b) {
    this.split = b.split;
    this.k = b.k;
    this.threads = b.threads;
    this.progress = b.progress;
  }

  /**
   * @param split the held-out split to evaluate on
   * @return a builder with {@code k = 10}, all processors, no progress reporting
   */
  public static Builder builder(HoldoutSplit split) {
    return new Builder(split);
  }

  /**
   * Runs every algorithm on every test user.
   *
   * @param given the algorithms, fitted on {@link HoldoutSplit#training()}; distinct names
   * @return the report; its paired tests compare the first algorithm with each other one
   * @throws IllegalArgumentException if the list is empty, names repeat, there are fewer than 2
   *     test users, or an algorithm returns an item out of range, a repeat or a training item
   */
  public EvaluationReport run(List<Algorithm> given) {
    List<Algorithm> algorithms = List.copyOf(Objects.requireNonNull(given, "algorithms"));
    Checks.require(!algorithms.isEmpty(), "algorithms must not be empty");
    Set<String> names = new HashSet<>();
    for (Algorithm a : algorithms) {
      Checks.require(
          names.add(a.name()), "algorithm names must be distinct, \"%s\" repeats", a.name());
    }
    int users = split.testUserCount();
    Checks.require(users >= 2, "the split must have at least 2 test users, had %d", users);
    int items = split.training().rows();
    int trainingUsers = split.training().columns();
    int[] listeners = Baselines.listeners(split.training());
    double[] popularity = new double[items];
    for (int i = 0; i < items; i++) {
      popularity[i] = (double) listeners[i] / trainingUsers;
    }
    int algorithmCount = algorithms.size();
    Measure[] measures = Measure.values();
    double[][][] values = new double[algorithmCount][measures.length][users];
    int[][][] lists = new int[algorithmCount][users][];
    Parallel.forEach(
        threads,
        users,
        t -> new boolean[items],
        (seen, t) -> {
          int user = split.testUser(t);
          SparseVector history = split.trainingHistory(t);
          int[] relevant = split.heldOut(t);
          for (int a = 0; a < algorithmCount; a++) {
            Algorithm algorithm = algorithms.get(a);
            int[] list = algorithm.recommend(user, history, k);
            check(algorithm, list, history, items, seen);
            lists[a][t] = list;
            for (Measure m : measures) {
              values[a][m.ordinal()][t] =
                  value(m, list, relevant, popularity, listeners, trainingUsers);
            }
          }
        },
        progress::update);
    List<EvaluationReport.Row> rows = new ArrayList<>();
    for (int a = 0; a < algorithmCount; a++) {
      rows.add(
          new EvaluationReport.Row(
              algorithms.get(a).name(),
              values[a],
              RankingMetrics.coverage(List.of(lists[a]), k, items)));
    }
    return new EvaluationReport(split.toString(), k, users, items, rows);
  }

  private double value(
      Measure m, int[] list, int[] relevant, double[] popularity, int[] listeners, int users) {
    switch (m) {
      case HIT_RATE:
        return RankingMetrics.hit(list, k, relevant);
      case PRECISION:
        return RankingMetrics.precision(list, k, relevant);
      case RECALL:
        return RankingMetrics.recall(list, k, relevant);
      case NDCG:
        return RankingMetrics.ndcg(list, k, relevant);
      case MAP:
        return RankingMetrics.averagePrecision(list, k, relevant);
      case MRR:
        return RankingMetrics.reciprocalRank(list, k, relevant);
      case POPULARITY:
        return RankingMetrics.meanPopularity(list, k, popularity);
      case NOVELTY:
        return RankingMetrics.novelty(list, k, listeners, users);
      default:
        throw new AssertionError(m);
    }
  }

  /**
   * Rejects lists that break the {@link Algorithm} contract; {@code seen} is all-false on return.
   */
  private void check(
      Algorithm algorithm, int[] list, SparseVector history, int items, boolean[] seen) {
    Objects.requireNonNull(list, "recommendations");
    try {
      Checks.require(
          list.length <= k,
          "%s returned %d items, more than k = %d",
          algorithm.name(),
          list.length,
          k);
      for (int item : list) {
        Checks.require(
            item >= 0 && item < items,
            "%s recommended item %d, outside [0, %d)",
            algorithm.name(),
            item,
            items);
        Checks.require(!seen[item], "%s recommended item %d twice", algorithm.name(), item);
        seen[item] = true;
      }
      for (int i = 0; i < history.size(); i++) {
        Checks.require(
            !seen[history.indexAt(i)],
            "%s recommended training item %d",
            algorithm.name(),
            history.indexAt(i));
      }
    } finally {
      for (int item : list) {
        if (item >= 0 && item < items) {
          seen[item] = false;
        }
      }
    }
  }

  /** Configures an {@link Evaluation}; not thread-safe. */
  public static final class Builder {
    private final HoldoutSplit split;
    private int k = 10;
    private int threads = Runtime.getRuntime().availableProcessors();
    private ProgressListener progress = ProgressListener.NONE;

    private Builder(HoldoutSplit split) {
      this.split = Objects.requireNonNull(split, "split");
    }

    /**
     * @param k the cut-off: recommendations per user, {@code >= 1}
     * @return this builder
     */
    public Builder k(int k) {
      this.k = k;
      return this;
    }

    /**
     * @param threads worker threads, {@code >= 1}; the results do not depend on it
     * @return this builder
     */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * @param progress told of test users done, from worker threads
     * @return this builder
     */
    public Builder progress(ProgressListener progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /**
     * @return the evaluation
     * @throws IllegalArgumentException if {@code k} or {@code threads} is below 1
     */
    public Evaluation build() {
      Checks.atLeast("k", k, 1);
      Checks.atLeast("threads", threads, 1);
      return new Evaluation(this);
    }
  }
}
