package io.playknn.examples;

import java.nio.charset.StandardCharsets;

/**
 * The query string of {@code POST /invocations}: at most one parameter, {@code k}. Its value is
 * percent-decoded (RFC 3986: {@code %35} is {@code 5}) and must then be 1 to 9 decimal digits and
 * nothing else, so {@code +5}, {@code %2B5}, {@code 5.0} and {@code 05x} are all refused the same
 * way; {@code +} is not a space here (it is not a form).
 */
final class QueryK {
  private QueryK() {}

  /**
   * @param rawQuery the query string as sent (not decoded), or null
   * @return {@code k}, or null if absent
   * @throws RequestException 400 naming the parameter and the rule
   */
  static Integer parse(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return null;
    }
    Integer k = null;
    for (String pair : rawQuery.split("&", 16)) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      if (!name.equals("k")) {
        throw RequestException.badRequest("query parameter must be k, was \""
            + Answers.abbreviate(name) + "\"");
      }
      if (k != null) {
        throw RequestException.badRequest("query parameter k must appear once, appeared twice");
      }
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw RequestException.badRequest("query parameter k must be a decimal integer (digits"
            + " only, no sign), was \"" + Answers.abbreviate(value) + "\"");
      }
      k = Integer.parseInt(value);
    }
    return k;
  }

  /** Percent-decodes (UTF-8); a malformed escape is a 400. */
  private static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    byte[] out = new byte[s.length()];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
        if (lo < 0) {
          throw RequestException.badRequest("query string has a malformed %-escape at character " + i);
        }
        out[n++] = (byte) (hi * 16 + lo);
        i += 2;
      } else if (c > 0x7e || c < 0x21) {
        throw RequestException.badRequest("query string must be printable ASCII, had character "
            + (int) c + " at " + i);
      } else {
        out[n++] = (byte) c;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }
}
