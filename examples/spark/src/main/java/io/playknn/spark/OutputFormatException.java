package io.playknn.spark;

import java.io.IOException;

/** A job's output that is incomplete or breaks its rules; the message names the dataset and rule. */
public final class OutputFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** @param message what is wrong, where */
  public OutputFormatException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong, where
   * @param cause the check that failed
   */
  public OutputFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
