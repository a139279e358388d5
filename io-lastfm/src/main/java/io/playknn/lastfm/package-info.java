/**
 * Reading the Last.fm 360K ({@code usersha1-artmbid-artname-plays.tsv}, {@code
 * usersha1-profile.tsv}) and hetrec-2011 2K files into the artist × user matrix with artist and
 * user id mappings ({@link io.playknn.lastfm.LastfmDataset}), with a data-quality report that
 * accounts for every line ({@link io.playknn.lastfm.ReadReport}), and a generator of synthetic
 * data in the 360K format ({@link io.playknn.lastfm.SyntheticLastfm}).
 *
 * <p>File format (both 360K files): pure TSV. A tab separates fields, a line feed (optionally
 * preceded by a carriage return) ends a record, quotes are ordinary characters, text is UTF-8.
 * Files may be plain or gzip; gzip is recognised by its magic bytes, not by the file name.
 *
 * <p>Null policy: no parameter may be {@code null} and no method returns {@code null} unless its
 * Javadoc says so; violations throw {@link java.lang.NullPointerException} naming the parameter.
 */
package io.playknn.lastfm;
