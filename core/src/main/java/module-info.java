/**
 * playknn's core: sparse and dense matrices and their file formats, the exact nearest-neighbour API
 * with its service-provider interface and the two built-in providers, the model file, and
 * recommendations. Exports the API packages only; {@code io.playknn.internal} is open to the
 * sibling library modules alone, and the providers' packages to none.
 */
module io.playknn.core {
  requires it.unimi.dsi.fastutil.core;

  exports io.playknn.matrix;
  exports io.playknn.knn;
  exports io.playknn.knn.spi;
  exports io.playknn.model;
  exports io.playknn.recommend;
  exports io.playknn.embed;
  exports io.playknn.internal to
      io.playknn.lastfm,
      io.playknn.eval;

  uses io.playknn.knn.NearestNeighborsProvider;

  provides io.playknn.knn.NearestNeighborsProvider with
      io.playknn.knn.brute.BruteForceProvider,
      io.playknn.knn.balltree.BallTreeProvider;
}
