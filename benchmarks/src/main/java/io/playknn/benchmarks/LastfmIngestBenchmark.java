package io.playknn.benchmarks;

import io.playknn.lastfm.LastfmDataset;
import io.playknn.lastfm.SyntheticLastfm;
import io.playknn.lastfm.Weighting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a synthetic Last.fm 360K plays file (written by {@link SyntheticLastfm}, seed 42) into
 * the artist × user matrix and id mappings. One operation = one whole file. The file is generated
 * once per scale and compression into {@code $java.io.tmpdir/playknn-synthetic/} (or the directory
 * in system property {@code playknn.data}) and reused; the file name holds {@link
 * SyntheticLastfm#SHAPE_VERSION}, so a file from an older generator is not.
 *
 * <p>Settings: {@code all} keeps every user and artist with raw counts (the whole file becomes
 * the matrix); {@code reference} keeps the top 10,000 users and 1,000 artists, max-scaled (no
 * country filter, so the profile file is not read).
 *
 * <p>Run (full size, on a quiet machine; the first run generates about 1.5 GB):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LastfmIngestBenchmark -p scale=1.0 \
 *     -rf json -rff benchmarks/results/current/lastfm-ingest.json
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class LastfmIngestBenchmark {
  /** Fraction of the real dataset's size, in (0, 1]. */
  @Param({"0.01"})
  public double scale;

  /** {@code all} or {@code reference}. */
  @Param({"all", "reference"})
  public String settings;

  /** {@code plain} or {@code gzip}. */
  @Param({"plain"})
  public String compression;

  private Path plays;

  /**
   * Generates the input file if it is not there yet.
   *
   * @throws IOException if the file cannot be written
   */
  @Setup(Level.Trial)
  public void setup() throws IOException {
    plays = syntheticFile(scale, isGzip(compression));
  }

  /**
   * @param compression {@code plain} or {@code gzip}
   * @return whether it is {@code gzip}
   * @throws IllegalArgumentException for any other value (a typo must not measure plain files)
   */
  static boolean isGzip(String compression) {
    return switch (compression) {
      case "gzip" -> true;
      case "plain" -> false;
      default -> throw new IllegalArgumentException(
          "compression must be plain or gzip, was " + compression);
    };
  }

  /**
   * Reads the whole file and builds the matrix.
   *
   * @return the dataset
   * @throws IOException if the file cannot be read
   */
  @Benchmark
  public LastfmDataset ingest() throws IOException {
    return ingest(plays, settings);
  }

  static LastfmDataset ingest(Path plays, String settings) throws IOException {
    return ingest(plays, settings, 0);
  }

  /** @param threads reading threads, 0 for the builder's default */
  static LastfmDataset ingest(Path plays, String settings, int threads) throws IOException {
    LastfmDataset.Builder b = LastfmDataset.builder().plays(plays);
    if (threads > 0) {
      b.threads(threads);
    }
    switch (settings) {
      case "all" -> b.topUsers(Integer.MAX_VALUE).topArtists(Integer.MAX_VALUE)
          .weighting(Weighting.raw());
      case "reference" -> { }
      default -> throw new IllegalArgumentException(
          "settings must be all or reference, was " + settings);
    }
    return b.build();
  }

  /** @return the synthetic plays file for this scale, generated (seed 42) if absent */
  static Path syntheticFile(double scale, boolean gzip) throws IOException {
    Path dir = Path.of(System.getProperty(
        "playknn.data", System.getProperty("java.io.tmpdir") + "/playknn-synthetic"));
    Files.createDirectories(dir);
    String stem = String.format(
        Locale.ROOT, "scale-%s-seed-42-v%d", scale, SyntheticLastfm.SHAPE_VERSION);
    Path plays = dir.resolve(stem + "-plays.tsv" + (gzip ? ".gz" : ""));
    if (!Files.exists(plays)) {
      Path tmp = dir.resolve(stem + "-plays.tmp" + (gzip ? ".gz" : ""));
      SyntheticLastfm.builder().seed(42).scale(scale).build()
          .write(tmp, dir.resolve(stem + "-profile.tsv" + (gzip ? ".gz" : "")));
      Files.move(tmp, plays);
    }
    return plays;
  }
}
