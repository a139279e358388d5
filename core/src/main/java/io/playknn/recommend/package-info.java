/**
 * Recommendations from item similarities: similar items, scored listening histories, baskets and
 * explanations, with item names mapped to indices at the edge.
 *
 * <p>Null policy: no parameter may be {@code null} and no method returns {@code null} unless its
 * Javadoc says so; violations throw {@link java.lang.NullPointerException} naming the parameter.
 */
package io.playknn.recommend;
