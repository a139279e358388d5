/**
 * Measures of recommendation quality: the reference's hit rate (corrected), a seeded held-out
 * protocol with ranking and beyond-accuracy metrics, baselines, 95% confidence intervals and paired
 * significance tests, reported as a text table, CSV and JSON.
 *
 * <p>Null policy: no parameter may be {@code null} and no method returns {@code null} unless its
 * Javadoc says so; violations throw {@link java.lang.NullPointerException} naming the parameter.
 */
package io.playknn.eval;
