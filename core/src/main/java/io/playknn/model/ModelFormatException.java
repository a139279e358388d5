package io.playknn.model;

import java.io.IOException;
import java.util.Objects;

/**
 * A model file is not a valid model: wrong magic or version, truncated, a checksum mismatch, a
 * length that does not fit the file, or contents that break a rule of the format. The message
 * names the section (or {@code "header"}), what was expected and what was found.
 */
public final class ModelFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String section;

  ModelFormatException(String section, String message) {
    super(section + ": " + message);
    this.section = Objects.requireNonNull(section, "section");
  }

  ModelFormatException(String section, String message, Throwable cause) {
    super(section + ": " + message, cause);
    this.section = Objects.requireNonNull(section, "section");
  }

  /**
   * @return the part of the file at fault: {@code "header"}, {@code "section table"}, or a
   *     section name such as {@code "ROW_POINTERS"}
   */
  public String section() {
    return section;
  }
}
