package io.playknn.lastfm;

import static io.playknn.lastfm.PlaysReaderTest.entries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.playknn.matrix.SparseMatrix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The builder against a naive oracle written with Strings, {@code split}, {@link BigInteger} and
 * a strict {@link java.nio.charset.CharsetDecoder}, on random files full of ties and defects.
 */
class LastfmDatasetTest {
  @TempDir Path tmp;

  private static final String[] USERS = {
    "aaa", "aab", "b", "c1", "c2", "dé", "e\"q", "f'", "g", "h", "zz", "0"
  };
  private static final String[] NAMES = {
    "the beatles", "guns n' roses", "\"weird al\" yankovic", "sigur rós", "植松伸夫", "a", "b",
    "ab", "Ab", "queensrÿche", "\"", "x y", "z"
  };
  private static final String[] MBIDS = {"", "", "m1", "m2", "m3"};
  private static final String[] COUNTRIES = {"United States", "Germany", ""};

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void build_randomFiles_matchesNaiveOracle(long seed) throws IOException {
    Random random = new Random(seed);
    ByteArrayOutputStream plays = new ByteArrayOutputStream();
    int lineCount = 1 + random.nextInt(300);
    for (int i = 0; i < lineCount; i++) {
      plays.writeBytes(randomLine(random));
      if (random.nextInt(10) == 0) {
        plays.write('\r');
      }
      if (i < lineCount - 1 || random.nextBoolean()) {
        plays.write('\n');
      }
    }
    ByteArrayOutputStream profile = new ByteArrayOutputStream();
    for (String u : USERS) {
      int copies = random.nextInt(10) == 0 ? 2 : random.nextInt(8) == 0 ? 0 : 1;
      for (int c = 0; c < copies; c++) {
        String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
        profile.writeBytes((u + "\tm\t\t" + country + "\tJan 1, 2007\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    Path playsFile = tmp.resolve("plays-" + seed + ".tsv");
    Path profileFile = tmp.resolve("profile-" + seed + ".tsv");
    Files.write(playsFile, plays.toByteArray());
    Files.write(profileFile, profile.toByteArray());
    Set<String> countries = new LinkedHashSet<>();
    if (random.nextBoolean()) {
      countries.add("United States");
      if (random.nextBoolean()) {
        countries.add("Germany");
      }
    }
    int topUsers = 1 + random.nextInt(USERS.length + 2);
    int topArtists = 1 + random.nextInt(NAMES.length + 2);

    LastfmDataset d =
        LastfmDataset.builder()
            .plays(playsFile)
            .profiles(profileFile)
            .countries(countries)
            .topUsers(topUsers)
            .topArtists(topArtists)
            .weighting(Weighting.raw())
            .threads(1)
            .build();
    // Reading on several threads over small ranges gives the same result, reports included.
    int threads = 2 + random.nextInt(4);
    long chunk = 1 + random.nextInt(400);
    LastfmDataset parallel =
        LastfmDataset.builder()
            .plays(playsFile)
            .profiles(profileFile)
            .countries(countries)
            .topUsers(topUsers)
            .topArtists(topArtists)
            .weighting(Weighting.raw())
            .threads(threads)
            .chunkBytes(chunk)
            .build();
    ReadReport report = d.reports().get(1);
    String how = "seed " + seed + ", " + threads + " threads, chunks of " + chunk + " bytes";
    assertThat(parallel.artists().keys()).as(how).isEqualTo(d.artists().keys());
    assertThat(parallel.users().keys()).as(how).isEqualTo(d.users().keys());
    assertThat(entries(parallel)).as(how).isEqualTo(entries(d));
    for (int i = 0; i < 2; i++) {
      ReadReport a = d.reports().get(i);
      ReadReport b = parallel.reports().get(i);
      assertThat(b.linesRead()).as(how).isEqualTo(a.linesRead());
      assertThat(b.linesKept()).as(how).isEqualTo(a.linesKept());
      assertThat(b.bytesRead()).as(how).isEqualTo(a.bytesRead());
      assertThat(b.skipped()).as(how).isEqualTo(a.skipped());
      assertThat(b.examples()).as(how).isEqualTo(a.examples());
    }
    // Strict mode: the same first bad line, whatever the threads.
    LastfmFormatException sequentialError = strictError(playsFile, 1, chunk);
    LastfmFormatException parallelError = strictError(playsFile, threads, chunk);
    if (sequentialError == null) {
      assertThat(parallelError).as(how).isNull();
      assertThat(report.linesSkipped()).isZero();
    } else {
      assertThat(parallelError).as(how).isNotNull();
      assertThat(parallelError.line()).as(how).isEqualTo(sequentialError.line());
      assertThat(parallelError.defect()).as(how).isEqualTo(sequentialError.defect());
      assertThat(parallelError.text()).as(how).isEqualTo(sequentialError.text());
      assertThat(sequentialError.line()).isEqualTo(report.examples().get(0).line());
    }
    Oracle o = new Oracle(plays.toByteArray(), profile.toByteArray(), countries, topUsers, topArtists);

    String context = "seed " + seed;
    assertThat(report.linesRead()).as(context).isEqualTo(o.linesRead);
    assertThat(report.skipped()).as(context).isEqualTo(o.skipped);
    assertThat(d.reports().get(0).skipped()).as(context).isEqualTo(o.profileSkipped);
    assertThat(d.artists().keys()).as(context).isEqualTo(o.artistOrder);
    assertThat(d.users().keys()).as(context).isEqualTo(o.userOrder);
    assertThat(entries(d)).as(context).isEqualTo(o.entries);
    long[] artistPlays = d.artistPlays();
    int[] listeners = d.artistListeners();
    for (int r = 0; r < o.artistOrder.size(); r++) {
      String a = o.artistOrder.get(r);
      assertThat(artistPlays[r]).as(context + " plays of " + a).isEqualTo(o.artistTotal.get(a));
      assertThat(listeners[r]).as(context + " listeners of " + a).isEqualTo(o.entries.get(a).size());
    }
    long[] userPlays = d.userPlays();
    for (int c = 0; c < o.userOrder.size(); c++) {
      assertThat(userPlays[c]).as(context).isEqualTo(o.userTotal.get(o.userOrder.get(c)));
    }
  }

  private static LastfmFormatException strictError(Path plays, int threads, long chunk)
      throws IOException {
    try {
      LastfmDataset.builder().plays(plays).strict(true).threads(threads).chunkBytes(chunk).build();
      return null;
    } catch (LastfmFormatException e) {
      return e;
    }
  }

  private static byte[] randomLine(Random random) {
    String user = USERS[random.nextInt(USERS.length)];
    String mbid = MBIDS[random.nextInt(MBIDS.length)];
    String name = NAMES[random.nextInt(NAMES.length)];
    String plays = Integer.toString(random.nextInt(6));
    switch (random.nextInt(14)) {
      case 0:
        return new byte[0];
      case 1:
        return (user + "\t" + name + "\t" + plays).getBytes(StandardCharsets.UTF_8);
      case 2:
        return (user + "\t" + mbid + "\t" + name + "\t" + plays + "\tx").getBytes(StandardCharsets.UTF_8);
      case 3:
        user = "";
        break;
      case 4:
        name = "";
        break;
      case 5:
        plays = new String[] {"-1", "1.5", "", "+3", "1e3", " 4", "2147483648", "99999999999999999999", "2147483647", "007"}[random.nextInt(10)];
        break;
      case 6: {
        byte[] alphabet = {'a', '\t', '"', '\'', (byte) 0xff, (byte) 0xc3, (byte) 0xa9, '1', '\r', (byte) 0xe6, (byte) 0xa4};
        byte[] junk = new byte[random.nextInt(12)];
        for (int i = 0; i < junk.length; i++) {
          junk[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return junk;
      }
      case 7: {
        byte[] good = (user + "\t" + mbid + "\t" + name + "\t" + plays).getBytes(StandardCharsets.UTF_8);
        good[random.nextInt(good.length)] = (byte) (random.nextBoolean() ? 0xff : 0xc3);
        return good;
      }
      default:
        break;
    }
    return (user + "\t" + mbid + "\t" + name + "\t" + plays).getBytes(StandardCharsets.UTF_8);
  }

  /** The whole pipeline, the slow and obvious way. */
  static final class Oracle {
    long linesRead;
    final Map<Defect, Long> skipped = new EnumMap<>(Defect.class);
    final Map<Defect, Long> profileSkipped = new EnumMap<>(Defect.class);
    final List<String> artistOrder;
    final List<String> userOrder;
    final Map<String, Map<String, Double>> entries = new TreeMap<>();
    final Map<String, Long> artistTotal = new HashMap<>();
    final Map<String, Long> userTotal = new HashMap<>();

    Oracle(byte[] plays, byte[] profile, Set<String> countries, int topUsers, int topArtists) {
      Map<String, String> countryOf = new HashMap<>();
      for (byte[] line : lines(profile)) {
        String[] f = text(line).split("\t", -1);
        if (f.length != 5) {
          profileSkipped.merge(Defect.WRONG_FIELD_COUNT, 1L, Long::sum);
        } else if (countryOf.containsKey(f[0])) {
          profileSkipped.merge(Defect.DUPLICATE_USER, 1L, Long::sum);
        } else {
          countryOf.put(f[0], f[3]);
        }
      }
      List<String[]> rows = new ArrayList<>();
      for (byte[] line : lines(plays)) {
        linesRead++;
        Defect defect = classify(line);
        if (defect != null) {
          skipped.merge(defect, 1L, Long::sum);
        } else {
          rows.add(text(line).split("\t", -1));
        }
      }
      Map<String, Long> allUserTotal = new HashMap<>();
      for (String[] f : rows) {
        String c = countryOf.get(f[0]);
        if (countries.isEmpty() || (c != null && countries.contains(c))) {
          allUserTotal.merge(f[0], Long.parseLong(f[3]), Long::sum);
        }
      }
      List<String> users = ranked(allUserTotal, topUsers, false);
      Set<String> keptUsers = Set.copyOf(users);
      Map<String, Long> totals = new HashMap<>();
      for (String[] f : rows) {
        if (keptUsers.contains(f[0])) {
          totals.merge(f[2], Long.parseLong(f[3]), Long::sum);
        }
      }
      artistOrder = ranked(totals, topArtists, true);
      Set<String> keptArtists = Set.copyOf(artistOrder);
      Map<String, Map<String, Double>> sums = new HashMap<>();
      for (String[] f : rows) {
        if (keptUsers.contains(f[0]) && keptArtists.contains(f[2])) {
          sums.computeIfAbsent(f[2], k -> new HashMap<>()).merge(f[0], Double.parseDouble(f[3]), Double::sum);
        }
      }
      Set<String> usersWithPlay = new java.util.HashSet<>();
      for (String a : artistOrder) {
        Map<String, Double> row = new TreeMap<>();
        sums.getOrDefault(a, Map.of()).forEach((u, v) -> {
          if (v > 0) {
            row.put(u, v);
            usersWithPlay.add(u);
          }
        });
        entries.put(a, row);
        artistTotal.put(a, totals.get(a));
      }
      userOrder = users.stream().filter(usersWithPlay::contains).collect(Collectors.toList());
      for (String u : userOrder) {
        userTotal.put(u, allUserTotal.get(u));
      }
    }

    private static List<String> ranked(Map<String, Long> total, int top, boolean positiveOnly) {
      return total.entrySet().stream()
          .filter(e -> !positiveOnly || e.getValue() > 0)
          .sorted(Comparator.<Map.Entry<String, Long>>comparingLong(e -> -e.getValue())
              .thenComparing((x, y) -> Arrays.compareUnsigned(
                  x.getKey().getBytes(StandardCharsets.UTF_8), y.getKey().getBytes(StandardCharsets.UTF_8))))
          .limit(top)
          .map(Map.Entry::getKey)
          .collect(Collectors.toList());
    }

    static Defect classify(byte[] raw) {
      byte[] line = raw;
      if (line.length > 0 && line[line.length - 1] == '\r') {
        line = Arrays.copyOf(line, line.length - 1);
      }
      if (line.length == 0) {
        return Defect.EMPTY_LINE;
      }
      String latin = new String(line, StandardCharsets.ISO_8859_1);
      String[] f = latin.split("\t", -1);
      if (f.length != 4) {
        return Defect.WRONG_FIELD_COUNT;
      }
      try {
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(line));
      } catch (CharacterCodingException e) {
        return Defect.INVALID_UTF8;
      }
      if (f[0].isEmpty()) {
        return Defect.EMPTY_USER;
      }
      if (f[2].isEmpty()) {
        return Defect.EMPTY_ARTIST;
      }
      if (!f[3].matches("[0-9]+")) {
        return Defect.PLAYS_NOT_INTEGER;
      }
      if (new BigInteger(f[3]).compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
        return Defect.PLAYS_OUT_OF_RANGE;
      }
      return null;
    }

    private static String text(byte[] line) {
      String s = new String(line, StandardCharsets.UTF_8);
      return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    static List<byte[]> lines(byte[] all) {
      List<byte[]> lines = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < all.length; i++) {
        if (all[i] == '\n') {
          lines.add(Arrays.copyOfRange(all, start, i));
          start = i + 1;
        }
      }
      if (start < all.length) {
        lines.add(Arrays.copyOfRange(all, start, all.length));
      }
      return lines;
    }
  }
}
