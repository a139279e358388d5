package io.playknn.lastfm;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything read from the input files, before filtering and ranking: interned users and artists
 * and one (user, artist, plays) triple per kept line. Mutable while reading; not thread-safe.
 */
final class RawPlays {
  final ByteInterner users = new ByteInterner();
  /** Artist keys: names, or (with {@link ArtistKey#MBID}) MBIDs and tab-prefixed names. */
  final ByteInterner artists = new ByteInterner();
  /** Display names, used with {@link ArtistKey#MBID}; else the keys are the names. */
  final ByteInterner names = new ByteInterner();
  /** Artist id -> id in {@link #names}, filled only with {@link ArtistKey#MBID}. */
  final IntArrayList artistName = new IntArrayList();
  final IntArrayList rowUser = new IntArrayList();
  final IntArrayList rowArtist = new IntArrayList();
  final IntArrayList rowPlays = new IntArrayList();
  /**
   * User id -> country id in {@link #countries}; -1 = profile with an empty country, -2 (or
   * beyond the list's end) = no profile. Filled by the profile reader.
   */
  final IntArrayList userCountry = new IntArrayList();
  final ByteInterner countries = new ByteInterner();
  final List<ReadReport> reports = new ArrayList<>();
  ArtistKey artistKey = ArtistKey.NAME;

  /** Reserves room for about {@code rows} rows, to avoid growing the row arrays while reading. */
  void reserveRows(long rows) {
    int n = (int) Math.min(rows, Integer.MAX_VALUE - 16);
    rowUser.ensureCapacity(n);
    rowArtist.ensureCapacity(n);
    rowPlays.ensureCapacity(n);
  }

  void addRow(int user, int artist, int plays) {
    rowUser.add(user);
    rowArtist.add(artist);
    rowPlays.add(plays);
  }

  int rows() {
    return rowUser.size();
  }

  /** @return the display name of an artist id */
  String displayName(int artist) {
    if (artistKey == ArtistKey.MBID) {
      return names.key(artistName.getInt(artist));
    }
    return artists.key(artist);
  }

  /**
   * @return with {@link ArtistKey#MBID}, the first name of an artist without MBID that spells an
   *     MBID also read (two artists whose key texts would be equal); otherwise {@code null}
   */
  String ambiguousArtistKey() {
    if (artistKey != ArtistKey.MBID) {
      return null;
    }
    for (int a = 0; a < artists.size(); a++) {
      if (artists.length(a) > 0 && artists.firstByte(a) == '\t') {
        String name = artists.key(a).substring(1);
        byte[] b = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (artists.find(b, 0, b.length) >= 0) {
          return name;
        }
      }
    }
    return null;
  }

  /** @return the key of an artist id as text: the name, or the MBID, or the fallback name */
  String keyText(int artist) {
    if (artistKey == ArtistKey.MBID && artists.length(artist) > 0
        && artists.firstByte(artist) == '\t') {
      return names.key(artistName.getInt(artist));
    }
    return artists.key(artist);
  }
}
