package io.playknn.knn;

import io.playknn.internal.Checks;
import io.playknn.internal.Parallel;
import io.playknn.matrix.DenseMatrix;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import java.util.List;
import java.util.Objects;

/**
 * An exact nearest-neighbour index over the rows (items) of a {@link SparseMatrix}, fitted by a
 * {@link NearestNeighborsProvider} chosen by name.
 *
 * <pre>{@code
 * NearestNeighbors knn = NearestNeighbors.fit(artistByUser,
 *     KnnOptions.builder().algorithm("brute").metric(Metric.COSINE).neighbors(101).build());
 * Neighbors similar = knn.kneighbors(artist, 15);   // the artist itself is excluded
 * }</pre>
 *
 * <p>Every result is in ascending distance; equal distances are ordered by lower item index; a
 * query returns exactly {@code min(k, available)} neighbours, where {@code available} is the
 * number of indexed items, minus one when the query is an indexed item (it is excluded by its
 * index). Implementations are immutable after fitting and safe for concurrent queries from any
 * number of threads.
 */
public interface NearestNeighbors {

  /**
   * Fits an index with the provider named by {@link KnnOptions#algorithm()}. The name {@value
   * KnnOptions#AUTO_ALGORITHM} chooses {@code "brute"} for sparse input (see {@link
   * KnnOptions#AUTO_ALGORITHM}); the fitted index's {@link #options()} name the provider chosen.
   *
   * @param items the item × feature matrix (rows are items); not modified
   * @param options algorithm, metric, default {@code k}, threads
   * @return the fitted index
   * @throws IllegalArgumentException if no provider has that name (the message lists the names
   *     available), the options name a parameter the provider does not declare (the message lists
   *     the ones it does, {@link NearestNeighborsProvider#parameterNames()}), or the provider
   *     rejects the options
   */
  static NearestNeighbors fit(SparseMatrix items, KnnOptions options) {
    return Providers.checked(options).fit(items, options);
  }

  /**
   * Fits an index over the rows of a dense matrix with the provider named by {@link
   * KnnOptions#algorithm()}; providers that have no dense implementation index {@link
   * DenseMatrix#toSparse()}. The name {@value KnnOptions#AUTO_ALGORITHM} chooses {@code
   * "ball_tree"} when the matrix has at most 15 columns and {@code "brute"} otherwise (see {@link
   * KnnOptions#AUTO_ALGORITHM}); the fitted index's {@link #options()} name the provider chosen.
   *
   * @param items the item × dimension matrix (rows are items); not modified
   * @param options algorithm, metric, default {@code k}, threads
   * @return the fitted index
   * @throws IllegalArgumentException if no provider has that name (the message lists the names
   *     available), the options name a parameter the provider does not declare, or the provider
   *     rejects the options
   */
  static NearestNeighbors fit(DenseMatrix items, KnnOptions options) {
    return Providers.checked(options).fit(items, options);
  }

  /**
   * Finds a provider by name among those registered with {@link java.util.ServiceLoader}, or the
   * built-in chooser named {@value KnnOptions#AUTO_ALGORITHM}.
   *
   * @param name the provider name
   * @return the provider
   * @throws IllegalArgumentException if none has that name; the message lists the available names
   */
  static NearestNeighborsProvider provider(String name) {
    return Providers.get(name);
  }

  /** @return the names of all providers found by {@link java.util.ServiceLoader}, sorted */
  static List<String> providerNames() {
    return Providers.names();
  }

  /** @return the number of indexed items */
  int size();

  /** @return the number of features (columns) of the indexed items */
  int dimension();

  /** @return the options this index was fitted with */
  KnnOptions options();

  /** @return the metric */
  default Metric metric() {
    return options().metric();
  }

  /**
   * The nearest neighbours of an indexed item, itself excluded, with the default {@code k} of the
   * options.
   *
   * @param item an item index in {@code [0, size())}
   * @return {@code min(k, size() - 1)} neighbours
   * @throws IndexOutOfBoundsException if {@code item} is out of range
   */
  default Neighbors kneighbors(int item) {
    return kneighbors(item, options().neighbors());
  }

  /**
   * The {@code k} nearest neighbours of an indexed item, the item itself excluded by index.
   *
   * @param item an item index in {@code [0, size())}
   * @param k number of neighbours wanted, {@code >= 1}
   * @return {@code min(k, size() - 1)} neighbours
   * @throws IndexOutOfBoundsException if {@code item} is out of range
   * @throws IllegalArgumentException if {@code k < 1}
   */
  Neighbors kneighbors(int item, int k);

  /**
   * The {@code k} nearest indexed items of an ad-hoc vector.
   *
   * @param query a vector of dimension {@link #dimension()}
   * @param k number of neighbours wanted, {@code >= 1}
   * @return {@code min(k, size())} neighbours
   * @throws IllegalArgumentException if {@code k < 1} or the query's dimension differs
   */
  Neighbors kneighbors(SparseVector query, int k);

