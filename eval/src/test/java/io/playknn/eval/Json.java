package io.playknn.eval;

/** A strict RFC 8259 syntax checker, to test that reports are valid JSON. */
final class Json {
  private final String s;
  private int p;

  private Json(String s) {
    this.s = s;
  }

  static void validate(String text) {
    Json j = new Json(text);
    j.value();
    j.space();
    if (j.p != text.length()) {
      throw j.error("trailing text");
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(
        what
            + " at offset "
            + p
            + ": "
            + s.substring(Math.max(0, p - 20), Math.min(s.length(), p + 20)));
  }

  private void space() {
    while (p < s.length() && " \t\n\r".indexOf(s.charAt(p)) >= 0) {
      p++;
    }
  }

  private void expect(char c) {
    space();
    if (p >= s.length() || s.charAt(p) != c) {
      throw error("expected '" + c + "'");
    }
    p++;
  }

  private void value() {
    space();
    if (p >= s.length()) {
      throw error("unexpected end");
    }
    char c = s.charAt(p);
    if (c == '{') {
      p++;
      space();
      if (s.charAt(p) == '}') {
        p++;
        return;
      }
      do {
        space();
        string();
        expect(':');
        value();
        space();
      } while (p < s.length() && s.charAt(p) == ',' && ++p > 0);
      expect('}');
    } else if (c == '[') {
      p++;
      space();
      if (s.charAt(p) == ']') {
        p++;
        return;
      }
      do {
        value();
        space();
      } while (p < s.length() && s.charAt(p) == ',' && ++p > 0);
      expect(']');
    } else if (c == '"') {
      string();
    } else if (s.startsWith("true", p) || s.startsWith("null", p)) {
      p += 4;
    } else if (s.startsWith("false", p)) {
      p += 5;
    } else {
      number();
    }
  }

  private void string() {
    if (s.charAt(p) != '"') {
      throw error("expected a string");
    }
    p++;
    while (p < s.length() && s.charAt(p) != '"') {
      char c = s.charAt(p);
      if (c < 0x20) {
        throw error("control character in string");
      }
      if (c == '\\') {
        p++;
        char e = s.charAt(p);
        if (e == 'u') {
          if (!s.substring(p + 1, p + 5).matches("[0-9a-fA-F]{4}")) {
            throw error("bad \\u escape");
          }
          p += 4;
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
          throw error("bad escape");
        }
      }
      p++;
    }
    expect('"');
  }

  private void number() {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")
            .matcher(s)
            .region(p, s.length());
    if (!m.lookingAt()) {
      throw error("expected a value");
    }
    p = m.end();
  }
}
