package io.playknn.knn;

import io.playknn.internal.Checks;
import io.playknn.internal.Parallel;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executor;

/**
 * How to fit a {@link NearestNeighbors}: the provider (algorithm), the metric, the default number
 * of neighbours, the number of threads for batch queries and the executor they run on, and
 * provider-specific parameters (for example {@code leaf_size} for {@code ball_tree}). Immutable.
 *
 * <pre>{@code
 * KnnOptions options = KnnOptions.builder().algorithm("brute").metric(Metric.COSINE)
 *     .neighbors(101).build();
 * }</pre>
 */
public final class KnnOptions {
  /** Default algorithm: {@code "brute"}. */
  public static final String DEFAULT_ALGORITHM = "brute";
  /**
   * The algorithm name that lets the input choose, resolved at fit time by scikit-learn's rule:
   * {@code "brute"} for sparse input ({@link io.playknn.matrix.SparseMatrix}) or more than 15
   * dimensions, {@code "ball_tree"} for a {@link io.playknn.matrix.DenseMatrix} of at most 15
   * columns. Naming a provider instead overrides the choice.
   */
  public static final String AUTO_ALGORITHM = "auto";
  /** Default number of neighbours: 5, as scikit-learn. */
  public static final int DEFAULT_NEIGHBORS = 5;

  private final String algorithm;
  private final Metric metric;
  private final int neighbors;
  private final int threads;
  private final Map<String, String> parameters;
  private final Executor executor;

  private KnnOptions(Builder b) {
    this.algorithm = b.algorithm;
    this.metric = b.metric;
    this.neighbors = b.neighbors;
    this.threads = b.threads;
    this.parameters = Collections.unmodifiableMap(new TreeMap<>(b.parameters));
    this.executor = b.executor;
  }

  /** @return options with every default: brute, cosine, 5 neighbours, all processors */
  public static KnnOptions defaults() {
    return builder().build();
  }

  /** @return a builder holding the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding these options */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.algorithm = algorithm;
    b.metric = metric;
    b.neighbors = neighbors;
    b.threads = threads;
    b.parameters.putAll(parameters);
    b.executor = executor;
    return b;
  }

  /** @return the provider name, e.g. {@code "brute"} */
  public String algorithm() {
    return algorithm;
  }

  /** @return the metric */
  public Metric metric() {
    return metric;
  }

  /** @return the default {@code k} of queries that do not give one */
  public int neighbors() {
    return neighbors;
  }

  /**
   * @return the most threads a batch query uses, the calling thread included; also the number of
   *     per-query scratch buffers an index keeps between queries (see each provider)
   */
  public int threads() {
    return threads;
  }

  /**
   * @return the executor batch queries hand their helper tasks to: the host's, or the library's
   *     one shared pool of daemon threads sized to the processors
   */
  public Executor executor() {
    return executor;
  }

  /** @return provider-specific parameters, sorted by name */
  public Map<String, String> parameters() {
    return parameters;
  }

  /**
   * Reads an integer provider parameter.
   *
   * @param name the parameter name
   * @param defaultValue value when the parameter is absent
   * @return the parameter's value
   * @throws IllegalArgumentException if the parameter is present but not an integer
   */
  public int intParameter(String name, int defaultValue) {
    String v = parameters.get(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "parameter " + name + " must be an integer, was \"" + v + "\"", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KnnOptions)) {
      return false;
    }
    KnnOptions k = (KnnOptions) o;
    return algorithm.equals(k.algorithm)
        && metric == k.metric
        && neighbors == k.neighbors
        && threads == k.threads
        && parameters.equals(k.parameters)
        && executor.equals(k.executor);
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, metric, neighbors, threads, parameters, executor);
  }

  @Override
  public String toString() {
    return "KnnOptions[algorithm="
        + algorithm
        + ", metric="
        + metric.id()
        + ", neighbors="
        + neighbors
        + ", threads="
        + threads
        + ", parameters="
        + parameters
        + "]";
  }

  /** Builds {@link KnnOptions}; not thread-safe. */
  public static final class Builder {
    private String algorithm = DEFAULT_ALGORITHM;
    private Metric metric = Metric.COSINE;
    private int neighbors = DEFAULT_NEIGHBORS;
    private int threads = Runtime.getRuntime().availableProcessors();
    private final Map<String, String> parameters = new TreeMap<>();
    private Executor executor = Parallel.sharedExecutor();

    private Builder() {}

    /**
     * @param name a provider name, e.g. {@code "brute"} or {@code "ball_tree"}, or {@value
     *     #AUTO_ALGORITHM} to choose by the input (see {@link #AUTO_ALGORITHM})
     * @return this builder
     */
    public Builder algorithm(String name) {
      this.algorithm = Objects.requireNonNull(name, "algorithm");
      return this;
    }

    /**
     * @param metric the metric
     * @return this builder
     */
    public Builder metric(Metric metric) {
      this.metric = Objects.requireNonNull(metric, "metric");
      return this;
    }

    /**
     * @param k default number of neighbours per query, {@code >= 1}
     * @return this builder
     */
    public Builder neighbors(int k) {
      this.neighbors = k;
      return this;
    }

    /**
     * @param threads threads for batch queries, {@code >= 1}
     * @return this builder
     */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * Where batch queries ({@link NearestNeighbors#kneighbors(int[], int)}, {@link
     * NearestNeighbors#kneighborsAll(int)}) run: the calling thread works, and hands up to {@link
     * #threads(int) threads - 1} helper tasks to this executor; a task the executor has not started
     * when the work is done is revoked, so a busy, bounded or rejecting executor slows a batch but
     * never deadlocks it, and no task outlives the call. The executor's threads run the index's
     * code only for the duration of the call. Not written to model files.
     *
     * @param executor the host's executor; default: the library's one shared pool of daemon
     *     threads, at most one per processor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets a provider parameter. The name must be one the provider declares ({@link
     * NearestNeighborsProvider#parameterNames()}, e.g. {@code leaf_size} for {@code ball_tree});
     * that is checked by {@link #build()}.
     *
     * @param name a provider-specific parameter name
     * @param value its value
     * @return this builder
     */
    public Builder parameter(String name, String value) {
      parameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** @return this builder, without any provider parameter */
    Builder clearParameters() {
      parameters.clear();
      return this;
    }

    /**
     * @return the options
     * @throws IllegalArgumentException if {@code neighbors < 1}, {@code threads < 1}, the
     *     algorithm name is blank, or a parameter is not one the named provider declares (the
     *     message lists the ones it does; a provider that is not on the class path is checked when
     *     an index is fitted)
     */
    public KnnOptions build() {
      Checks.atLeast("neighbors", neighbors, 1);
      Checks.atLeast("threads", threads, 1);
      Checks.require(!algorithm.isBlank(), "algorithm must not be blank, was \"%s\"", algorithm);
      Providers.find(algorithm).ifPresent(p -> Providers.checkParameters(p, parameters.keySet()));
      return new KnnOptions(this);
    }
  }
}
