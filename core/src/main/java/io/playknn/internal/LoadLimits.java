package io.playknn.internal;

/**
 * The bounds every loader applies to the dimensions a file declares before anything sized by them
 * is built. A matrix may legally hold many empty columns (users with no play on any kept item), so
 * the column count is not checked against the stored values alone: a file may declare at most
 * {@code max(2^22, 8 × (nonZeros + rows))} columns. The fitted index keeps per-column arrays
 * (the transpose), so this bounds what a file of a few hundred bytes can make the loader allocate
 * by a function of what it stores. A caller with a legitimately wider, emptier matrix raises the
 * floor with the system property {@value #MIN_COLUMNS_PROPERTY}. A CSC {@code .npz} file stores
 * columns as the pointed-to dimension, so there the rule bounds the rows by the columns.
 */
public final class LoadLimits {
  /** System property naming the column count every file may declare, whatever it stores. */
  public static final String MIN_COLUMNS_PROPERTY = "io.playknn.maxEmptyColumns";
  /** Default of {@value #MIN_COLUMNS_PROPERTY}: 2^22 columns (16 MiB of column pointers). */
  public static final long DEFAULT_MIN_COLUMNS = 1L << 22;
  /** Columns allowed per stored value or row beyond the floor. */
  public static final long COLUMNS_PER_STORED = 8;

  private LoadLimits() {}

  /**
   * @return the largest column count a file storing {@code nonZeros} values in {@code rows} rows
   *     may declare
   */
  public static long maxColumns(long nonZeros, long rows) {
    return Math.max(floor(), COLUMNS_PER_STORED * (nonZeros + rows));
  }

  private static long floor() {
    String raised = System.getProperty(MIN_COLUMNS_PROPERTY);
    if (raised == null) {
      return DEFAULT_MIN_COLUMNS;
    }
    try {
      return Math.max(0, Long.parseLong(raised.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          MIN_COLUMNS_PROPERTY + " must be a decimal integer, was \"" + raised + "\"", e);
    }
  }

  /**
   * @return {@code null} if {@code columns} is within {@link #maxColumns}, else the reason, naming
   *     the value, the rule and the property that raises it
   */
  public static String columnsProblem(long columns, long nonZeros, long rows) {
    return minorProblem("columns", columns, nonZeros, "rows", rows);
  }

  /**
   * The same rule for a compressed layout's minor dimension, whose count no array of the file
   * backs: the columns of CSR arrays, the rows of CSC arrays (SciPy's {@code csc_matrix}), against
   * the major dimension, whose count the pointer array backs.
   *
   * @return {@code null} if {@code minor} is within {@link #maxColumns maxColumns(nonZeros,
   *     major)}, else the reason, naming both dimensions, the value, the rule and the property
   */
  public static String minorProblem(
      String minorName, long minor, long nonZeros, String majorName, long major) {
    long max = maxColumns(nonZeros, major);
    if (minor <= max) {
      return null;
    }
    return minorName + " must be at most " + max + " = max(" + floor() + ", " + COLUMNS_PER_STORED
        + " x (non-zeros " + nonZeros + " + " + majorName + " " + major + ")), was " + minor
        + " (set -D" + MIN_COLUMNS_PROPERTY + " to allow a larger, emptier matrix)";
  }
}
