package io.playknn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.lastfm.LastfmDataset;
import io.playknn.lastfm.SyntheticLastfm;
import io.playknn.matrix.SparseMatrix;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The all-items cosine table (k = 100, 2 threads, the {@code brute} provider through the public
 * API) on the full-size synthetic Last.fm 360K data (seed 42, scale 1: every user and artist,
 * per-user max scaling, as {@link FullScaleKnnHarness}) equals a float64 reference computed here,
 * for 1,000 sampled artists: the 100 with most listeners (stored entries per row; ties by lower
 * index) and 900 others drawn uniformly without replacement with seed {@value #SAMPLE_SEED}.
 *
 * <p>The reference shares no code with the library's kNN: row norms are summed from the raw stored
 * values ({@link SparseMatrix#rowStart}, {@link SparseMatrix#columnAt}, {@link
 * SparseMatrix#valueAt}), a user → artists inverted index is built here, and for each sampled
 * artist {@code a} the raw dot product with every artist sharing a user is accumulated; the cosine
 * distance is {@code 1 - dot / (|a| |b|)} clamped to {@code [0, 2]}, and artists sharing no user
 * (or with a zero norm) are at distance exactly 1.
 *
 * <p>Rule (see {@link ExactnessCheck}): two distances are close when they differ by at most 1e-9
 * relative (1e-12 absolute near 0). Each row must hold 100 distinct artists other than the query,
 * each at a distance close to its reference distance; it must hold the reference's top-100 set,
 * except that where the reference's 100th and 101st distances are close, artists whose reference
 * distance is close to the 100th are interchangeable; and the row's order may differ from the
 * reference order only between artists whose reference distances are close. Why a tolerance at
 * all: the library sums normalised products and the reference raw ones, so the last bits differ;
 * 1e-9 is far above that rounding (about 1e-15 relative) and far below any real difference.
 *
 * <p>Cost: writes about 1.4 GB into a temporary directory (deleted as soon as it is read) and needs
 * about a minute on 2 cores; the summary line gives the peak heap (timings belong to {@link
 * FullScaleKnnHarness}).
 */
class FullScaleExactnessTest {
  private static final long SAMPLE_SEED = 20_261_128L;
  private static final int K = 100;
  private static final int MOST_LISTENED = 100;
  private static final int SAMPLED = 1_000;
  private static final int MESSAGES_SHOWN = 20;

  @Test
  void kneighborsAll_fullSize_equalsFloat64ReferenceOnSampledArtists(@TempDir Path dir)
      throws IOException {
    resetPeakHeap();
    Path plays = dir.resolve("usersha1-artmbid-artname-plays.tsv");
    Path profiles = dir.resolve("usersha1-profile.tsv");
    SyntheticLastfm.builder().seed(42).scale(1.0).build().write(plays, profiles);
    LastfmDataset data = FullScaleKnnHarness.dataset(plays);
    Files.delete(plays);
    Files.delete(profiles);
    SparseMatrix m = data.matrix();
    List<String> names = data.artistNames();
    data = null;
    NeighborTable table =
        NearestNeighbors.fit(m, KnnOptions.builder().metric(Metric.COSINE).threads(2).build())
            .kneighborsAll(K);

    assertThat(table.size()).as("table rows").isEqualTo(m.rows());
    int[] sample = sample(m, SAMPLE_SEED);
    CosineReference reference = new CosineReference(m);
    double[] distances = new double[m.rows()];
    List<String> failures = new ArrayList<>();
    int failedRows = 0;
    int boundaryTies = 0;
    double maxRelative = 0;
    for (int a : sample) {
      reference.distances(a, distances);
      String label = String.format(Locale.ROOT, "artist %d \"%s\" (%d listeners, sample seed %d)",
          a, names.get(a), m.rowNonZeros(a), SAMPLE_SEED);
      assertThat(table.query(a)).as("query of table row %d", a).isEqualTo(a);
      ExactnessCheck.Result r = ExactnessCheck.check(label, a, distances, K, table.row(a));
      if (r.boundaryTie()) {
        boundaryTies++;
      }
      maxRelative = Math.max(maxRelative, r.maxRelativeDifference());
      if (!r.failures().isEmpty()) {
        failedRows++;
        failures.addAll(r.failures().subList(
            0, Math.min(r.failures().size(), Math.max(0, MESSAGES_SHOWN - failures.size()))));
      }
    }

    System.out.printf(Locale.ROOT,
        "FullScaleExactnessTest: %d artists checked (%d x %d matrix, %d non-zeros, k %d,"
            + " sample seed %d), %d rows failed, %d rows with boundary ties, max relative distance"
            + " difference %.3g; peak heap %.0f MB (sum of pool peaks, an upper bound)%n",
        sample.length, m.rows(), m.columns(), m.nonZeros(), K, SAMPLE_SEED, failedRows,
        boundaryTies, maxRelative, peakHeap() / 1e6);
    assertThat(failures)
        .as("%d of %d sampled rows differ from the float64 reference (sample seed %d; first %d"
            + " messages)", failedRows, sample.length, SAMPLE_SEED, MESSAGES_SHOWN)
        .isEmpty();
  }

  /**
   * @return the {@value #MOST_LISTENED} rows with most stored entries (ties by lower index), then
   *     {@value #SAMPLED} - {@value #MOST_LISTENED} other rows uniformly without replacement
   */
  static int[] sample(SparseMatrix m, long seed) {
    Integer[] byListeners = new Integer[m.rows()];
    for (int i = 0; i < byListeners.length; i++) {
      byListeners[i] = i;
    }
    Arrays.sort(byListeners, (x, y) -> m.rowNonZeros(x) != m.rowNonZeros(y)
        ? Integer.compare(m.rowNonZeros(y), m.rowNonZeros(x))
        : Integer.compare(x, y));
    int[] rest = new int[m.rows() - MOST_LISTENED];
    for (int i = 0; i < rest.length; i++) {
      rest[i] = byListeners[MOST_LISTENED + i];
    }
    Arrays.sort(rest);
    SplittableRandom random = new SplittableRandom(seed);
    int[] sample = new int[SAMPLED];
    for (int i = 0; i < MOST_LISTENED; i++) {
      sample[i] = byListeners[i];
    }
    // Partial Fisher-Yates over the other rows.
    for (int i = 0; i < SAMPLED - MOST_LISTENED; i++) {
      int j = i + random.nextInt(rest.length - i);
      int t = rest[i];
      rest[i] = rest[j];
      rest[j] = t;
      sample[MOST_LISTENED + i] = rest[i];
    }
    return sample;
  }

  /** Cosine distances from one artist to all, by raw float64 dot products over shared users. */
  static final class CosineReference {
    private final SparseMatrix m;
    private final double[] norms;
    private final int[] userStart;
    private final int[] userArtists;
    private final double[] userValues;
    private final double[] dots;
    private final int[] touched;
    private final int[] stamp;

    CosineReference(SparseMatrix m) {
      this.m = m;
      int artists = m.rows();
      int users = m.columns();
      norms = new double[artists];
      userStart = new int[users + 1];
      for (int a = 0; a < artists; a++) {
        double sum = 0;
        for (int p = m.rowStart(a); p < m.rowEnd(a); p++) {
          sum += m.valueAt(p) * m.valueAt(p);
          userStart[m.columnAt(p) + 1]++;
        }
        norms[a] = Math.sqrt(sum);
      }
      for (int u = 0; u < users; u++) {
        userStart[u + 1] += userStart[u];
      }
      userArtists = new int[m.nonZeros()];
      userValues = new double[m.nonZeros()];
      int[] next = Arrays.copyOf(userStart, users);
      for (int a = 0; a < artists; a++) {
        for (int p = m.rowStart(a); p < m.rowEnd(a); p++) {
          int q = next[m.columnAt(p)]++;
          userArtists[q] = a;
          userValues[q] = m.valueAt(p);
        }
      }
      dots = new double[artists];
      touched = new int[artists];
      stamp = new int[artists];
      Arrays.fill(stamp, -1);
    }

    /**
     * @param a an artist
     * @param out receives the cosine distance of every artist from {@code a} ({@code out[a]}
     *     included, unused by the check)
     */
    void distances(int a, double[] out) {
      int count = 0;
      for (int p = m.rowStart(a); p < m.rowEnd(a); p++) {
        int u = m.columnAt(p);
        double va = m.valueAt(p);
        for (int q = userStart[u]; q < userStart[u + 1]; q++) {
          int b = userArtists[q];
          if (stamp[b] != a) {
            stamp[b] = a;
            touched[count++] = b;
          }
          dots[b] += va * userValues[q];
        }
      }
      Arrays.fill(out, 1.0);
      for (int i = 0; i < count; i++) {
        int b = touched[i];
        double denominator = norms[a] * norms[b];
        out[b] = denominator == 0 ? 1.0 : Math.min(2, Math.max(0, 1 - dots[b] / denominator));
        dots[b] = 0;
      }
    }
  }

  private static void resetPeakHeap() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
