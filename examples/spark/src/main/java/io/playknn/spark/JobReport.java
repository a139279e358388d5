package io.playknn.spark;

import io.playknn.lastfm.ReadReport;
import java.util.List;

/**
 * What one {@link NeighborJob} run did.
 *
 * @param mode the mode that ran, {@link Mode#BROADCAST} or {@link Mode#BLOCKED}
 * @param parts item ranges (broadcast) or item blocks (blocked)
 * @param tasks tasks of the neighbour stage: one per range, or one per pair of blocks
 * @param items rows of the matrix
 * @param users columns of the matrix
 * @param nonZeros stored entries of the matrix
 * @param k neighbours asked for per item
 * @param width neighbours written per item, {@code min(k, items - 1)}
 * @param prepareSeconds reading and preparing the input on the driver
 * @param neighboursSeconds computing every item's neighbours and writing them as Parquet
 * @param totalSeconds the whole run, the other outputs included
 * @param reports the read report of each raw file the dataset builder read (empty for a matrix
 *     input)
 */
public record JobReport(
    Mode mode,
    int parts,
    int tasks,
    int items,
    int users,
    long nonZeros,
    int k,
    int width,
    double prepareSeconds,
    double neighboursSeconds,
    double totalSeconds,
    List<ReadReport> reports) {
  /** Copies the reports. */
  public JobReport {
    reports = List.copyOf(reports);
  }
}
