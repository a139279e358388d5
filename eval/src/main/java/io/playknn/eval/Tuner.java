package io.playknn.eval;

import io.playknn.internal.Checks;
import io.playknn.recommend.Scoring;
import io.playknn.recommend.Scoring.Neighbourhood;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Chooses an item-kNN configuration on a validation split carved from the training data only.
 *
 * <p>The validation split is {@link HoldoutSplit#leaveKOut} of the test split's {@link
 * HoldoutSplit#training()} (same held-out count and minimum, seed {@code split.seed() ^} {@value
 * #VALIDATION_SALT_HEX}): the test users' held-out items are never seen. Each configuration is
 * fitted on the validation training matrix and scored by NDCG@K over the validation users.
 *
 * <p>The search is coordinate ascent over a {@link SearchSpace}: start from {@link
 * ItemKnnConfig#REFERENCE} (or the space's first values where it has none of the reference's);
 * then, one dimension at a time in the order neighbourhood side, values, alpha, beta, exponent,
 * shrinkage, neighbours, try every value of that dimension with the others fixed and move to the best (only
 * when strictly better); repeat rounds until one changes nothing, at most {@code rounds}. Every
 * configuration is evaluated once (results are cached), so the search is deterministic.
 */
public final class Tuner {
  /** Mixed into the split's seed to draw the validation split. */
  static final long VALIDATION_SALT = 0x3C6EF372FE94F82BL;

  /** {@link #VALIDATION_SALT} in hexadecimal, for the documentation. */
  public static final String VALIDATION_SALT_HEX = "0x3C6EF372FE94F82B";

  private final HoldoutSplit validation;
  private final SearchSpace space;
  private final int k;
  private final int threads;
  private final int rounds;
  private final Consumer<Trial> progress;

  private Tuner(Builder b) {
    this.validation =
        HoldoutSplit.leaveKOut(
            b.split.training(),
            b.split.heldOutPerUser(),
            b.split.minTraining(),
            b.split.seed() ^ VALIDATION_SALT);
    this.space = b.space;
    this.k = b.k;
    this.threads = b.threads;
    this.rounds = b.rounds;
    this.progress = b.progress;
  }

  /**
   * @param split the test split; only its training matrix is used
   * @return a builder: {@link SearchSpace#DEFAULT}, K = 10, all processors, at most 3 rounds
   */
  public static Builder builder(HoldoutSplit split) {
    return new Builder(split);
  }

  /**
   * The search space: the values tried in each dimension.
   *
   * @param values value readings
   * @param neighbors neighbours per item ({@link Integer#MAX_VALUE}: every item)
   * @param alphas asymmetry values ({@link Scoring#alpha()})
   * @param betas candidate popularity exponents
   * @param exponents locality exponents ({@link Scoring#exponent()})
   * @param shrinkages shrinkage values
   * @param neighbourhoods neighbourhood sides
   */
  public record SearchSpace(
      List<ItemKnnConfig.Values> values,
      List<Integer> neighbors,
      List<Double> alphas,
      List<Double> betas,
      List<Double> exponents,
      List<Double> shrinkages,
      List<Neighbourhood> neighbourhoods) {
    /**
     * values {as given, binary}; neighbours {50, 100, 200, 400, all}; alpha {0, 0.1, …, 0.8};
     * beta {0, 0.1, 0.2, 0.3, 0.4, 0.5}; exponent {0.5, 0.75, 1, 1.5, 2}; shrinkage {0, 5, 20,
     * 50}; side {history, candidate}.
     */
    public static final SearchSpace DEFAULT =
        new SearchSpace(
            List.of(ItemKnnConfig.Values.AS_GIVEN, ItemKnnConfig.Values.BINARY),
            List.of(50, 100, 200, 400, Integer.MAX_VALUE),
            List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8),
            List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5),
            List.of(0.5, 0.75, 1.0, 1.5, 2.0),
            List.of(0.0, 5.0, 20.0, 50.0),
            List.of(Neighbourhood.HISTORY, Neighbourhood.CANDIDATE));

    /**
     * @throws IllegalArgumentException if a dimension is empty or a value is out of range
     */
    public SearchSpace {
      values = List.copyOf(values);
      neighbors = List.copyOf(neighbors);
      alphas = List.copyOf(alphas);
      betas = List.copyOf(betas);
      exponents = List.copyOf(exponents);
      shrinkages = List.copyOf(shrinkages);
      neighbourhoods = List.copyOf(neighbourhoods);
      for (List<?> d :
          List.of(values, neighbors, alphas, betas, exponents, shrinkages, neighbourhoods)) {
        Checks.require(!d.isEmpty(), "every search dimension needs a value, one was empty");
      }
      for (int n : neighbors) {
        Checks.atLeast("neighbors", n, 1);
      }
      // Each value is checked by the configuration it builds.
      for (double a : alphas) {
        Scoring.REFERENCE.withAlpha(a);
      }
      for (double b : betas) {
        Scoring.REFERENCE.withBeta(b);
      }
      for (double e : exponents) {
        Scoring.REFERENCE.withExponent(e);
      }
      for (double s : shrinkages) {
        Scoring.REFERENCE.withShrinkage(s);
      }
    }

    @Override
    public String toString() {
      List<String> n = new ArrayList<>();
      neighbors.forEach(x -> n.add(x == Integer.MAX_VALUE ? "all" : Integer.toString(x)));
      return "values " + braces(values) + "; neighbours " + braces(n) + "; alpha " + braces(alphas)
          + "; beta " + braces(betas) + "; exponent " + braces(exponents) + "; shrinkage " + braces(shrinkages) + "; side "
          + braces(neighbourhoods);
    }

    private static String braces(List<?> values) {
      String list = values.toString();
      return "{" + list.substring(1, list.length() - 1) + "}";
    }
  }

  /**
   * One evaluated configuration.
   *
   * @param config the configuration
   * @param ndcg its validation NDCG@K with the 95% interval
   * @param hitRate its validation hit rate at K
   */
  public record Trial(ItemKnnConfig config, Estimate ndcg, Estimate hitRate) {}

  /**
   * The search's outcome.
   *
   * @param best the chosen configuration (highest validation NDCG@K reached)
   * @param trials every configuration evaluated, in evaluation order
   * @param validation the validation split's description
   */
  public record Result(ItemKnnConfig best, List<Trial> trials, String validation) {
    /**
     * @throws NullPointerException if a component is null
     */
    public Result {
      Objects.requireNonNull(best, "best");
      trials = List.copyOf(trials);
      Objects.requireNonNull(validation, "validation");
    }

    /**
     * @return the trial of the chosen configuration
     */
    public Trial bestTrial() {
      for (Trial t : trials) {
        if (t.config().equals(best)) {
          return t;
        }
      }
      throw new IllegalStateException("the best configuration has no trial");
    }
  }

  /**
   * Runs the search.
   *
   * @return the chosen configuration and every trial
   */
  public Result tune() {
    Map<ItemKnnConfig, Trial> done = new LinkedHashMap<>();
    ItemKnnConfig current = start();
    double best = evaluate(current, done).ndcg().mean();
    for (int round = 0; round < rounds; round++) {
      boolean moved = false;
      for (int dimension = 0; dimension < 7; dimension++) {
        for (ItemKnnConfig candidate : along(current, dimension)) {
          double ndcg = evaluate(candidate, done).ndcg().mean();
          if (ndcg > best) {
            best = ndcg;
            current = candidate;
            moved = true;
          }
        }
      }
      if (!moved) {
        break;
      }
    }
    return new Result(current, new ArrayList<>(done.values()), validation.toString());
  }

  private ItemKnnConfig start() {
    ItemKnnConfig r = ItemKnnConfig.REFERENCE;
    Scoring s = r.scoring();
    return new ItemKnnConfig(
        pick(space.values(), r.values()),
        pick(space.neighbors(), r.neighbors()),
        new Scoring(
            pick(space.shrinkages(), s.shrinkage()),
            pick(space.alphas(), s.alpha()),
            pick(space.betas(), s.beta()),
            pick(space.neighbourhoods(), s.neighbourhood()),
            pick(space.exponents(), s.exponent())));
  }

  private static <T> T pick(List<T> options, T preferred) {
    return options.contains(preferred) ? preferred : options.get(0);
  }

  /** Every configuration that differs from {@code c} in one dimension only (c itself included). */
  private List<ItemKnnConfig> along(ItemKnnConfig c, int dimension) {
    Scoring s = c.scoring();
    List<ItemKnnConfig> out = new ArrayList<>();
    switch (dimension) {
      case 0:
        space.neighbourhoods().forEach(v -> out.add(with(c, s.withNeighbourhood(v))));
        break;
      case 1:
        space.values().forEach(v -> out.add(new ItemKnnConfig(v, c.neighbors(), s)));
        break;
      case 2:
        space.alphas().forEach(v -> out.add(with(c, s.withAlpha(v))));
        break;
      case 3:
        space.betas().forEach(v -> out.add(with(c, s.withBeta(v))));
        break;
      case 4:
        space.exponents().forEach(v -> out.add(with(c, s.withExponent(v))));
        break;
      case 5:
        space.shrinkages().forEach(v -> out.add(with(c, s.withShrinkage(v))));
        break;
      default:
        space.neighbors().forEach(v -> out.add(new ItemKnnConfig(c.values(), v, s)));
    }
    return out;
  }

  private static ItemKnnConfig with(ItemKnnConfig c, Scoring s) {
    return new ItemKnnConfig(c.values(), c.neighbors(), s);
  }

  private Trial evaluate(ItemKnnConfig config, Map<ItemKnnConfig, Trial> done) {
    Trial known = done.get(config);
    if (known != null) {
      return known;
    }
    Algorithm a = Baselines.itemKnn("candidate", validation.training(), config, threads);
    EvaluationReport report =
        Evaluation.builder(validation).k(k).threads(threads).build().run(List.of(a));
    EvaluationReport.Row row = report.rows().get(0);
    Trial t = new Trial(config, row.estimate(Measure.NDCG), row.estimate(Measure.HIT_RATE));
    done.put(config, t);
    progress.accept(t);
    return t;
  }

  /** Configures a {@link Tuner}; not thread-safe. */
  public static final class Builder {
    private final HoldoutSplit split;
    private SearchSpace space = SearchSpace.DEFAULT;
    private int k = 10;
    private int threads = Runtime.getRuntime().availableProcessors();
    private int rounds = 3;
    private Consumer<Trial> progress = t -> {};

    private Builder(HoldoutSplit split) {
      this.split = Objects.requireNonNull(split, "split");
    }

    /**
     * @param space the values to search
     * @return this builder
     */
    public Builder space(SearchSpace space) {
      this.space = Objects.requireNonNull(space, "space");
      return this;
    }

    /**
     * @param k the cut-off of the validation NDCG, {@code >= 1}
     * @return this builder
     */
    public Builder k(int k) {
      this.k = k;
      return this;
    }

    /**
     * @param threads worker threads, {@code >= 1}; the result does not depend on it
     * @return this builder
     */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * @param rounds the most passes over all dimensions, {@code >= 1}
     * @return this builder
     */
    public Builder rounds(int rounds) {
      this.rounds = rounds;
      return this;
    }

    /**
     * @param listener told of each trial as it completes, on the calling thread
     * @return this builder
     */
    public Builder progress(Consumer<Trial> listener) {
      this.progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Draws the validation split.
     *
     * @return the tuner
     * @throws IllegalArgumentException if {@code k}, {@code threads} or {@code rounds} is below 1
     */
    public Tuner build() {
      Checks.atLeast("k", k, 1);
      Checks.atLeast("threads", threads, 1);
      Checks.atLeast("rounds", rounds, 1);
      return new Tuner(this);
    }
  }

  @Override
  public String toString() {
    return "Tuner[" + validation + ", " + Arrays.asList(space) + "]";
  }
}
