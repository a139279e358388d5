package io.playknn.lastfm;

/**
 * Why a line (or a whole file) was rejected. Line defects are skipped and counted in lenient mode
 * and thrown as {@link LastfmFormatException} in strict mode; file defects ({@link #isFileDefect()})
 * always throw. A line with several defects is reported once, under the first of them in
 * declaration order.
 */
public enum Defect {
  /** The line is longer than the reader's limit (1 MiB). */
  LINE_TOO_LONG("line longer than 1048576 bytes"),
  /** The line has no characters at all (not even a tab). */
  EMPTY_LINE("empty line"),
  /** The line does not have the number of tab-separated fields the format requires. */
  WRONG_FIELD_COUNT("wrong number of tab-separated fields"),
  /** The line is not valid UTF-8. */
  INVALID_UTF8("invalid UTF-8"),
  /** The user field is empty. */
  EMPTY_USER("empty user"),
  /** The artist name is empty (the reference drops these rows too). */
  EMPTY_ARTIST("empty artist name"),
  /** The plays (weight) field is not a non-negative decimal integer ({@code [0-9]+}). */
  PLAYS_NOT_INTEGER("plays is not a non-negative integer"),
  /** The plays field is a decimal integer above {@link Integer#MAX_VALUE}. */
  PLAYS_OUT_OF_RANGE("plays is out of range [0, 2147483647]"),
  /** A profile line repeats a user already seen (the first profile is kept). */
  DUPLICATE_USER("duplicate user in profile file"),
  /** An id field of the hetrec format is not a decimal integer in {@code [0, 2^31 - 1]}. */
  ID_NOT_INTEGER("id is not a decimal integer in [0, 2147483647]"),
  /** A hetrec {@code user_artists.dat} line names an artist id absent from {@code artists.dat}. */
  UNKNOWN_ARTIST_ID("artist id not in artists file"),
  /** A hetrec {@code artists.dat} line repeats an artist id (the first is kept). */
  DUPLICATE_ARTIST_ID("duplicate artist id"),
  /** File defect: the header line of a hetrec file is not the expected one. */
  BAD_HEADER("unexpected header line"),
  /** File defect: the file name ends in {@code .gz} but the content does not start with gzip magic. */
  NOT_GZIP("file name ends in .gz but the content is not gzip"),
  /** File defect: the gzip stream is truncated or corrupt. */
  CORRUPT_GZIP("truncated or corrupt gzip data"),
  /**
   * File defect: read with {@link ArtistKey#MBID}, an artist name of a row without MBID spells an
   * MBID that other rows use, so the two artists would have the same key (read with {@link
   * ArtistKey#NAME}, or correct the MBID field).
   */
  AMBIGUOUS_ARTIST_KEY("an artist name without MBID spells an MBID that other rows use");

  private final String description;

  Defect(String description) {
    this.description = description;
  }

  /** @return a short human-readable description, used in reports and exception messages */
  public String description() {
    return description;
  }

  /** @return true if this defect concerns the whole file and is never skipped */
  public boolean isFileDefect() {
    return this == BAD_HEADER || this == NOT_GZIP || this == CORRUPT_GZIP
        || this == AMBIGUOUS_ARTIST_KEY;
  }
}
