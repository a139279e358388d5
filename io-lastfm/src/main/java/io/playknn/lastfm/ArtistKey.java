package io.playknn.lastfm;

/** What identifies an artist, so rows with the same key are one matrix row. */
public enum ArtistKey {
  /** The artist name, byte for byte (the reference). Rows of one name under several MBIDs merge. */
  NAME,
  /**
   * The MusicBrainz id; a row with an empty MBID falls back to its artist name (such a name never
   * merges with an MBID). The display name of an MBID is the first name met with it. The key
   * text of a fallback artist is its name, so building fails with a {@link LastfmFormatException}
   * ({@link Defect#AMBIGUOUS_ARTIST_KEY}) in the case of a name that spells an MBID also used.
   */
  MBID
}
