package io.playknn.lastfm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator: determinism, the promised shape at 0.5% scale, malformed lines. */
class SyntheticLastfmTest {
  private static final double SCALE = 0.005;

  @TempDir Path tmp;

  private SyntheticLastfm.Summary write(String name, long seed, SyntheticLastfm.Builder b)
      throws IOException {
    return b.seed(seed).scale(SCALE).build()
        .write(tmp.resolve(name + "-plays.tsv"), tmp.resolve(name + "-profile.tsv"));
  }

  @Test
  void write_sameSeed_givesIdenticalFilesAndOtherSeedDiffers() throws IOException {
    write("a", 7, SyntheticLastfm.builder());
    write("b", 7, SyntheticLastfm.builder());
    write("c", 8, SyntheticLastfm.builder());
    for (String f : new String[] {"-plays.tsv", "-profile.tsv"}) {
      byte[] a = Files.readAllBytes(tmp.resolve("a" + f));
      assertThat(Files.readAllBytes(tmp.resolve("b" + f))).as(f).isEqualTo(a);
      assertThat(Arrays.equals(Files.readAllBytes(tmp.resolve("c" + f)), a)).as(f).isFalse();
    }
    // Gzip output holds the same bytes.
    SyntheticLastfm.builder().seed(7).scale(SCALE).build()
        .write(tmp.resolve("g-plays.tsv.gz"), tmp.resolve("g-profile.tsv.gz"));
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tmp.resolve("g-plays.tsv.gz")))) {
      assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(tmp.resolve("a-plays.tsv")));
    }
  }

  @Test
  void write_halfPercent_hasThePromisedShape() throws IOException {
    SyntheticLastfm.Summary s = write("s", 11, SyntheticLastfm.builder());
    int users = (int) Math.round(SyntheticLastfm.FULL_USERS * SCALE);
    assertThat(s.users()).isEqualTo(users);
    assertThat(s.catalogueArtists()).isEqualTo((int) Math.round(SyntheticLastfm.FULL_ARTISTS * SCALE));

    // Count independently from the file, with String.split.
    Map<String, Set<String>> artistsOf = new HashMap<>();
    Map<String, Long> playsOf = new HashMap<>();
    Set<String> mbidEmpty = new HashSet<>();
    Set<String> names = new HashSet<>();
    long lines = 0;
    String previousUser = "";
    long previousPlays = Long.MAX_VALUE;
    for (String line : Files.readAllLines(tmp.resolve("s-plays.tsv"), StandardCharsets.UTF_8)) {
      String[] f = line.split("\t", -1);
      assertThat(f).hasSize(4);
      assertThat(f[0]).matches("[0-9a-f]{40}");
      assertThat(f[1]).matches("|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
      long plays = Long.parseLong(f[3]);
      assertThat(plays).isPositive();
      // Sorted by user, then plays descending.
      assertThat(f[0].compareTo(previousUser)).isGreaterThanOrEqualTo(0);
      if (f[0].equals(previousUser)) {
        assertThat(plays).isLessThanOrEqualTo(previousPlays);
      }
      previousUser = f[0];
      previousPlays = plays;
      assertThat(artistsOf.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[2]))
          .as("artist listed twice for a user").isTrue();
      playsOf.merge(f[2], plays, Long::sum);
      names.add(f[2]);
      if (f[1].isEmpty()) {
        mbidEmpty.add(f[2]);
      }
      lines++;
    }
    assertThat(lines).isEqualTo(s.goodLines()).isEqualTo(s.lines());
    assertThat(artistsOf).hasSize(users);
    assertThat(names).hasSize(s.artistsUsed());
    int max = artistsOf.values().stream().mapToInt(Set::size).max().orElseThrow();
    assertThat(max).isEqualTo(SyntheticLastfm.MAX_ARTISTS_PER_USER);
    double perUser = (double) lines / users;
    assertThat(perUser).as("artists per user").isBetween(47.5, 50.0);
    // Full scale: 359,347 users x about 48.8 = about 17.5M lines.
    assertThat(perUser * SyntheticLastfm.FULL_USERS).isBetween(17.0e6, 18.0e6);
    assertThat((double) mbidEmpty.size() / names.size()).isBetween(0.30, 0.45);
    assertThat(names.stream().anyMatch(n -> n.contains("'"))).isTrue();
    assertThat(names.stream().anyMatch(n -> n.contains("\""))).isTrue();
    assertThat(names.stream().anyMatch(n -> n.chars().anyMatch(c -> c > 127))).isTrue();

    // Popularity skew: the top 1% of artists by listeners hold a large share of the lines.
    long[] listeners;
    Map<String, Integer> listenerCount = new HashMap<>();
    artistsOf.values().forEach(set -> set.forEach(a -> listenerCount.merge(a, 1, Integer::sum)));
    listeners = listenerCount.values().stream().mapToLong(Integer::longValue).sorted().toArray();
    int top = Math.max(1, listeners.length / 100);
    long topLines = 0;
    for (int i = listeners.length - top; i < listeners.length; i++) {
      topLines += listeners[i];
    }
    // Uniform popularity would give the top 1% about 1% of the lines; Zipf gives over ten times that.
    assertThat((double) topLines / lines).as("share of lines of the top 1% of artists").isGreaterThan(0.10);
    assertThat(listeners[listeners.length - 1]).as("listeners of the top artist").isGreaterThan(users / 4);

    // Profiles: one per user, 5 fields, about 19% United States.
    long us = 0;
    long profileLines = 0;
    for (String line : Files.readAllLines(tmp.resolve("s-profile.tsv"), StandardCharsets.UTF_8)) {
      String[] f = line.split("\t", -1);
      assertThat(f).hasSize(5);
      assertThat(artistsOf).containsKey(f[0]);
      us += f[3].equals("United States") ? 1 : 0;
      profileLines++;
    }
    assertThat(profileLines).isEqualTo(users);
    assertThat((double) us / users).isBetween(0.14, 0.24);
  }

  /**
   * The popularity calibration (see {@link SyntheticLastfm}): at scale 1, the share of users who
   * list the artist of listener rank 1, 2, ..., 10 is within a quarter of that share in the real
   * subset shipped in {@code data/lastfm-seed}. Plain Zipf (no offset) gives the top artist 76%
   * of the users against 35% there, and fails. Writes the full-size file (about 1.4 GB) into a
   * temporary directory.
   */
  @Test
  void write_fullScale_topArtistsReachAsManyUsersAsInTheRealSubset() throws IOException {
    double[] real = topReach(
        LastfmDataset.builder()
            .plays(ReferenceReproductionTest.seed("usersha1-artmbid-artname-plays.tsv.gz"))
            .topUsers(Integer.MAX_VALUE)
            .topArtists(Integer.MAX_VALUE)
            .build(),
        10);
    Path plays = tmp.resolve("full-plays.tsv");
    SyntheticLastfm.builder().seed(42).scale(1.0).build()
        .write(plays, tmp.resolve("full-profile.tsv"));
    double[] synthetic = topReach(
        LastfmDataset.builder()
            .plays(plays)
            .topUsers(Integer.MAX_VALUE)
            .topArtists(Integer.MAX_VALUE)
            .build(),
        10);
    Files.delete(plays);
    assertThat(real[0]).as("real top artist's reach").isBetween(0.34, 0.36);
    for (int r = 0; r < real.length; r++) {
      assertThat(synthetic[r])
          .as("share of users listing the artist of listener rank %d (real %.3f)", r + 1, real[r])
          .isBetween(real[r] * 0.75, real[r] * 1.25);
    }
  }

  /** @return the shares of users listing the {@code n} artists with most listeners, descending */
  private static double[] topReach(LastfmDataset data, int n) {
    io.playknn.matrix.SparseMatrix m = data.matrix();
    int[] listeners = new int[m.rows()];
    for (int a = 0; a < m.rows(); a++) {
      listeners[a] = m.rowNonZeros(a);
    }
    Arrays.sort(listeners);
    double[] reach = new double[n];
    for (int r = 0; r < n; r++) {
      reach[r] = (double) listeners[listeners.length - 1 - r] / m.columns();
    }
    return reach;
  }

  @Test
  void write_readBackStrict_everyLineIsValid() throws IOException {
    // Reading the generated files back in strict mode: no line is bad.
    write("r", 3, SyntheticLastfm.builder());
    LastfmDataset d =
        LastfmDataset.builder()
            .plays(tmp.resolve("r-plays.tsv"))
            .profiles(tmp.resolve("r-profile.tsv"))
            .topArtists(200)
            .strict(true)
            .build();
    assertThat(d.reports().get(1).linesSkipped()).isZero();
    assertThat(d.matrix().rows()).isEqualTo(200);
    int users = (int) Math.round(SyntheticLastfm.FULL_USERS * SCALE);
    // Users with none of the 200 most played artists drop out; few do.
    assertThat(d.matrix().columns()).isBetween(users * 95 / 100, users);
  }

  @Test
  void write_tasteGroups_makeNearestNeighboursShareTheGroup() throws IOException {
    SyntheticLastfm generator = SyntheticLastfm.builder().seed(9).scale(SCALE).build();
    generator.write(tmp.resolve("t-plays.tsv"), tmp.resolve("t-profile.tsv"));
    SyntheticLastfm.Catalogue catalogue = generator.catalogue();
    Map<String, Integer> groupOf = new HashMap<>();
    for (int a = 0; a < catalogue.names().length; a++) {
      groupOf.put(new String(catalogue.names()[a], StandardCharsets.UTF_8), catalogue.groups()[a]);
    }
    LastfmDataset d =
        LastfmDataset.builder().plays(tmp.resolve("t-plays.tsv")).topArtists(300).build();
    io.playknn.knn.NearestNeighbors knn =
        io.playknn.knn.NearestNeighbors.fit(
            d.matrix(),
            io.playknn.knn.KnnOptions.builder().metric(io.playknn.knn.Metric.COSINE).build());
    int same = 0;
    for (int r = 0; r < d.matrix().rows(); r++) {
      int nearest = knn.kneighbors(r, 1).index(0);
      same += groupOf.get(d.artists().key(r)).equals(groupOf.get(d.artists().key(nearest))) ? 1 : 0;
    }
    // By chance about 1 in 24 would share the group.
    assertThat((double) same / d.matrix().rows())
        .as("artists whose nearest neighbour shares their taste group")
        .isGreaterThan(0.5);
  }

  @Test
  void write_malformedLines_areCountedExactlyByTheReader() throws IOException {
    SyntheticLastfm.Builder b = SyntheticLastfm.builder();
    int k = 0;
    for (Defect d : SyntheticLastfm.supportedDefects()) {
      b.malformed(d, d == Defect.LINE_TOO_LONG ? 1 : 2 + k++);
    }
    SyntheticLastfm.Summary s = write("m", 5, b);
    LastfmDataset d =
        LastfmDataset.builder().plays(tmp.resolve("m-plays.tsv")).profiles(tmp.resolve("m-profile.tsv")).build();
    ReadReport report = d.reports().get(1);
    assertThat(report.skipped()).isEqualTo(s.malformedLines());
    assertThat(report.linesKept()).isEqualTo(s.goodLines());
    assertThat(report.linesRead()).isEqualTo(s.lines());
    assertThat(d.reports().get(0).linesSkipped()).isZero();
  }

  @Test
  void builder_unsupportedDefectOrScale_isRejected() {
    assertThatThrownBy(() -> SyntheticLastfm.builder().malformed(Defect.NOT_GZIP, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("defect must be one of [LINE_TOO_LONG, ");
    assertThatThrownBy(() -> SyntheticLastfm.builder().scale(1.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scale must be in (0, 1], was 1.5");
  }
}
