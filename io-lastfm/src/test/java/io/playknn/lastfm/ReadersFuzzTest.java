package io.playknn.lastfm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.playknn.matrix.SparseMatrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of the plays, profile and hetrec readers, through the public {@link
 * LastfmDataset.Builder} on a file holding the input. A read must end in a dataset or a {@link
 * LastfmFormatException}; anything else (another exception, an {@link OutOfMemoryError} under the
 * small heap) is a finding. A read that succeeds must keep the readers' promises: every report's
 * lines read = kept + skipped by defect, the matrix matching the names and ids. The two low bits
 * of the input's last byte choose how it is read (one read per input keeps the targets fast):
 * bit 0 strict (the first bad line must be a {@link LastfmFormatException}) or lenient, bit 1 the
 * artist key of the plays target ({@link ArtistKey#MBID} or {@link ArtistKey#NAME}) or, for the
 * profile target, a country filter.
 *
 * <p>Without {@code JAZZER_FUZZ} the build replays the committed inputs in {@code
 * ReadersFuzzTestInputs/<method>/}; see {@code docs/FUZZING.md}.
 */
@Tag("small-heap")
class ReadersFuzzTest {
  private static final Path DIR = temporaryDirectory();
  /** The plays file the profile target pairs its input with: users u1 and u2, two artists. */
  private static final byte[] PLAYS =
      ("u1\tmbid-a\tthe beatles\t10\nu1\t\tgenesis\t5\nu2\tmbid-a\tthe beatles\t3\n")
          .getBytes(StandardCharsets.UTF_8);

  /** A 360K plays file ({@code usersha1-artmbid-artname-plays.tsv}). */
  @FuzzTest(maxDuration = "25m", maxExecutions = 1_000_000)
  void plays(byte[] file) throws IOException {
    Path plays = write("plays.tsv", file);
    ArtistKey key = (mode(file) & 2) != 0 ? ArtistKey.MBID : ArtistKey.NAME;
    build(LastfmDataset.builder().plays(plays).artistKey(key), file);
  }

  /** A 360K profile file ({@code usersha1-profile.tsv}), with a fixed plays file and a country. */
  @FuzzTest(maxDuration = "25m", maxExecutions = 1_000_000)
  void profiles(byte[] file) throws IOException {
    Path plays = write("plays.tsv", PLAYS);
    Path profiles = write("profiles.tsv", file);
    LastfmDataset.Builder b = LastfmDataset.builder().plays(plays).profiles(profiles);
    build((mode(file) & 2) != 0 ? b.countries("United States") : b, file);
  }

  /**
   * The hetrec 2K pair: the input holds {@code artists.dat}, a NUL byte, then {@code
   * user_artists.dat} (no NUL: all of it is {@code artists.dat} and {@code user_artists.dat} is
   * empty).
   */
  @FuzzTest(maxDuration = "25m", maxExecutions = 1_000_000)
  void hetrec(byte[] input) throws IOException {
    int nul = 0;
    while (nul < input.length && input[nul] != 0) {
      nul++;
    }
    Path artists = write("artists.dat", Arrays.copyOfRange(input, 0, nul));
    Path userArtists =
        write("user_artists.dat", Arrays.copyOfRange(input, Math.min(input.length, nul + 1), input.length));
    build(LastfmDataset.builder().hetrec(userArtists, artists), input);
  }

  /** The two low bits of the last byte (0 for an empty input). */
  private static int mode(byte[] input) {
    return input.length == 0 ? 0 : input[input.length - 1] & 3;
  }

  private static void build(LastfmDataset.Builder builder, byte[] input) throws IOException {
    LastfmDataset d;
    try {
      d = builder.topUsers(Integer.MAX_VALUE).topArtists(Integer.MAX_VALUE).threads(1)
          .strict((mode(input) & 1) != 0).build();
    } catch (LastfmFormatException expected) {
      return;
    }
    check(d);
  }

  /** The promises a dataset read from any bytes keeps. */
  private static void check(LastfmDataset d) {
    for (ReadReport r : d.reports()) {
      long skipped = r.skipped().values().stream().mapToLong(Long::longValue).sum();
      if (r.linesRead() != r.linesKept() + skipped || r.linesSkipped() != skipped) {
        throw new AssertionError("lines read != kept + skipped by defect: " + r);
      }
    }
    SparseMatrix m = d.matrix();
    if (m.rows() != d.artistNames().size() || m.rows() != d.artists().size()
        || m.columns() != d.users().size() || d.artistPlays().length != m.rows()
        || d.artistListeners().length != m.rows() || d.userPlays().length != m.columns()) {
      throw new AssertionError("dataset dimensions disagree: " + d);
    }
  }

  private static Path write(String name, byte[] bytes) throws IOException {
    return Files.write(DIR.resolve(name), bytes);
  }

  private static Path temporaryDirectory() {
    try {
      // A directory in memory where the system has one: the targets write files per input.
      Path shm = Path.of("/dev/shm");
      return Files.isDirectory(shm) && Files.isWritable(shm)
          ? Files.createTempDirectory(shm, "playknn-readers-fuzz")
          : Files.createTempDirectory("playknn-readers-fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void deleteTemporaryDirectory() throws IOException {
    try (Stream<Path> files = Files.walk(DIR)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
