package io.playknn.knn;

import io.playknn.matrix.DenseMatrix;
import io.playknn.matrix.SparseMatrix;
import java.util.Set;

/**
 * The service-provider interface: a stateless factory, found with {@link java.util.ServiceLoader},
 * that fits a {@link NearestNeighbors} index. Register an implementation in {@code
 * META-INF/services/io.playknn.knn.NearestNeighborsProvider} for the class path and with {@code
 * provides io.playknn.knn.NearestNeighborsProvider with ...} in its module descriptor for the module
 * path (as {@code io.playknn.core} does for the built-in ones); it needs a public no-argument
 * constructor.
 *
 * <p>Implementations must honour the result contract of {@link NearestNeighbors} and must be
 * thread-safe. The helpers in {@link io.playknn.knn.spi} ({@code NeighborHeap}, {@code
 * NeighborOrder}, {@code NeighborTableWriter}) and {@link Neighbors#of} help.
 */
public interface NearestNeighborsProvider {

  /** @return the unique name options select this provider by, e.g. {@code "brute"} */
  String name();

  /**
   * The names of the parameters ({@link KnnOptions#parameters()}) this provider reads: the options
   * a user may set for it. Options that name any other parameter for this provider are rejected,
   * with this list in the message, when they are built ({@link KnnOptions.Builder#build()}) and
   * when an index is fitted, so a misspelt key never falls back silently to a default.
   *
   * @return the parameter names; the default is none
   */
  default Set<String> parameterNames() {
    return Set.of();
  }

  /**
   * Fits an index over the rows of {@code items}.
   *
   * @param items item × feature matrix; the provider copies what it keeps
   * @param options the options, whose {@link KnnOptions#algorithm()} names this provider
   * @return an immutable, thread-safe index
   * @throws IllegalArgumentException if the provider cannot honour the options (the message says
   *     which option and why)
   */
  NearestNeighbors fit(SparseMatrix items, KnnOptions options);

  /**
   * Fits an index over the rows of a dense matrix. The default converts it to sparse form (storing
   * its non-zero entries) and calls {@link #fit(SparseMatrix, KnnOptions)}; a provider that can do
   * better on dense data (a tree, for example) overrides it. Either way the index answers exactly
   * as one fitted on {@link DenseMatrix#toSparse()}.
   *
   * @param items item × dimension matrix; the provider copies what it keeps
   * @param options the options, whose {@link KnnOptions#algorithm()} names this provider
   * @return an immutable, thread-safe index
   * @throws IllegalArgumentException if the provider cannot honour the options
   */
  default NearestNeighbors fit(DenseMatrix items, KnnOptions options) {
    return fit(items.toSparse(), options);
  }
}
