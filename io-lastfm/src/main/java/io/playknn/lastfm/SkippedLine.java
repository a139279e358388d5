package io.playknn.lastfm;

import java.util.Objects;

/**
 * One example of a skipped line.
 *
 * @param line 1-based line number in the (decompressed) file
 * @param defect why it was skipped
 * @param text the line's text, shortened to at most {@value ReadReport#MAX_TEXT} characters,
 *     invalid UTF-8 replaced by U+FFFD
 */
public record SkippedLine(long line, Defect defect, String text) {
  /**
   * @throws NullPointerException if {@code defect} or {@code text} is null
   */
  public SkippedLine {
    Objects.requireNonNull(defect, "defect");
    Objects.requireNonNull(text, "text");
  }
}
