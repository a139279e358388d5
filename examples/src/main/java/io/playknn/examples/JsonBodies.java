package io.playknn.examples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.playknn.matrix.SparseVector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code application/json} request bodies, token by token, with every bound checked as the
 * tokens arrive (no tree of the whole body is built). The forms, as the SageMaker SDK's {@code
 * JSONSerializer} writes them:
 *
 * <ul>
 *   <li>{@code {"artists": ["the beatles", ...], "k": 15}}: a names query ({@code k} optional);
 *   <li>{@code [v, v, ...]}: one feature row; {@code [[v, ...], [v, ...]]}: rows;
 *       {@code {"instances": rows, "k": 15}}: rows ({@code k} optional).
 * </ul>
 *
 * <p>Anything after the value (other than white space) is refused, as are unknown or repeated keys.
 */
final class JsonBodies {
  /** Longest string token accepted, in characters; names are checked against their own cap. */
  static final int MAX_STRING_CHARS = 1 << 16;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(8)
          .maxNumberLength(64)
          .maxStringLength(MAX_STRING_CHARS)
          .build())
      .build();

  private static final String FORMS = "JSON body must be {\"artists\": [names], \"k\": n}, a feature"
      + " row [numbers], rows [[numbers], ...] or {\"instances\": rows}";

  private JsonBodies() {}

  /** A parsed body. */
  sealed interface Body permits Names, Rows {}

  /**
   * A names query.
   *
   * @param names the artist names as sent, 1 to {@code maxNames}
   * @param k the neighbours asked for, or null for the default
   */
  record Names(List<String> names, Integer k) implements Body {}

  /**
   * Feature rows.
   *
   * @param rows the rows, at least one
   * @param k the neighbours asked for, or null for the default
   */
  record Rows(List<SparseVector> rows, Integer k) implements Body {}

  /**
   * Parses a JSON body.
   *
   * @param body the whole body (UTF-8, or UTF-16/32 as JSON allows)
   * @param columns values per feature row the model needs
   * @param maxRows most feature rows accepted
   * @param maxNames most names in a names query
   * @param maxNameChars longest name accepted
   * @return the body
   * @throws RequestException 400 for malformed JSON or a value breaking a rule, 413 for more rows
   *     than {@code maxRows}
   */
  static Body read(byte[] body, int columns, int maxRows, int maxNames, int maxNameChars) {
    try (JsonParser p = FACTORY.createParser(body)) {
      JsonToken t = p.nextToken();
      Body out;
      if (t == null) {
        throw RequestException.badRequest("malformed JSON: empty body");
      } else if (t == JsonToken.START_OBJECT) {
        out = object(p, columns, maxRows, maxNames, maxNameChars);
      } else if (t == JsonToken.START_ARRAY) {
        out = new Rows(rows(p, columns, maxRows), null);
      } else {
        throw RequestException.badRequest(FORMS + ", was " + describe(p));
      }
      if (p.nextToken() != null) {
        throw RequestException.badRequest("malformed JSON: content after the end of the value, at "
            + "byte " + p.currentTokenLocation().getByteOffset());
      }
      return out;
    } catch (JsonProcessingException e) {
      throw RequestException.badRequest("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      // The body is in memory: any other read error (bytes that look like UTF-32 but are not) is
      // the client's, not a connection that went away.
      throw RequestException.badRequest("malformed JSON: " + e.getMessage());
    }
  }

  private static Body object(JsonParser p, int columns, int maxRows, int maxNames,
      int maxNameChars) throws IOException {
    List<String> names = null;
    List<SparseVector> rows = null;
    Integer k = null;
    boolean sawK = false;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String key = p.currentName();
      JsonToken value = p.nextToken();
      switch (key) {
        case "artists" -> {
          once(names != null, key);
          names = names(p, value, maxNames, maxNameChars);
        }
        case "instances" -> {
          once(rows != null, key);
          if (value != JsonToken.START_ARRAY) {
            throw RequestException.badRequest(
                "\"instances\" must be an array of feature rows, was " + describe(p));
          }
          rows = rows(p, columns, maxRows);
        }
        case "k" -> {
          once(sawK, key);
          sawK = true;
          if (value != JsonToken.VALUE_NUMBER_INT || !p.getNumberType().equals(JsonParser.NumberType.INT)) {
            throw RequestException.badRequest("\"k\" must be an integer, was " + describe(p));
          }
          k = p.getIntValue();
        }
        default -> throw RequestException.badRequest("JSON key must be \"artists\", \"instances\" or"
            + " \"k\", was \"" + abbreviate(key) + "\"");
      }
    }
    if (names != null && rows != null) {
      throw RequestException.badRequest("a JSON body holds \"artists\" or \"instances\", not both");
    }
    if (names != null) {
      return new Names(names, k);
    }
    if (rows != null) {
      return new Rows(rows, k);
    }
    throw RequestException.badRequest(FORMS);
  }

  private static void once(boolean seen, String key) {
    if (seen) {
      throw RequestException.badRequest("JSON key \"" + key + "\" must appear once, appeared twice");
    }
  }

  private static List<String> names(JsonParser p, JsonToken value, int maxNames, int maxNameChars)
      throws IOException {
    String rule = "\"artists\" must be an array of 1 to " + maxNames + " names";
    if (value != JsonToken.START_ARRAY) {
      throw RequestException.badRequest(rule + ", was " + describe(p));
    }
    List<String> out = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (out.size() == maxNames) {
        throw RequestException.badRequest(rule + ", had more");
      }
      if (t != JsonToken.VALUE_STRING) {
        throw RequestException.badRequest("each artist must be a string, was " + describe(p));
      }
      String name = p.getText();
      // An unknown name is compared with every name for suggestions (cost: its length times all
      // names' length), so an absurdly long one would tie up a worker.
      if (name.length() > maxNameChars) {
        throw RequestException.badRequest("each artist name must be at most " + maxNameChars
            + " characters, was " + name.length());
      }
      out.add(name);
    }
    if (out.isEmpty()) {
      throw RequestException.badRequest(rule + ", was empty");
    }
    return out;
  }

  /** Rows after their opening {@code [}: either one row of numbers or an array of rows. */
  private static List<SparseVector> rows(JsonParser p, int columns, int maxRows)
      throws IOException {
    FeatureRows rows = new FeatureRows(columns, maxRows, "feature row");
    JsonToken t = p.nextToken();
    if (t == JsonToken.END_ARRAY) {
      throw RequestException.badRequest("feature rows must be a non-empty array, was []");
    }
    if (t == JsonToken.START_ARRAY) {
      for (long r = 0; t != JsonToken.END_ARRAY; r++, t = p.nextToken()) {
        if (t != JsonToken.START_ARRAY) {
          throw RequestException.badRequest("feature row " + r + " must be an array of numbers, was "
              + describe(p));
        }
        rows.startRow(r);
        row(p, p.nextToken(), rows, r);
      }
    } else {
      rows.startRow(0);
      row(p, t, rows, 0);
    }
    return rows.rows();
  }

  private static void row(JsonParser p, JsonToken first, FeatureRows rows, long r)
      throws IOException {
    for (JsonToken t = first; t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
        throw RequestException.badRequest("feature row " + r + " value " + rows.width()
            + " must be a finite number, was " + describe(p));
      }
      rows.add(r, p.getDoubleValue());
    }
    rows.endRow(r);
  }

  private static String describe(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_ARRAY -> "an array";
      case START_OBJECT -> "an object";
      case VALUE_STRING -> "the string \"" + abbreviate(p.getText()) + "\"";
      default -> t.isScalarValue() ? abbreviate(p.getText()) : t.name().toLowerCase(Locale.ROOT);
    };
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
