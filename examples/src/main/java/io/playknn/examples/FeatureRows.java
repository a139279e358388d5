package io.playknn.examples;

import io.playknn.matrix.SparseVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects the feature rows of one request (one value per user column) as sparse vectors, keeping
 * only non-zero values, so memory follows the values sent rather than rows × columns. Bounds are
 * checked as values arrive: a row never holds more than {@code columns} values and the request
 * never more than {@code maxRows} rows.
 */
final class FeatureRows {
  private final int columns;
  private final int maxRows;
  private final String unit;
  private final List<SparseVector> rows = new ArrayList<>();
  private int[] indices = new int[16];
  private double[] values = new double[16];
  private int stored;
  private int width;

  /**
   * @param columns values per row (the model's feature count)
   * @param maxRows most rows one request may hold
   * @param unit how a row is named in messages ("feature row", "CSV line")
   */
  FeatureRows(int columns, int maxRows, String unit) {
    this.columns = columns;
    this.maxRows = maxRows;
    this.unit = unit;
  }

  /** @return the values per row */
  int columns() {
    return columns;
  }

  /** @return rows finished so far */
  int size() {
    return rows.size();
  }

  /** @return values given for the row in progress */
  int width() {
    return width;
  }

  /**
   * Starts a row, refusing one past the row limit.
   *
   * @param number the row's number as the message names it (0-based rows, 1-based lines)
   * @throws RequestException 413 if the request already holds {@code maxRows} rows
   */
  void startRow(long number) {
    if (rows.size() >= maxRows) {
      throw new RequestException(413, "a request may hold at most " + maxRows + " rows; "
          + unit + " " + number + " is one more");
    }
    stored = 0;
    width = 0;
  }

  /**
   * Adds the next value of the row in progress.
   *
   * @param number the row's number for messages
   * @param value the value
   * @throws RequestException 400 if the row already has {@code columns} values or the value is not
   *     finite
   */
  void add(long number, double value) {
    if (width >= columns) {
      throw RequestException.badRequest(unit + " " + number + " must have " + columns
          + " values (one per user), had more");
    }
    if (!Double.isFinite(value)) {
      throw RequestException.badRequest(unit + " " + number + " value " + width
          + " must be a finite number, was " + value);
    }
    if (value != 0) {
      if (stored == indices.length) {
        int grown = (int) Math.min(columns, 2L * stored);
        indices = Arrays.copyOf(indices, grown);
        values = Arrays.copyOf(values, grown);
      }
      indices[stored] = width;
      values[stored++] = value;
    }
    width++;
  }

  /**
   * Ends the row in progress.
   *
   * @param number the row's number for messages
   * @throws RequestException 400 if the row has fewer than {@code columns} values
   */
  void endRow(long number) {
    if (width != columns) {
      throw RequestException.badRequest(unit + " " + number + " must have " + columns
          + " values (one per user), had " + width);
    }
    rows.add(SparseVector.of(columns, Arrays.copyOf(indices, stored), Arrays.copyOf(values, stored)));
  }

  /**
   * @return the rows, at least one
   * @throws RequestException 400 if there are none
   */
  List<SparseVector> rows() {
    if (rows.isEmpty()) {
      throw RequestException.badRequest("the body holds no " + unit + "s; send at least one");
    }
    return List.copyOf(rows);
  }
}
