package io.playknn.lastfm;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses the hetrec-2011 Last.fm 2K files: {@code artists.dat} ({@code id TAB name TAB url TAB
 * pictureURL} after a header line) and {@code user_artists.dat} ({@code userID TAB artistID TAB
 * weight} after a header line). Artists are keyed by name; users by the decimal text of their id.
 */
final class HetrecReader {
  static final String ARTISTS_HEADER = "id\tname\turl\tpictureURL";
  static final String USER_ARTISTS_HEADER = "userID\tartistID\tweight";

  private HetrecReader() {}

  /** Reads {@code artists.dat}; returns hetrec artist id -> artist id in {@code into.artists}. */
  static Int2IntOpenHashMap readArtists(LineScanner in, RawPlays into) throws IOException {
    Int2IntOpenHashMap ids = new Int2IntOpenHashMap();
    ids.defaultReturnValue(-1);
    header(in, ARTISTS_HEADER);
    while (in.nextRecord()) {
      byte[] b = in.buffer();
      int s = in.start();
      int e = in.end();
      int t1 = Lastfm360kReader.indexOfTab(b, s, e);
      int t2 = t1 < 0 ? -1 : Lastfm360kReader.indexOfTab(b, t1 + 1, e);
      int t3 = t2 < 0 ? -1 : Lastfm360kReader.indexOfTab(b, t2 + 1, e);
      if (t3 < 0 || Lastfm360kReader.indexOfTab(b, t3 + 1, e) >= 0) {
        in.reject(Defect.WRONG_FIELD_COUNT);
        continue;
      }
      if (!in.ascii() && !LineScanner.validUtf8(b, s, e)) {
        in.reject(Defect.INVALID_UTF8);
        continue;
      }
      // Checked in Defect's declaration order: a line with several defects reports the first.
      if (t2 == t1 + 1) {
        in.reject(Defect.EMPTY_ARTIST);
        continue;
      }
      long id = parseId(b, s, t1);
      if (id < 0) {
        in.reject(Defect.ID_NOT_INTEGER);
        continue;
      }
      if (ids.containsKey((int) id)) {
        in.reject(Defect.DUPLICATE_ARTIST_ID);
        continue;
      }
      ids.put((int) id, into.artists.intern(b, t1 + 1, t2));
      in.keep();
    }
    into.reports.add(in.report());
    return ids;
  }

  /** Reads {@code user_artists.dat} into rows, resolving artist ids through {@code artistIds}. */
  static void readUserArtists(LineScanner in, RawPlays into, Int2IntOpenHashMap artistIds)
      throws IOException {
    header(in, USER_ARTISTS_HEADER);
    while (in.nextRecord()) {
      byte[] b = in.buffer();
      int s = in.start();
      int e = in.end();
      int t1 = Lastfm360kReader.indexOfTab(b, s, e);
      int t2 = t1 < 0 ? -1 : Lastfm360kReader.indexOfTab(b, t1 + 1, e);
      if (t2 < 0 || Lastfm360kReader.indexOfTab(b, t2 + 1, e) >= 0) {
        in.reject(Defect.WRONG_FIELD_COUNT);
        continue;
      }
      if (!in.ascii() && !LineScanner.validUtf8(b, s, e)) {
        in.reject(Defect.INVALID_UTF8);
        continue;
      }
      if (t1 == s) {
        in.reject(Defect.EMPTY_USER);
        continue;
      }
      // Checked in Defect's declaration order: a line with several defects reports the first.
      long weight = parseId(b, t2 + 1, e);
      if (weight == -1) {
        in.reject(Defect.PLAYS_NOT_INTEGER);
        continue;
      }
      if (weight == -2) {
        in.reject(Defect.PLAYS_OUT_OF_RANGE);
        continue;
      }
      long user = parseId(b, s, t1);
      long artistId = parseId(b, t1 + 1, t2);
      if (user < 0 || artistId < 0) {
        in.reject(Defect.ID_NOT_INTEGER);
        continue;
      }
      int artist = artistIds.get((int) artistId);
      if (artist < 0) {
        in.reject(Defect.UNKNOWN_ARTIST_ID);
        continue;
      }
      into.addRow(into.users.intern(b, s, t1), artist, (int) weight);
      in.keep();
    }
    into.reports.add(in.report());
  }

  private static void header(LineScanner in, String expected) throws IOException {
    byte[] want = expected.getBytes(StandardCharsets.US_ASCII);
    if (!in.next()
        || !Arrays.equals(in.buffer(), in.start(), in.end(), want, 0, want.length)) {
      throw new LastfmFormatException(
          in.name(), in.lineNumber(), Defect.BAD_HEADER,
          in.lineNumber() == 0 ? "" : in.text() + "\" (expected \"" + expected.replace("\t", "\\t"),
          null);
    }
    in.header();
  }

  /**
   * @return the non-negative decimal integer in {@code b[from, to)}; -1 if it is not one, -2 if
   *     it exceeds {@link Integer#MAX_VALUE}
   */
  static long parseId(byte[] b, int from, int to) {
    if (from >= to) {
      return -1;
    }
    long v = 0;
    boolean big = false;
    for (int i = from; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      if (!big) {
        v = v * 10 + d;
        big = v > Integer.MAX_VALUE;
      }
    }
    return big ? -2 : v;
  }
}
