package io.playknn.knn;

import io.playknn.matrix.DenseMatrix;
import io.playknn.matrix.SparseMatrix;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@value KnnOptions#AUTO_ALGORITHM} chooser: resolves to a real provider at fit time by
 * scikit-learn's rule (brute force for sparse input or more than {@value #MAX_TREE_DIMENSIONS}
 * dimensions, the ball tree otherwise) and fits with options naming the provider chosen. Stateless.
 */
final class AutoProvider implements NearestNeighborsProvider {
  static final AutoProvider INSTANCE = new AutoProvider();
  /** The most dimensions for which {@code auto} picks the ball tree, as scikit-learn. */
  static final int MAX_TREE_DIMENSIONS = 15;

  private static final String BRUTE = "brute";
  private static final String BALL_TREE = "ball_tree";

  private AutoProvider() {}

  @Override
  public String name() {
    return KnnOptions.AUTO_ALGORITHM;
  }

  @Override
  public NearestNeighbors fit(SparseMatrix items, KnnOptions options) {
    Objects.requireNonNull(items, "items");
    return Providers.get(BRUTE).fit(items, resolved(options, BRUTE));
  }

  @Override
  public NearestNeighbors fit(DenseMatrix items, KnnOptions options) {
    Objects.requireNonNull(items, "items");
    String name = items.columns() > MAX_TREE_DIMENSIONS ? BRUTE : BALL_TREE;
    return Providers.get(name).fit(items, resolved(options, name));
  }

  /** The parameters of the providers it may choose: each is passed on only to a provider that reads it. */
  @Override
  public Set<String> parameterNames() {
    Set<String> names = new TreeSet<>(Providers.get(BRUTE).parameterNames());
    names.addAll(Providers.get(BALL_TREE).parameterNames());
    return Collections.unmodifiableSet(names);
  }

  private static KnnOptions resolved(KnnOptions options, String name) {
    Objects.requireNonNull(options, "options");
    Set<String> known = Providers.get(name).parameterNames();
    KnnOptions.Builder b = options.toBuilder().algorithm(name).clearParameters();
    options.parameters().forEach((key, value) -> {
      if (known.contains(key)) {
        b.parameter(key, value);
      }
    });
    return b.build();
  }
}
