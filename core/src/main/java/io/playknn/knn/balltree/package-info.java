/** The {@code "ball_tree"} provider: an exact ball tree over sparse or dense rows, for both metrics. */
package io.playknn.knn.balltree;
