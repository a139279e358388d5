package io.playknn.lastfm;

import java.io.IOException;

/**
 * Parses the 360K plays file ({@code user-sha1 TAB mbid TAB name TAB plays}) and profile file
 * ({@code user-sha1 TAB gender TAB age TAB country TAB signup}) straight from the scanner's bytes.
 */
final class Lastfm360kReader {
  private Lastfm360kReader() {}

  /** Reads every line of a plays file into {@code into}; the report is appended to it. */
  static void readPlays(LineScanner in, RawPlays into) throws IOException {
    boolean byMbid = into.artistKey == ArtistKey.MBID;
    ByteInterner users = into.users;
    ByteInterner artists = into.artists;
    byte[] key = new byte[LineScanner.MAX_LINE + 1];
    int lastUser = -1;
    while (in.nextRecord()) {
      byte[] b = in.buffer();
      int s = in.start();
      int e = in.end();
      // The file is sorted by user: most lines start with the previous line's user and a tab.
      int t1;
      boolean sameUser = false;
      if (lastUser >= 0) {
        int end = s + users.length(lastUser);
        sameUser = end < e && b[end] == '\t' && users.equals(lastUser, b, s, end);
        t1 = sameUser ? end : indexOfTab(b, s, e);
      } else {
        t1 = indexOfTab(b, s, e);
      }
      int t2 = t1 < 0 ? -1 : indexOfTab(b, t1 + 1, e);
      int t3 = t2 < 0 ? -1 : indexOfTab(b, t2 + 1, e);
      if (t3 < 0) {
        in.reject(Defect.WRONG_FIELD_COUNT);
        continue;
      }
      // Plays: digits only; a tab means a fifth field.
      long plays = 0;
      boolean digits = t3 + 1 < e;
      boolean extraTab = false;
      for (int i = t3 + 1; i < e; i++) {
        int d = b[i] - '0';
        if (d < 0 || d > 9) {
          digits = false;
          if (b[i] == '\t') {
            extraTab = true;
            break;
          }
        } else if (plays <= Integer.MAX_VALUE) {
          plays = plays * 10 + d;
        }
      }
      if (extraTab) {
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
      if (t3 == t2 + 1) {
        in.reject(Defect.EMPTY_ARTIST);
        continue;
      }
      if (!digits) {
        in.reject(Defect.PLAYS_NOT_INTEGER);
        continue;
      }
      if (plays > Integer.MAX_VALUE) {
        in.reject(Defect.PLAYS_OUT_OF_RANGE);
        continue;
      }
      int user;
      if (sameUser) {
        user = lastUser;
      } else {
        user = users.intern(b, s, t1);
        lastUser = user;
      }
      int artist;
      if (!byMbid) {
        artist = artists.intern(b, t2 + 1, t3);
      } else {
        if (t2 > t1 + 1) {
          artist = artists.intern(b, t1 + 1, t2);
        } else {
          // Empty MBID: the key is TAB + name, which no MBID can equal.
          int len = t3 - t2;
          key[0] = '\t';
          System.arraycopy(b, t2 + 1, key, 1, len - 1);
          artist = artists.intern(key, 0, len);
        }
        if (artist == into.artistName.size()) {
          into.artistName.add(into.names.intern(b, t2 + 1, t3));
        }
      }
      into.addRow(user, artist, (int) plays);
      in.keep();
    }
    into.reports.add(in.report());
  }

  /**
   * Reads a profile file: every user met is interned into {@code into.users} and gets its
   * country.
   */
  static void readProfiles(LineScanner in, RawPlays into) throws IOException {
    ByteInterner users = into.users;
    while (in.nextRecord()) {
      byte[] b = in.buffer();
      int s = in.start();
      int e = in.end();
      int t1 = indexOfTab(b, s, e);
      int t2 = t1 < 0 ? -1 : indexOfTab(b, t1 + 1, e);
      int t3 = t2 < 0 ? -1 : indexOfTab(b, t2 + 1, e);
      int t4 = t3 < 0 ? -1 : indexOfTab(b, t3 + 1, e);
      if (t4 < 0 || indexOfTab(b, t4 + 1, e) >= 0) {
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
      int before = users.size();
      int user = users.intern(b, s, t1);
      while (into.userCountry.size() < users.size()) {
        into.userCountry.add(-2);
      }
      if (user < before && into.userCountry.getInt(user) != -2) {
        in.reject(Defect.DUPLICATE_USER);
        continue;
      }
      int country = t4 == t3 + 1 ? -1 : into.countries.intern(b, t3 + 1, t4);
      into.userCountry.set(user, country);
      in.keep();
    }
    into.reports.add(in.report());
  }

  /** @return the position of the first tab in {@code b[from, to)}, or -1; eight bytes a step */
  static int indexOfTab(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = (long) Bytes.LONGS.get(b, i) ^ Bytes.TABS;
      long found = (x - Bytes.ONES) & ~x & Bytes.HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\t') {
        return i;
      }
    }
    return -1;
  }
}
