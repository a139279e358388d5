/**
 * Immutable sparse matrices and vectors: rows are items (artists), columns are users.
 *
 * <p>Null policy: no parameter may be {@code null} and no method returns {@code null} unless its
 * Javadoc says so; violations throw {@link java.lang.NullPointerException} naming the parameter.
 */
package io.playknn.matrix;
