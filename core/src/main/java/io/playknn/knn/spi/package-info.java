/**
 * What a {@link io.playknn.knn.NearestNeighborsProvider} author needs beyond the query API: a
 * bounded heap for the k best pairs, the result order and a sorting factory, and a writer that
 * fills a fixed-width {@link io.playknn.knn.NeighborTable} in place. Nothing here is needed to
 * query an index. Nothing is null unless documented.
 */
package io.playknn.knn.spi;
