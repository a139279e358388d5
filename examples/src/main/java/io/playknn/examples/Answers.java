package io.playknn.examples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.playknn.knn.Neighbors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The answer formats of {@code POST /invocations}, chosen by the request's {@code Accept} header,
 * and their encoders.
 *
 * <ul>
 *   <li>{@code application/json} (also for a missing {@code Accept}, {@code *}{@code /*} and
 *       {@code application/*}): names queries {@code {"k", "results": [{"query", "artist",
 *       "index", "neighbors": [{"artist", "index", "distance"}]}]}}, feature rows {@code {"k",
 *       "indices": [[...]], "distances": [[...]]}}.
 *   <li>{@code text/csv} (also {@code text/*}): a header line, then one line per neighbour:
 *       {@code query,artist,rank,neighbor,index,distance} for names, {@code
 *       row,rank,index,distance} for feature rows; ranks from 1, fields quoted as RFC 4180 needs.
 *   <li>{@code application/x-npy}: the neighbour indices as a 2-D int64 array, one row per query,
 *       as {@code kneighbors(X, return_distance=False)} returns them (no distances: one array).
 * </ul>
 */
enum Answers {
  JSON("application/json"),
  CSV("text/csv"),
  NPY(NpyArrays.MEDIA_TYPE);

  /** Jackson's Schubfach double writer: the shortest round-tripping digits, as JDK 19+ prints. */
  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

  /** Bytes of JSON per neighbour, about, with a name: sized so an answer is rarely copied. */
  private static final int JSON_BYTES_PER_NEIGHBOUR = 96;

  private final String mediaType;

  Answers(String mediaType) {
    this.mediaType = mediaType;
  }

  /** @return the {@code Content-Type} of this format */
  String mediaType() {
    return mediaType;
  }

  /**
   * One query's answer.
   *
   * @param query the name as sent, or null for a feature row
   * @param item the item the name resolved to, or -1 for a feature row
   * @param neighbors its neighbours, exactly {@code k}
   */
  record Result(String query, int item, Neighbors neighbors) {}

  /**
   * Chooses the format an {@code Accept} header asks for: the listed range with the highest
   * {@code q} (the first listed among equals) that one of the formats matches.
   *
   * @param accept the header, or null
   * @return the format
   * @throws RequestException 406 if no range with {@code q > 0} matches a format
   */
  static Answers negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return JSON;
    }
    Answers best = null;
    double bestQ = 0;
    for (String range : accept.split(",", 64)) {
      String[] parts = range.split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      double q = 1;
      for (int i = 1; i < parts.length; i++) {
        String param = parts[i].trim();
        if (param.startsWith("q=") || param.startsWith("Q=")) {
          try {
            q = Double.parseDouble(param.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      Answers match = switch (type) {
        case "application/json", "application/*", "*/*" -> JSON;
        case "text/csv", "text/*" -> CSV;
        case NpyArrays.MEDIA_TYPE -> NPY;
        default -> null;
      };
      if (match != null && q > bestQ) {
        best = match;
        bestQ = q;
      }
    }
    if (best == null) {
      throw new RequestException(406, "Accept must allow application/json, text/csv or "
          + NpyArrays.MEDIA_TYPE + ", was " + abbreviate(accept));
    }
    return best;
  }

  /**
   * Encodes an answer.
   *
   * @param k neighbours per query
   * @param results one per query, in request order
   * @param names item index to name
   * @return the body bytes
   */
  byte[] encode(int k, List<Result> results, IntFunction<String> names) {
    boolean byName = !results.isEmpty() && results.get(0).query() != null;
    return switch (this) {
      case JSON -> json(k, results, names, byName);
      case CSV -> csv(results, names, byName);
      case NPY -> {
        int[][] rows = new int[results.size()][];
        for (int r = 0; r < rows.length; r++) {
          Neighbors n = results.get(r).neighbors();
          if (n.size() != k) {
            throw new IllegalStateException("query " + r + " has " + n.size() + " neighbours, not k = " + k);
          }
          rows[r] = n.indices();
        }
        yield NpyArrays.writeInt64(rows, k);
      }
    };
  }

  private static byte[] json(int k, List<Result> results, IntFunction<String> names,
      boolean byName) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(
        (int) Math.min(1 << 20, 256 + (long) results.size() * k * JSON_BYTES_PER_NEIGHBOUR));
    try (JsonGenerator g = FACTORY.createGenerator(bytes)) {
      g.writeStartObject();
      g.writeNumberField("k", k);
      if (byName) {
        g.writeArrayFieldStart("results");
        for (Result r : results) {
          g.writeStartObject();
          g.writeStringField("query", r.query());
          g.writeStringField("artist", names.apply(r.item()));
          g.writeNumberField("index", r.item());
          g.writeArrayFieldStart("neighbors");
          Neighbors n = r.neighbors();
          for (int i = 0; i < n.size(); i++) {
            g.writeStartObject();
            g.writeStringField("artist", names.apply(n.index(i)));
            g.writeNumberField("index", n.index(i));
            g.writeNumberField("distance", n.distance(i));
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        }
        g.writeEndArray();
      } else {
        g.writeArrayFieldStart("indices");
        for (Result r : results) {
          g.writeStartArray();
          for (int i = 0; i < r.neighbors().size(); i++) {
            g.writeNumber(r.neighbors().index(i));
          }
          g.writeEndArray();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("distances");
        for (Result r : results) {
          g.writeStartArray();
          for (int i = 0; i < r.neighbors().size(); i++) {
            g.writeNumber(r.neighbors().distance(i));
          }
          g.writeEndArray();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] csv(List<Result> results, IntFunction<String> names, boolean byName) {
    StringBuilder s = new StringBuilder(byName ? "query,artist,rank,neighbor,index,distance\n"
        : "row,rank,index,distance\n");
    for (int r = 0; r < results.size(); r++) {
      Result result = results.get(r);
      Neighbors n = result.neighbors();
      for (int i = 0; i < n.size(); i++) {
        if (byName) {
          quote(s, result.query()).append(',');
          quote(s, names.apply(result.item())).append(',');
        } else {
          s.append(r).append(',');
        }
        s.append(i + 1).append(',');
        if (byName) {
          quote(s, names.apply(n.index(i))).append(',');
        }
        s.append(n.index(i)).append(',').append(n.distance(i)).append('\n');
      }
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Appends a CSV field, quoted (RFC 4180) if it holds a comma, quote or line break. */
  static StringBuilder quote(StringBuilder s, String field) {
    if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0
        && field.indexOf('\r') < 0) {
      return s.append(field);
    }
    return s.append('"').append(field.replace("\"", "\"\"")).append('"');
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
