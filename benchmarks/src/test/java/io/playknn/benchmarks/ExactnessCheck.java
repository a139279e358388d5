package io.playknn.benchmarks;

import io.playknn.knn.Neighbors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares one row of a neighbour table with a reference that gives the exact (float64) distance of
 * every item from the query. Two distances are <em>close</em> when they differ by at most {@value
 * #RELATIVE} of the larger, or by at most {@value #ABSOLUTE} (near 0). With {@code B} the distance
 * of the reference's {@code k}-th neighbour (reference order: distance, then index; the query
 * itself excluded), the row passes when:
 *
 * <ol>
 *   <li>it holds exactly {@code min(k, n - 1)} neighbours, each a distinct item other than the
 *       query;
 *   <li>each neighbour's distance is close to its reference distance;
 *   <li>membership: when the reference's {@code k}-th and {@code (k+1)}-th distances are not
 *       close, the row holds exactly the reference's top-{@code k} set; when they are close (a
 *       <em>boundary tie</em>), items whose reference distance is close to {@code B} are
 *       interchangeable: every neighbour's reference distance is at most {@code B} or close to it,
 *       and every reference top-{@code k} item not close to {@code B} is in the row;
 *   <li>order: a neighbour may precede another with a smaller reference distance only when the two
 *       reference distances are close (checked against every earlier neighbour, not only the
 *       previous one).
 * </ol>
 *
 * <p>Messages name the query's label, the rank, the expected and the actual value.
 */
final class ExactnessCheck {
  /** Relative tolerance between two distances. */
  static final double RELATIVE = 1e-9;
  /** Absolute tolerance, for distances near 0. */
  static final double ABSOLUTE = 1e-12;

  private ExactnessCheck() {}

  /**
   * What one row's comparison found.
   *
   * @param boundaryTie whether the reference's {@code k}-th and {@code (k+1)}-th distances are close
   * @param maxRelativeDifference the largest {@code |actual - expected| / expected} over the row's
   *     distances ({@code |actual - expected|} where the expected distance is 0)
   * @param failures one message per broken rule, empty if the row passes
   */
  record Result(boolean boundaryTie, double maxRelativeDifference, List<String> failures) {}

  /**
   * @param a a distance
   * @param b another distance
   * @return whether they differ by at most {@link #RELATIVE} of the larger magnitude or at most
   *     {@link #ABSOLUTE}
   */
  static boolean close(double a, double b) {
    double tolerance = Math.max(RELATIVE * Math.max(Math.abs(a), Math.abs(b)), ABSOLUTE);
    return Math.abs(a - b) <= tolerance;
  }

  /**
   * Checks a row given as a {@link Neighbors}.
   *
   * @see #check(String, int, double[], int, int[], double[])
   */
  static Result check(String label, int query, double[] reference, int k, Neighbors row) {
    return check(label, query, reference, k, row.indices(), row.distances());
  }

  /**
   * Checks one row against the rules of this class.
   *
   * @param label names the query in messages, e.g. {@code artist 17 "kalo band"}
   * @param query the query item, excluded from the reference ranking
   * @param reference the reference distance of every item from the query ({@code reference[query]}
   *     is ignored)
   * @param k the number of neighbours asked for, {@code >= 1}
   * @param indices the row's neighbours, in rank order
   * @param distances their distances, same length
   * @return what was found
   * @throws IllegalArgumentException if there are fewer than 2 items or {@code k < 1}
   */
  static Result check(
      String label, int query, double[] reference, int k, int[] indices, double[] distances) {
    int n = reference.length;
    if (n < 2 || k < 1) {
      throw new IllegalArgumentException(
          "reference must hold >= 2 items and k must be >= 1, were " + n + " and " + k);
    }
    List<String> failures = new ArrayList<>();
    // The reference's first k + 1 items in (distance, index) order, by insertion into a sorted
    // array: an item enters only if it precedes the current last one.
    int keep = Math.min(k + 1, n - 1);
    int[] top = new int[keep];
    int filled = 0;
    for (int b = 0; b < n; b++) {
      if (b == query) {
        continue;
      }
      if (filled == keep && !before(reference, b, top[keep - 1])) {
        continue;
      }
      int pos = filled < keep ? filled++ : keep - 1;
      while (pos > 0 && before(reference, b, top[pos - 1])) {
        top[pos] = top[pos - 1];
        pos--;
      }
      top[pos] = b;
    }
    int expectedCount = Math.min(k, n - 1);
    double boundary = reference[top[expectedCount - 1]];
    boolean boundaryTie = keep > expectedCount && close(reference[top[expectedCount]], boundary);

    if (indices.length != expectedCount || distances.length != expectedCount) {
      failures.add(String.format(Locale.ROOT,
          "%s: expected %d neighbours, actual %d indices and %d distances",
          label, expectedCount, indices.length, distances.length));
    }
    boolean[] seen = new boolean[n];
    double maxRelative = 0;
    double largestEarlier = Double.NEGATIVE_INFINITY;
    int largestEarlierRank = -1;
    for (int rank = 0; rank < Math.min(indices.length, distances.length); rank++) {
      int b = indices[rank];
      double actual = distances[rank];
      if (b < 0 || b >= n) {
        failures.add(String.format(Locale.ROOT,
            "%s rank %d: expected an item in [0, %d), actual %d", label, rank, n, b));
        continue;
      }
      if (b == query) {
        failures.add(String.format(Locale.ROOT,
            "%s rank %d: expected another item, actual the query itself (%d)", label, rank, b));
        continue;
      }
      if (seen[b]) {
        failures.add(String.format(Locale.ROOT,
            "%s rank %d: expected a new neighbour, actual %d again", label, rank, b));
        continue;
      }
      seen[b] = true;
      double expected = reference[b];
      double difference = Math.abs(actual - expected);
      maxRelative = Math.max(maxRelative, expected == 0 ? difference : difference / expected);
      if (!close(actual, expected)) {
        failures.add(String.format(Locale.ROOT,
            "%s rank %d neighbour %d: expected distance %s, actual %s",
            label, rank, b, expected, actual));
      }
      if (expected > boundary && !close(expected, boundary)) {
        failures.add(String.format(Locale.ROOT,
            "%s rank %d: expected a neighbour within the reference top %d (k-th distance %s),"
                + " actual %d at reference distance %s",
            label, rank, k, boundary, b, expected));
      }
      if (largestEarlier > expected && !close(largestEarlier, expected)) {
        failures.add(String.format(Locale.ROOT,
            "%s rank %d: expected reference distance >= %s (of rank %d), actual %d at %s",
            label, rank, largestEarlier, largestEarlierRank, b, expected));
      }
      if (expected > largestEarlier) {
        largestEarlier = expected;
        largestEarlierRank = rank;
      }
    }
    for (int r = 0; r < expectedCount; r++) {
      int b = top[r];
      boolean interchangeable = boundaryTie && close(reference[b], boundary);
      if (!seen[b] && !interchangeable) {
        failures.add(String.format(Locale.ROOT,
            "%s reference rank %d: expected neighbour %d (distance %s) in the row, actual absent",
            label, r, b, reference[b]));
      }
    }
    return new Result(boundaryTie, maxRelative, failures);
  }

  private static boolean before(double[] reference, int a, int b) {
    int c = Double.compare(reference[a], reference[b]);
    return c < 0 || (c == 0 && a < b);
  }
}
