package io.playknn.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;

/** How {@code similar} and {@code recommend} print their results ({@code --format}). */
enum OutputFormat {
  /** Aligned columns for people. */
  TEXT,
  /** One JSON object (UTF-8), for programs. */
  JSON,
  /** RFC 4180 comma-separated values with a header row, for spreadsheets. */
  CSV;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** @return a new JSON object to fill */
  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Prints a JSON object, indented, with a final line break. */
  static void print(PrintWriter out, ObjectNode json) {
    try {
      out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }

  /**
   * Prints one CSV record: fields holding a comma, a quote or a line break are quoted, quotes
   * doubled; numbers in {@link Locale#ROOT}.
   */
  static void csv(PrintWriter out, Object... fields) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        line.append(',');
      }
      String f = fields[i] instanceof Double d ? String.format(Locale.ROOT, "%.6f", d)
          : String.valueOf(fields[i]);
      boolean quote = f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0
          || f.indexOf('\r') >= 0;
      line.append(quote ? '"' + f.replace("\"", "\"\"") + '"' : f);
    }
    out.print(line.append("\r\n"));
  }
}
