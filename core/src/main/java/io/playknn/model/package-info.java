/**
 * Fitted models saved to and loaded from one safe, versioned binary file ({@link
 * io.playknn.model.KnnModel}); the byte layout is in {@code docs/MODEL_FORMAT.md}.
 *
 * <p>Loading never runs code from the file: it reads fixed-layout sections whose lengths are
 * checked against the file size before anything is allocated and whose CRC32C checksums are
 * verified, and fails with a {@link io.playknn.model.ModelFormatException} naming the section and
 * the rule broken.
 *
 * <p>Null policy: no parameter may be {@code null} and no method returns {@code null} unless its
 * Javadoc says so; violations throw {@link java.lang.NullPointerException} naming the parameter.
 */
package io.playknn.model;