  /**
   * All indexed items within {@code radius} of an indexed item (distance {@code <= radius}), the
   * item itself excluded.
   *
   * @param item an item index in {@code [0, size())}
   * @param radius the largest distance included, {@code >= 0}
   * @return the neighbours within the radius, in contract order
   * @throws IndexOutOfBoundsException if {@code item} is out of range
   * @throws IllegalArgumentException if {@code radius} is negative or NaN
   */
  Neighbors radiusNeighbors(int item, double radius);

  /**
   * All indexed items within {@code radius} of an ad-hoc vector.
   *
   * @param query a vector of dimension {@link #dimension()}
   * @param radius the largest distance included, {@code >= 0}
   * @return the neighbours within the radius, in contract order
   * @throws IllegalArgumentException if the radius is negative or NaN, or the dimension differs
   */
  Neighbors radiusNeighbors(SparseVector query, double radius);

  /**
   * The {@code k} nearest neighbours of each of several indexed items, computed in parallel on
   * {@link KnnOptions#threads()} threads. The result does not depend on the number of threads.
   *
   * @param items item indices (repeats allowed); row {@code i} of the result answers {@code
   *     items[i]}
   * @param k number of neighbours per item, {@code >= 1}
   * @return the table of neighbours
   * @throws IndexOutOfBoundsException if an item is out of range
   * @throws IllegalArgumentException if {@code k < 1}
   */
  default NeighborTable kneighbors(int[] items, int k) {
    return kneighbors(items, k, ProgressListener.NONE);
  }

  /**
   * As {@link #kneighbors(int[], int)}, reporting progress in queries answered (of {@code
   * items.length}) from the worker threads as it goes.
   *
   * @param items item indices (repeats allowed)
   * @param k number of neighbours per item, {@code >= 1}
   * @param progress receives {@code (queries answered, items.length)}; thread-safe. If it throws,
   *     the batch stops and its exception is rethrown here
   * @return the table of neighbours
   * @throws IndexOutOfBoundsException if an item is out of range
   * @throws IllegalArgumentException if {@code k < 1}
   * @throws java.util.concurrent.CancellationException if the calling thread is interrupted while
   *     the batch runs (the batch stops within a chunk of rows; the interrupt flag stays set)
   */
  default NeighborTable kneighbors(int[] items, int k, ProgressListener progress) {
    Objects.requireNonNull(progress, "progress");
    int[] queries = items.clone();
    for (int item : queries) {
      Checks.index("item", item, size(), "indexed items");
    }
    Checks.atLeast("k", k, 1);
    Neighbors[] rows = new Neighbors[queries.length];
    Parallel.forEach(
        options().executor(),
        options().threads(),
        queries.length,
        t -> null,
        (unused, i) -> rows[i] = kneighbors(queries[i], k),
        progress::update);
    int[] offsets = new int[queries.length + 1];
    for (int i = 0; i < rows.length; i++) {
      offsets[i + 1] = offsets[i] + rows[i].size();
    }
    int[] indices = new int[offsets[rows.length]];
    double[] distances = new double[offsets[rows.length]];
    for (int i = 0; i < rows.length; i++) {
      for (int r = 0; r < rows[i].size(); r++) {
        indices[offsets[i] + r] = rows[i].index(r);
        distances[offsets[i] + r] = rows[i].distance(r);
      }
    }
    return NeighborTable.trusted(queries, offsets, indices, distances);
  }

  /**
   * The {@code k} nearest neighbours of every indexed item, in parallel; row {@code i} answers item
   * {@code i}.
   *
   * @param k number of neighbours per item, {@code >= 1}
   * @return the table of neighbours, {@link #size()} rows
   * @throws IllegalArgumentException if {@code k < 1}
   */
  default NeighborTable kneighborsAll(int k) {
    return kneighborsAll(k, ProgressListener.NONE);
  }

  /**
   * As {@link #kneighborsAll(int)}, reporting progress in items answered (of {@link #size()}) from
   * the worker threads: a full-scale table takes seconds to minutes.
   *
   * @param k number of neighbours per item, {@code >= 1}
   * @param progress receives {@code (items answered, size())}; thread-safe. If it throws, the
   *     build stops and its exception is rethrown here
   * @return the table of neighbours, {@link #size()} rows
   * @throws IllegalArgumentException if {@code k < 1}
   * @throws java.util.concurrent.CancellationException if the calling thread is interrupted while
   *     the build runs (it stops within a chunk of rows; the interrupt flag stays set)
   */
  default NeighborTable kneighborsAll(int k, ProgressListener progress) {
    int[] all = new int[size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return kneighbors(all, k, progress);
  }
}
