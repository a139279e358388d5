/**
 * Low-dimensional embeddings of the item × user matrix: truncated SVD and PCA by a randomised range
 * finder over sparse products, giving dense item coordinates where trees beat brute force.
 *
 * <p>Null policy: no parameter may be {@code null} and no method returns {@code null} unless its
 * Javadoc says so; violations throw {@link java.lang.NullPointerException} naming the parameter.
 */
package io.playknn.embed;
