package io.playknn.internal;

/**
 * Argument checks whose messages name the parameter, the offending value and the rule, e.g.
 * {@code "k must be >= 1, was 0"}. Not API.
 */
public final class Checks {
  private Checks() {}

  /**
   * Fails unless {@code condition} holds.
   *
   * @param condition the rule
   * @param format message format, filled with {@code args} by {@link String#format}
   * @param args message arguments
   * @throws IllegalArgumentException if {@code condition} is false
   */
  public static void require(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, format, args));
    }
  }

  /**
   * Returns {@code value} if it is in {@code [0, size)}.
   *
   * @param name parameter name used in the message
   * @param value the index
   * @param size exclusive upper bound
   * @param what what {@code size} counts, used in the message
   * @return {@code value}
   * @throws IndexOutOfBoundsException if {@code value} is outside {@code [0, size)}
   */
  public static int index(String name, int value, int size, String what) {
    if (value < 0 || value >= size) {
      throw new IndexOutOfBoundsException(
          name + " must be in [0, " + size + ") (" + what + "), was " + value);
    }
    return value;
  }

  /**
   * Returns {@code value} if it is at least {@code min}.
   *
   * @param name parameter name used in the message
   * @param value the value
   * @param min inclusive lower bound
   * @return {@code value}
   * @throws IllegalArgumentException if {@code value < min}
   */
  public static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
    }
    return value;
  }

  /**
   * Returns {@code value} if it is finite.
   *
   * @param name what the value is, used in the message
   * @param value the value
   * @return {@code value}
   * @throws IllegalArgumentException if {@code value} is NaN or infinite
   */
  public static double finite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite, was " + value);
    }
    return value;
  }
}
