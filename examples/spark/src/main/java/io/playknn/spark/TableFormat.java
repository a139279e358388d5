package io.playknn.spark;

/** The storage format of a {@code (user, item, plays)} input table. */
public enum TableFormat {
  /** Parquet files (a file or a directory of them). */
  PARQUET,
  /** Comma-separated text with a header line naming the columns. */
  CSV
}
