package io.playknn.lastfm;

import java.io.IOException;
import java.util.Objects;

/**
 * A line or file that breaks the format: thrown for the first bad line in strict mode, and for
 * file defects ({@link Defect#isFileDefect()}) in any mode. The message names the file, the line,
 * the reason and the (shortened) text of the line.
 */
public final class LastfmFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long line;
  private final Defect defect;
  private final String text;

  /**
   * @param file the file name as given to the reader
   * @param line 1-based line number, or 0 if the defect concerns the file as a whole
   * @param defect the reason
   * @param text the line's text shortened to at most {@value ReadReport#MAX_TEXT} characters
   *     (invalid UTF-8 replaced by U+FFFD), or {@code ""} for file defects
   * @param cause the underlying exception, or {@code null}
   */
  public LastfmFormatException(
      String file, long line, Defect defect, String text, Throwable cause) {
    super(message(file, line, defect, text), cause);
    this.file = Objects.requireNonNull(file, "file");
    this.line = line;
    this.defect = Objects.requireNonNull(defect, "defect");
    this.text = Objects.requireNonNull(text, "text");
  }

  private static String message(String file, long line, Defect defect, String text) {
    StringBuilder sb = new StringBuilder().append(file);
    if (line > 0) {
      sb.append(", line ").append(line);
    }
    sb.append(": ").append(defect.description()).append(" (").append(defect.name()).append(')');
    if (!text.isEmpty()) {
      sb.append(": \"").append(text).append('"');
    }
    return sb.toString();
  }

  /** @return the file name as given to the reader */
  public String file() {
    return file;
  }

  /** @return the 1-based line number, or 0 for a file defect */
  public long line() {
    return line;
  }

  /** @return the reason */
  public Defect defect() {
    return defect;
  }

  /** @return the shortened text of the line, {@code ""} for a file defect */
  public String text() {
    return text;
  }
}
