package io.playknn.examples;

import io.playknn.matrix.SparseVector;
import java.util.List;

/**
 * Reads {@code text/csv} feature rows as the SageMaker SDK's {@code CSVSerializer} writes them: one
 * row per line, values separated by commas, lines ended by {@code \n} or {@code \r\n}, blank lines
 * ignored. The body is scanned once, byte by byte: a line is refused as soon as it has more values
 * than the model has columns, and a value longer than {@link #MAX_VALUE_CHARS} characters as soon
 * as it is, so no line or value is ever copied whole before its bound is checked.
 */
final class CsvRows {
  /** Longest value accepted, in characters (a double needs at most 25). */
  static final int MAX_VALUE_CHARS = 64;

  private CsvRows() {}

  /**
   * Parses the rows of a CSV body.
   *
   * @param body the whole body, UTF-8 (numbers are ASCII)
   * @param columns values per line the model needs
   * @param maxRows most lines with values accepted
   * @return the rows, at least one
   * @throws RequestException 400 naming line and value for a malformed body, 413 for more than
   *     {@code maxRows} rows
   */
  static List<SparseVector> readRows(byte[] body, int columns, int maxRows) {
    FeatureRows rows = new FeatureRows(columns, maxRows, "CSV line");
    char[] value = new char[MAX_VALUE_CHARS];
    int length = 0;
    long line = 1;
    boolean inRow = false;
    boolean ended = false;
    for (int i = 0; i <= body.length; i++) {
      int b = i < body.length ? body[i] & 0xff : '\n';
      if (b == ',' || b == '\n' || (b == '\r' && i + 1 < body.length && body[i + 1] == '\n')) {
        if (b == '\r') {
          i++;
        }
        if (!inRow && b != ',' && length == 0) {
          // A blank line (or the end of the body after a final newline).
          line++;
          continue;
        }
        if (!inRow) {
          rows.startRow(line);
          inRow = true;
        }
        rows.add(line, parse(value, length, line, rows.width() + 1));
        length = 0;
        ended = false;
        if (b != ',') {
          rows.endRow(line);
          inRow = false;
          line++;
        }
      } else if (b == ' ' || b == '\t') {
        ended = length > 0;
      } else if (b < 0x80 && b != '\r') {
        if (ended) {
          throw RequestException.badRequest("CSV line " + line + " value " + (rows.width() + 1)
              + " must be a number, has a space inside");
        }
        if (length == MAX_VALUE_CHARS) {
          throw RequestException.badRequest("CSV line " + line + " value " + (rows.width() + 1)
              + " must be at most " + MAX_VALUE_CHARS + " characters, was longer");
        }
        if (!inRow) {
          rows.startRow(line);
          inRow = true;
        }
        value[length++] = (char) b;
      } else {
        throw RequestException.badRequest("CSV line " + line + " value " + (rows.width() + 1)
            + " must be a number, has byte 0x" + Integer.toHexString(b));
      }
    }
    return rows.rows();
  }

  private static double parse(char[] value, int length, long line, int position) {
    String text = new String(value, 0, length);
    if (length == 0 || !isNumberText(text)) {
      throw RequestException.badRequest("CSV line " + line + " value " + position
          + " must be a number, was \"" + text + "\"");
    }
    double d = Double.parseDouble(text);
    if (!Double.isFinite(d)) {
      throw RequestException.badRequest("CSV line " + line + " value " + position
          + " must be finite, was \"" + text + "\"");
    }
    return d;
  }

  /** Decimal numbers only: digits, one point, an exponent; no hex, {@code NaN}, or type suffix. */
  private static boolean isNumberText(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && Character.isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && Character.isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exp = 0;
      while (i < n && Character.isDigit(s.charAt(i))) {
        i++;
        exp++;
      }
      if (exp == 0) {
        return false;
      }
    }
    return i == n;
  }

}
