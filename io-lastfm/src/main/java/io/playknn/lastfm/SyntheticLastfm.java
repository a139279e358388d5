package io.playknn.lastfm;

import io.playknn.internal.Checks;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes synthetic data in the exact Last.fm 360K format (plays file and profile file), with a
 * realistic shape, deterministic by seed: the same settings give byte-identical plain files on
 * the same JVM and platform ({@code Math.pow} and {@code Math.log} may differ in the last bit
 * between platforms, which can move a play count; gzip output also depends on the zlib version).
 *
 * <p>Shape at scale {@code s} (in {@code (0, 1]}): {@code round(359347 s)} users and a catalogue
 * of {@code round(290000 s)} artists (at least 10 and 50). Each user has a latent taste group (one
 * of {@value #GROUPS}) and lists distinct artists, at most {@value #MAX_ARTISTS_PER_USER} (95% of
 * users exactly 50, the rest uniform in {@code [1, 49]}, about 48.8 on average, so about 17.5M
 * lines at full scale). Artist popularity is Zipf–Mandelbrot: the weight of the artist of
 * popularity rank {@code r} (from 0) is {@code (r + 1 + }{@value #POPULARITY_OFFSET}{@code )^-1};
 * a user draws 70% of artists from the artists of their group and 30% from all artists, both by
 * popularity. The offset is calibrated on the real subset shipped in {@code data/lastfm-seed}:
 * among the integers it is the one that best fits (least squares of the log ratio) the share of
 * users listing each of the ten most-listened artists there, which runs from 34.9% down to 13.9%.
 * At scale 1 (seed 42) the generated shares run from 30.1% down to 14.5%. With no offset (plain
 * Zipf, shape version 1) the top artist reached 76% of the users. Play counts fall with the user's
 * rank of the artist; lines are sorted by user hash, then plays descending, as in the real file.
 * About 37% of artists have an empty MBID. Some names contain non-ASCII letters, apostrophes and
 * double quotes. The profile file gives every user a country ({@value
 * LastfmDataset#UNITED_STATES} for about 19%).
 *
 * <p>Optionally, malformed lines of chosen {@link Defect}s are inserted at random positions;
 * reading the file leniently then reports exactly those counts.
 *
 * <p>Run: {@code java -cp ... io.playknn.lastfm.SyntheticLastfm --scale 0.01 --seed 42 --plays
 * plays.tsv.gz --profiles profile.tsv.gz [--malformed 10]}. A file whose name ends in {@code .gz}
 * is written gzip-compressed.
 */
public final class SyntheticLastfm {
  /** Users at scale 1. */
  public static final int FULL_USERS = 359_347;
  /** Artists in the catalogue at scale 1. */
  public static final int FULL_ARTISTS = 290_000;
  /** Most artists a user lists. */
  public static final int MAX_ARTISTS_PER_USER = 50;
  /** Number of latent taste groups. */
  public static final int GROUPS = 24;
  /**
   * Offset {@code q} of the popularity weights {@code (r + 1 + q)^-1}: flattens the head of the
   * Zipf curve to the real data's (see the class comment).
   */
  public static final int POPULARITY_OFFSET = 4;
  /**
   * Version of the generated shape: bumped whenever the same seed and scale would give different
   * bytes, so that files cached under a name that includes it are never stale. 1: plain Zipf;
   * 2: Zipf–Mandelbrot with {@link #POPULARITY_OFFSET}.
   */
  public static final int SHAPE_VERSION = 2;

  private static final String[] SYLLABLES = {
    "ka", "lo", "mi", "re", "su", "to", "na", "ve", "di", "po", "ra", "ne", "zu", "be", "ti", "go",
    "la", "mo", "ri", "se", "ku", "fa", "de", "no", "pi", "sa", "te", "vo", "ba", "ge", "ju", "xe"
  };
  private static final String[] WORDS = {
    "band", "orchestra", "collective", "trio", "project", "sound", "brothers", "kids", "machine",
    "ghosts", "lights", "river", "club", "society", "experience", "family"
  };
  private static final String[] COUNTRIES = {
    "United States", "United Kingdom", "Germany", "Poland", "Sweden", "Brazil",
    "Russian Federation", "Spain", "Finland", "Netherlands", "Canada", "France", "Italy",
    "Japan", "Australia", "Mexico", "Norway", "Turkey", "Argentina", "Czech Republic",
    "Belgium", "Switzerland", "Austria", "Denmark", "Portugal", "Ukraine", "Chile", "Romania",
    "India", "Greece"
  };
  private static final double[] COUNTRY_WEIGHTS = {
    0.187, 0.085, 0.087, 0.052, 0.036, 0.034, 0.030, 0.024, 0.022, 0.021, 0.021, 0.020, 0.019,
    0.013, 0.017, 0.012, 0.013, 0.012, 0.010, 0.011, 0.0274, 0.0274, 0.0274, 0.0274, 0.0274,
    0.0274, 0.0274, 0.0274, 0.0274, 0.0274
  };
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final long seed;
  private final double scale;
  private final EnumMap<Defect, Integer> malformed;

  private SyntheticLastfm(Builder b) {
    this.seed = b.seed;
    this.scale = b.scale;
    this.malformed = new EnumMap<>(b.malformed);
  }

  /** @return a builder: seed 42, scale 0.01, no malformed lines */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * What was written.
   *
   * @param users users in both files
   * @param catalogueArtists artists in the catalogue
   * @param artistsUsed artists that appear in at least one line
   * @param goodLines well-formed plays lines
   * @param malformedLines malformed plays lines by defect (only non-zero counts)
   */
  public record Summary(
      int users, int catalogueArtists, int artistsUsed, long goodLines,
      Map<Defect, Long> malformedLines) {
    /** @return good lines plus malformed lines */
    public long lines() {
      long n = goodLines;
      for (long v : malformedLines.values()) {
        n += v;
      }
      return n;
    }
  }

  /** Configures a {@link SyntheticLastfm}. Not thread-safe. */
  public static final class Builder {
    private long seed = 42;
    private double scale = 0.01;
    private final EnumMap<Defect, Integer> malformed = new EnumMap<>(Defect.class);

    private Builder() {}

    /**
     * @param seed the random seed; equal seeds (and settings) give identical files
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * @param fraction size relative to the real dataset, in {@code (0, 1]}
     * @return this builder
     */
    public Builder scale(double fraction) {
      this.scale = fraction;
      return this;
    }

    /**
     * Inserts {@code count} malformed plays lines of one kind.
     *
     * @param defect one of {@link #supportedDefects()}
     * @param count number of lines, {@code >= 0}
     * @return this builder
     * @throws IllegalArgumentException if the defect is not supported or the count negative
     */
    public Builder malformed(Defect defect, int count) {
      Objects.requireNonNull(defect, "defect");
      Checks.require(
          Arrays.asList(SUPPORTED).contains(defect),
          "defect must be one of %s, was %s", Arrays.toString(SUPPORTED), defect);
      Checks.atLeast("count", count, 0);
      malformed.put(defect, count);
      return this;
    }

    /**
     * @return the generator
     * @throws IllegalArgumentException if the scale is not in {@code (0, 1]}
     */
    public SyntheticLastfm build() {
      Checks.require(scale > 0 && scale <= 1, "scale must be in (0, 1], was %s", scale);
      return new SyntheticLastfm(this);
    }
  }

  /**
   * @return the defects the generator can write into a plays file, in {@link Defect} order;
   *     unmodifiable
   */
  public static List<Defect> supportedDefects() {
    return List.of(SUPPORTED);
  }

  private static final Defect[] SUPPORTED = {
    Defect.LINE_TOO_LONG, Defect.EMPTY_LINE, Defect.WRONG_FIELD_COUNT, Defect.INVALID_UTF8,
    Defect.EMPTY_USER, Defect.EMPTY_ARTIST, Defect.PLAYS_NOT_INTEGER, Defect.PLAYS_OUT_OF_RANGE
  };

  /**
   * Writes the plays file and the profile file (gzip if a name ends in {@code .gz}).
   *
   * @param playsFile where to write {@code usersha1-artmbid-artname-plays.tsv}
   * @param profileFile where to write {@code usersha1-profile.tsv}
   * @return what was written
   * @throws IOException if a file cannot be written
   */
  public Summary write(Path playsFile, Path profileFile) throws IOException {
    Objects.requireNonNull(playsFile, "playsFile");
    Objects.requireNonNull(profileFile, "profileFile");
    int nUsers = Math.max(10, (int) Math.round(FULL_USERS * scale));
    int nArtists = Math.max(50, (int) Math.round(FULL_ARTISTS * scale));
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom nameRandom = root.split();
    SplittableRandom userRandom = root.split();
    SplittableRandom playRandom = root.split();
    SplittableRandom badRandom = root.split();

    // Artists: names, MBIDs, groups; popularity rank = index.
    Catalogue catalogue = catalogue(nArtists, nameRandom);
    byte[][] names = catalogue.names();
    byte[][] mbids = catalogue.mbids();
    int[] group = catalogue.groups();
    double[] globalCdf = new double[nArtists];
    int[][] groupArtists = new int[GROUPS][];
    double[][] groupCdf = new double[GROUPS][];
    int[] groupSize = new int[GROUPS];
    for (int a = 0; a < nArtists; a++) {
      groupSize[group[a]]++;
    }
    for (int g = 0; g < GROUPS; g++) {
      groupArtists[g] = new int[groupSize[g]];
      groupCdf[g] = new double[groupSize[g]];
      groupSize[g] = 0;
    }
    double sum = 0;
    double[] groupSum = new double[GROUPS];
    for (int a = 0; a < nArtists; a++) {
      double w = 1.0 / (a + 1 + POPULARITY_OFFSET);
      sum += w;
      globalCdf[a] = sum;
      int g = group[a];
      groupSum[g] += w;
      groupArtists[g][groupSize[g]] = a;
      groupCdf[g][groupSize[g]++] = groupSum[g];
    }

    // Users: hashes, in sorted order as in the real file.
    byte[][] hashes = new byte[nUsers][];
    for (int u = 0; u < nUsers; u++) {
      hashes[u] = sha1Like(userRandom);
    }
    Arrays.sort(hashes, Arrays::compareUnsigned);

    // Malformed lines: for each kind, the users after whose block they go.
    EnumMap<Defect, Long> written = new EnumMap<>(Defect.class);
    int[][] badAfter = new int[SUPPORTED.length][];
    for (int d = 0; d < SUPPORTED.length; d++) {
      int count = malformed.getOrDefault(SUPPORTED[d], 0);
      badAfter[d] = new int[count];
      for (int i = 0; i < count; i++) {
        badAfter[d][i] = badRandom.nextInt(nUsers);
      }
      Arrays.sort(badAfter[d]);
      if (count > 0) {
        written.put(SUPPORTED[d], (long) count);
      }
    }
    int[] badNext = new int[SUPPORTED.length];

    boolean[] used = new boolean[nArtists];
    long good = 0;
    try (LineWriter out = new LineWriter(playsFile);
        LineWriter profiles = new LineWriter(profileFile)) {
      int[] chosen = new int[MAX_ARTISTS_PER_USER];
      int[] plays = new int[MAX_ARTISTS_PER_USER];
      for (int u = 0; u < nUsers; u++) {
        int g = playRandom.nextInt(GROUPS);
        int count = playRandom.nextDouble() < 0.95
            ? MAX_ARTISTS_PER_USER : 1 + playRandom.nextInt(MAX_ARTISTS_PER_USER - 1);
        count = Math.min(count, nArtists);
        int have = 0;
        int attempts = 0;
        while (have < count) {
          int a;
          if (attempts++ < 20 * MAX_ARTISTS_PER_USER && playRandom.nextDouble() < 0.7
              && groupArtists[g].length > 0) {
            a = groupArtists[g][sample(groupCdf[g], playRandom)];
          } else if (attempts < 40 * MAX_ARTISTS_PER_USER) {
            a = sample(globalCdf, playRandom);
          } else {
            a = playRandom.nextInt(nArtists);
          }
          boolean dup = false;
          for (int i = 0; i < have; i++) {
            dup |= chosen[i] == a;
          }
          if (!dup) {
            chosen[have++] = a;
          }
        }
        double top = Math.exp(5.5 + 1.2 * gaussian(playRandom));
        for (int i = 0; i < count; i++) {
          double noise = 0.8 + 0.4 * playRandom.nextDouble();
          plays[i] = (int) Math.max(1, Math.floor(top * Math.pow(i + 1, -0.9) * noise));
        }
        Arrays.sort(plays, 0, count);
        for (int i = 0; i < count; i++) {
          int a = chosen[i];
          used[a] = true;
          out.bytes(hashes[u]).tab().bytes(mbids[a]).tab().bytes(names[a]).tab()
              .number(plays[count - 1 - i]).newline();
          good++;
        }
        for (int d = 0; d < SUPPORTED.length; d++) {
          while (badNext[d] < badAfter[d].length && badAfter[d][badNext[d]] == u) {
            badLine(out, SUPPORTED[d], hashes[u], names[chosen[0]], badRandom);
            badNext[d]++;
          }
        }
        int country = sampleWeights(COUNTRY_WEIGHTS, userRandom);
        double gender = userRandom.nextDouble();
        profiles.bytes(hashes[u]).tab()
            .text(gender < 0.65 ? "m" : gender < 0.9 ? "f" : "").tab()
            .text(userRandom.nextDouble() < 0.2 ? "" : Integer.toString(15 + userRandom.nextInt(50)))
            .tab().text(COUNTRIES[country]).tab()
            .text(MONTHS[userRandom.nextInt(12)] + " " + (1 + userRandom.nextInt(28)) + ", "
                + (2002 + userRandom.nextInt(8)))
            .newline();
      }
    }
    int artistsUsed = 0;
    for (boolean b : used) {
      artistsUsed += b ? 1 : 0;
    }
    return new Summary(nUsers, nArtists, artistsUsed, good, Collections.unmodifiableMap(written));
  }

  /** The artists: name and MBID (UTF-8, MBID possibly empty) and taste group of each. */
  record Catalogue(byte[][] names, byte[][] mbids, int[] groups) {}

  /** @return the artist catalogue {@link #write} uses (for tests of the taste groups) */
  Catalogue catalogue() {
    int nArtists = Math.max(50, (int) Math.round(FULL_ARTISTS * scale));
    return catalogue(nArtists, new SplittableRandom(seed).split());
  }

  private static Catalogue catalogue(int nArtists, SplittableRandom nameRandom) {
    byte[][] names = new byte[nArtists][];
    byte[][] mbids = new byte[nArtists][];
    int[] group = new int[nArtists];
    for (int a = 0; a < nArtists; a++) {
      names[a] = artistName(a, nameRandom).getBytes(StandardCharsets.UTF_8);
      mbids[a] = nameRandom.nextDouble() < 0.63 ? uuid(nameRandom) : new byte[0];
      group[a] = nameRandom.nextInt(GROUPS);
    }
    return new Catalogue(names, mbids, group);
  }

  private static void badLine(
      LineWriter out, Defect defect, byte[] hash, byte[] name, SplittableRandom random)
      throws IOException {
    switch (defect) {
      case LINE_TOO_LONG:
        out.bytes(hash).tab().tab();
        for (int i = 0; i <= LineScanner.MAX_LINE; i += 8) {
          out.text("la la la");
        }
        out.tab().number(1).newline();
        break;
      case EMPTY_LINE:
        out.newline();
        break;
      case WRONG_FIELD_COUNT:
        out.bytes(hash).tab().bytes(name).tab().number(1 + random.nextInt(100)).newline();
        break;
      case INVALID_UTF8:
        out.bytes(hash).tab().tab().bytes(name).bytes(new byte[] {(byte) 0xff, 'x'}).tab()
            .number(7).newline();
        break;
      case EMPTY_USER:
        out.tab().tab().bytes(name).tab().number(3).newline();
        break;
      case EMPTY_ARTIST:
        out.bytes(hash).tab().tab().tab().number(5).newline();
        break;
      case PLAYS_NOT_INTEGER:
        out.bytes(hash).tab().tab().bytes(name).tab()
            .text(random.nextBoolean() ? "12.5" : "-3").newline();
        break;
      case PLAYS_OUT_OF_RANGE:
        out.bytes(hash).tab().tab().bytes(name).tab().text("99999999999").newline();
        break;
      default:
        throw new IllegalArgumentException("unsupported defect " + defect);
    }
  }

  /** A unique, deterministic name for popularity rank {@code a}. */
  private static String artistName(int a, SplittableRandom random) {
    StringBuilder sb = new StringBuilder();
    boolean the = random.nextInt(5) == 0;
    if (the) {
      sb.append("the ");
    }
    // The rank in base 32 syllables makes the name unique; a random first syllable varies it.
    sb.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
    int v = a;
    do {
      sb.append(SYLLABLES[v & 31]);
      v >>>= 5;
    } while (v != 0);
    if (random.nextInt(3) == 0) {
      sb.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
    }
    String s = sb.toString();
    if (a % 37 == 5) {
      s = s.replaceFirst("o", "ö");
    } else if (a % 37 == 9) {
      s = s.replaceFirst("e", "é");
    } else if (a % 37 == 13) {
      s = s + " 音楽";
    }
    if (a % 41 == 7) {
      s = s + " n' roll";
    } else if (a % 43 == 11) {
      s = "\"" + s + "\"";
    } else if (a % 47 == 3) {
      s = s + " \"live\"";
    }
    return s;
  }

  private static byte[] sha1Like(SplittableRandom random) {
    byte[] b = new byte[40];
    for (int i = 0; i < 40; i++) {
      b[i] = HEX[random.nextInt(16)];
    }
    return b;
  }

  private static byte[] uuid(SplittableRandom random) {
    byte[] b = new byte[36];
    for (int i = 0; i < 36; i++) {
      b[i] = (i == 8 || i == 13 || i == 18 || i == 23) ? (byte) '-' : HEX[random.nextInt(16)];
    }
    return b;
  }

  private static int sample(double[] cdf, SplittableRandom random) {
    double x = random.nextDouble() * cdf[cdf.length - 1];
    int i = Arrays.binarySearch(cdf, x);
    i = i >= 0 ? i : -i - 1;
    return Math.min(i, cdf.length - 1);
  }

  private static int sampleWeights(double[] weights, SplittableRandom random) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller, so the stream of draws is fixed by this class alone.
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Buffered byte writer for lines; gzip if the name ends in {@code .gz}. */
  private static final class LineWriter implements AutoCloseable {
    private final OutputStream out;
    private final byte[] digits = new byte[20];

    LineWriter(Path file) throws IOException {
      OutputStream raw = Files.newOutputStream(file);
      this.out = file.getFileName().toString().endsWith(".gz")
          ? new BufferedOutputStream(new GZIPOutputStream(raw, 1 << 16), 1 << 16)
          : new BufferedOutputStream(raw, 1 << 20);
    }

    LineWriter bytes(byte[] b) throws IOException {
      out.write(b);
      return this;
    }

    LineWriter text(String s) throws IOException {
      out.write(s.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    LineWriter tab() throws IOException {
      out.write('\t');
      return this;
    }

    LineWriter newline() throws IOException {
      out.write('\n');
      return this;
    }

    LineWriter number(int v) throws IOException {
      int i = digits.length;
      do {
        digits[--i] = (byte) ('0' + v % 10);
        v /= 10;
      } while (v != 0);
      out.write(digits, i, digits.length - i);
      return this;
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /**
   * Command line: {@code --scale F --seed N --plays FILE --profiles FILE [--malformed N]}
   * ({@code --malformed N} writes N lines of each supported defect).
   *
   * @param args the arguments
   * @throws IOException if a file cannot be written
   */
  public static void main(String[] args) throws IOException {
    Builder b = builder();
    Path plays = null;
    Path profiles = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--scale" -> b.scale(Double.parseDouble(v));
        case "--seed" -> b.seed(Long.parseLong(v));
        case "--plays" -> plays = Path.of(v);
        case "--profiles" -> profiles = Path.of(v);
        case "--malformed" -> {
          for (Defect d : SUPPORTED) {
            b.malformed(d, Integer.parseInt(v));
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (plays == null || profiles == null || args.length % 2 != 0) {
      System.err.println(
          "usage: SyntheticLastfm --plays FILE --profiles FILE [--scale 0.01] [--seed 42]"
              + " [--malformed N]");
      System.exit(2);
      return;
    }
    long t0 = System.nanoTime();
    Summary s = b.build().write(plays, profiles);
    System.out.printf(
        Locale.ROOT, "%d users, %d artists (%d used), %d lines (%d malformed) in %.1f s%n",
        s.users(), s.catalogueArtists(), s.artistsUsed(), s.lines(), s.lines() - s.goodLines(),
        (System.nanoTime() - t0) / 1e9);
  }
}
