package io.playknn.matrix;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A SciPy sparse {@code .npz} file could not be read because its content is corrupt, inconsistent
 * or uses a feature this reader does not support. The message reads {@code "[file: ][array: ]
 * reason"}, for example {@code "m.npz: indptr: must be non-decreasing, but indptr[3] = 2 <
 * indptr[2] = 5"}; {@link #array()} and {@link #reason()} give the parts.
 *
 * <p>I/O failures of the underlying file or stream are not reported with this type but with the
 * plain {@link IOException} the file system or stream threw.
 */
public final class NpzFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The array the problem is in, or {@code null} for a problem with the archive as a whole. */
  private final String array;

  private final String reason;

  /**
   * @param array the array ({@code "data"}, {@code "indices"}, ...), or {@code null}
   * @param reason what is wrong, naming the offending value and the rule
   */
  NpzFormatException(String array, String reason) {
    this(null, array, reason, null);
  }

  /**
   * @param array the array, or {@code null}
   * @param reason what is wrong
   * @param cause the underlying exception, or {@code null}
   */
  NpzFormatException(String array, String reason, Throwable cause) {
    this(null, array, reason, cause);
  }

  private NpzFormatException(String file, String array, String reason, Throwable cause) {
    super(message(file, array, Objects.requireNonNull(reason, "reason")), cause);
    this.array = array;
    this.reason = reason;
  }

  private static String message(String file, String array, String reason) {
    StringBuilder s = new StringBuilder();
    if (file != null) {
      s.append(file).append(": ");
    }
    if (array != null) {
      s.append(array).append(": ");
    }
    return s.append(reason).toString();
  }

  /** Returns a copy whose message is prefixed with the file it came from. */
  NpzFormatException inFile(String file) {
    NpzFormatException e = new NpzFormatException(file, array, reason, getCause());
    e.setStackTrace(getStackTrace());
    return e;
  }

  /**
   * Returns the name of the array the problem was found in: one of {@code "data"}, {@code
   * "indices"}, {@code "indptr"}, {@code "shape"} or {@code "format"}.
   *
   * @return the array's name, or empty if the problem concerns the zip archive as a whole (not a
   *     zip, truncated, duplicate entries)
   */
  public Optional<String> array() {
    return Optional.ofNullable(array);
  }

  /**
   * Returns what is wrong, without the file and array prefix of {@link #getMessage()}.
   *
   * @return the reason, naming the offending value and the rule it breaks
   */
  public String reason() {
    return reason;
  }
}
