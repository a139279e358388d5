package io.playknn.lastfm;

import io.playknn.knn.ProgressListener;
import io.playknn.internal.Checks;
import io.playknn.matrix.SparseMatrix;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The artist × user matrix built from Last.fm files, with its id mappings, per-artist statistics
 * and the read reports. Immutable (array accessors return copies) and thread-safe.
 *
 * <p>How it is built ({@link Builder#build()}), following the reference's preparation:
 *
 * <ol>
 *   <li>Read the files, every line accounted for in {@link #reports()}; lines with an empty artist
 *       name are skipped there ({@link Defect#EMPTY_ARTIST}).
 *   <li>If countries are given, keep only users whose profile country is one of them (exact,
 *       case-sensitive match; users without a profile are dropped).
 *   <li>Rank users by their total plays over all artists, descending; keep the top {@code
 *       topUsers}.
 *   <li>Rank artists by their total plays among the kept users, descending; keep the top {@code
 *       topArtists}. Artists whose total is 0 are never kept. Row index = rank (0 = most played).
 *   <li>Sum the plays of rows with the same (user, artist key); zero sums are not stored.
 *   <li>Pivot to artists × users: columns are the kept users in rank order (or, with {@link
 *       UserOrder#AUDIENCE}, grouped by which of the most played artists they play), users with
 *       no play among the kept artists dropped.
 *   <li>Apply the {@link Weighting}.
 * </ol>
 *
 * <p><b>Ties</b> in a ranking are broken by the key in ascending Unicode code point order (the
 * unsigned byte order of its UTF-8 form): among users with equal totals the smaller user hash
 * ranks first; among artists, the smaller key (name, or MBID; with MBID keys, an artist without
 * an MBID is keyed by a tab and its name, so at equal totals it ranks before every MBID). Nothing
 * depends on hash-map
 * iteration order or on the order of lines in the file, except the display name chosen for an
 * MBID (the first name met with it).
 */
public final class LastfmDataset {
  /** The reference's country. */
  public static final String UNITED_STATES = "United States";
  /** Default and reference number of users kept. */
  public static final int DEFAULT_TOP_USERS = 10_000;
  /** Default and reference number of artists kept. */
  public static final int DEFAULT_TOP_ARTISTS = 1_000;

  private final SparseMatrix matrix;
  private final IdMapping artists;
  private final List<String> artistNames;
  private final IdMapping users;
  private final long[] artistPlays;
  private final int[] artistListeners;
  private final long[] userPlays;
  private final List<ReadReport> reports;

  private LastfmDataset(
      SparseMatrix matrix,
      IdMapping artists,
      List<String> artistNames,
      IdMapping users,
      long[] artistPlays,
      int[] artistListeners,
      long[] userPlays,
      List<ReadReport> reports) {
    this.matrix = matrix;
    this.artists = artists;
    this.artistNames = artistNames;
    this.users = users;
    this.artistPlays = artistPlays;
    this.artistListeners = artistListeners;
    this.userPlays = userPlays;
    this.reports = reports;
  }

  /**
   * A builder with the defaults: top {@value #DEFAULT_TOP_USERS} users, top {@value
   * #DEFAULT_TOP_ARTISTS} artists, {@link ArtistKey#NAME}, {@link Weighting#maxScaled()},
   * lenient reading, and no country filter (all users).
   *
   * @return a new builder; an input must still be given
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The reference's settings: {@link #builder()}'s defaults plus the country filter {@value
   * #UNITED_STATES} (so a profile file must be given).
   *
   * @return a new builder holding the reference's settings
   */
  public static Builder referenceSettings() {
    return new Builder().countries(UNITED_STATES);
  }

  /**
   * @return the artist × user matrix: rows in artist rank order, columns in user rank order (or
   *     by audience, see {@link Builder#userOrder})
   */
  public SparseMatrix matrix() {
    return matrix;
  }

  /**
   * @return row index ↔ artist key (the name, or with {@link ArtistKey#MBID} the MBID or, where
   *     it is empty, the name)
   */
  public IdMapping artists() {
    return artists;
  }

  /**
   * @return the display name of each row: equal to the key, so unique, with {@link ArtistKey#NAME};
   *     with {@link ArtistKey#MBID} two MBIDs may share a name, which {@code KnnModel.fit} refuses
   *     ({@code DuplicateItemNameException} naming it): name such rows by their {@link #artists()}
   *     keys instead
   */
  public List<String> artistNames() {
    return artistNames;
  }

  /** @return column index ↔ user key (the user hash; the decimal user id for hetrec) */
  public IdMapping users() {
    return users;
  }

  /** @return per row, the artist's total raw plays among the kept users (a copy) */
  public long[] artistPlays() {
    return artistPlays.clone();
  }

  /** @return per row, the number of kept users who played the artist (a copy) */
  public int[] artistListeners() {
    return artistListeners.clone();
  }

  /** @return per column, the user's total raw plays over all artists, kept or not (a copy) */
  public long[] userPlays() {
    return userPlays.clone();
  }

  /** @return the report of each file read, in reading order; unmodifiable */
  public List<ReadReport> reports() {
    return reports;
  }

  @Override
  public String toString() {
    return "LastfmDataset[" + matrix.rows() + " artists x " + matrix.columns() + " users, "
        + matrix.nonZeros() + " non-zeros]";
  }

  /** Configures and builds a {@link LastfmDataset}. Not thread-safe. */
  public static final class Builder {
    private Path plays;
    private Path profiles;
    private Path hetrecUserArtists;
    private Path hetrecArtists;
    private final Set<String> countries = new TreeSet<>();
    private int topUsers = DEFAULT_TOP_USERS;
    private int topArtists = DEFAULT_TOP_ARTISTS;
    private ArtistKey artistKey = ArtistKey.NAME;
    private UserOrder userOrder = UserOrder.PLAYS;
    private Weighting weighting = Weighting.maxScaled();
    private boolean strict;
    private ProgressListener progress = ProgressListener.NONE;
    private int threads = Math.min(4, Runtime.getRuntime().availableProcessors());
    private long chunkBytes = 32L << 20;

    private Builder() {}

    /**
     * @param file the 360K plays file ({@code usersha1-artmbid-artname-plays.tsv}), plain or gzip
     * @return this builder
     */
    public Builder plays(Path file) {
      this.plays = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * @param file the 360K profile file ({@code usersha1-profile.tsv}), plain or gzip; needed for
     *     a country filter, read (and reported) whenever given
     * @return this builder
     */
    public Builder profiles(Path file) {
      this.profiles = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Reads the hetrec-2011 2K format instead of the 360K files. Artists are keyed by name (the
     * format has no MBIDs), users by the decimal text of their id.
     *
     * @param userArtists {@code user_artists.dat}
     * @param artists {@code artists.dat}
     * @return this builder
     */
    public Builder hetrec(Path userArtists, Path artists) {
      this.hetrecUserArtists = Objects.requireNonNull(userArtists, "userArtists");
      this.hetrecArtists = Objects.requireNonNull(artists, "artists");
      return this;
    }

    /**
     * Keeps only users whose profile country is one of these (replacing any given before); none
     * means all users.
     *
     * @param names country names as written in the profile file, e.g. {@value #UNITED_STATES}
     * @return this builder
     */
    public Builder countries(String... names) {
      return countries(List.of(names));
    }

    /**
     * @param names country names; empty means all users
     * @return this builder
     * @see #countries(String...)
     */
    public Builder countries(Collection<String> names) {
      List<String> copy = List.copyOf(names);
      countries.clear();
      countries.addAll(copy);
      return this;
    }

    /**
     * @param n number of users kept, {@code >= 1} (default {@value #DEFAULT_TOP_USERS}; {@link
     *     Integer#MAX_VALUE} keeps all)
     * @return this builder
     */
    public Builder topUsers(int n) {
      this.topUsers = n;
      return this;
    }

    /**
     * @param n number of artists kept, {@code >= 1} (default {@value #DEFAULT_TOP_ARTISTS};
     *     {@link Integer#MAX_VALUE} keeps all)
     * @return this builder
     */
    public Builder topArtists(int n) {
      this.topArtists = n;
      return this;
    }

    /**
     * @param key what identifies an artist (default {@link ArtistKey#NAME})
     * @return this builder
     */
    public Builder artistKey(ArtistKey key) {
      this.artistKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * @param order the order of the user columns (default {@link UserOrder#PLAYS}, the
     *     reference's); {@link UserOrder#AUDIENCE} makes on-the-fly queries of popular artists
     *     faster on large data, with the same neighbours up to rounding (see {@link UserOrder})
     * @return this builder
     */
    public Builder userOrder(UserOrder order) {
      this.userOrder = Objects.requireNonNull(order, "order");
      return this;
    }

    /**
     * @param w the value transform (default {@link Weighting#maxScaled()})
     * @return this builder
     */
    public Builder weighting(Weighting w) {
      this.weighting = Objects.requireNonNull(w, "weighting");
      return this;
    }

    /**
     * @param strict true: the first bad line throws {@link LastfmFormatException}; false
     *     (default): bad lines are skipped and counted in the reports
     * @return this builder
     */
    public Builder strict(boolean strict) {
      this.strict = strict;
      return this;
    }

    /**
     * @param listener told of the bytes read of each file (default: none)
     * @return this builder
     */
    public Builder progress(ProgressListener listener) {
      this.progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * @param n number of threads reading a plain plays file, {@code >= 1} (default: the number of
     *     processors, at most 4). The file is cut into ranges of at least 32 MiB; gzip files are
     *     read on one thread. The result does not depend on the number of threads.
     * @return this builder
     */
    public Builder threads(int n) {
      this.threads = n;
      return this;
    }

    /** Smallest range given to a reading thread (tests use small ones). */
    Builder chunkBytes(long bytes) {
      this.chunkBytes = bytes;
      return this;
    }

    /**
     * Reads the files and builds the dataset.
     *
     * @return the dataset
     * @throws IllegalStateException if no input, or both input formats, are given; if countries
     *     are given without a profile file; or with the hetrec format
     * @throws IllegalArgumentException if {@code topUsers}, {@code topArtists} or {@code threads}
     *     is below 1
     * @throws LastfmFormatException in strict mode at the first bad line; in any mode for a file
     *     defect (a {@code .gz} name without gzip content, truncated or corrupt gzip, a bad hetrec
     *     header, with {@link ArtistKey#MBID} a name that spells an MBID also used)
     * @throws IOException if a file cannot be read
     */
    public LastfmDataset build() throws IOException {
      boolean hetrec = hetrecUserArtists != null;
      if (plays == null && !hetrec) {
        throw new IllegalStateException("no input: call plays(Path) or hetrec(Path, Path)");
      }
      if (plays != null && hetrec) {
        throw new IllegalStateException(
            "both plays(" + plays + ") and hetrec(" + hetrecUserArtists + ", ...) given; choose one");
      }
      if (!countries.isEmpty() && hetrec) {
        throw new IllegalStateException("countries " + countries + " given, but the hetrec format has no profiles");
      }
      if (!countries.isEmpty() && profiles == null) {
        throw new IllegalStateException(
            "countries " + countries + " given without a profile file: call profiles(Path)");
      }
      Checks.atLeast("topUsers", topUsers, 1);
      Checks.atLeast("topArtists", topArtists, 1);
      Checks.atLeast("threads", threads, 1);

      RawPlays raw = new RawPlays();
      raw.artistKey = hetrec ? ArtistKey.NAME : artistKey;
      if (hetrec) {
        Int2IntOpenHashMap ids;
        try (LineScanner in = LineScanner.open(hetrecArtists, strict, progress)) {
          ids = HetrecReader.readArtists(in, raw);
        }
        try (LineScanner in = LineScanner.open(hetrecUserArtists, strict, progress)) {
          HetrecReader.readUserArtists(in, raw, ids);
        }
      } else {
        if (profiles != null) {
          try (LineScanner in = LineScanner.open(profiles, strict, progress)) {
            Lastfm360kReader.readProfiles(in, raw);
          }
        }
        ParallelPlaysReader.read(plays, raw, threads, chunkBytes, strict, progress);
        String ambiguous = raw.ambiguousArtistKey();
        if (ambiguous != null) {
          throw new LastfmFormatException(
              plays.toString(), 0, Defect.AMBIGUOUS_ARTIST_KEY,
              ambiguous.length() > ReadReport.MAX_TEXT
                  ? ambiguous.substring(0, ReadReport.MAX_TEXT) + "..."
                  : ambiguous,
              null);
        }
      }
      return assemble(raw, countries, topUsers, topArtists, weighting, userOrder);
    }
  }

  /** Filters, ranks, pivots and weights what was read. */
  static LastfmDataset assemble(
      RawPlays raw,
      Set<String> countries,
      int topUsers,
      int topArtists,
      Weighting weighting,
      UserOrder order) {
    int nUsers = raw.users.size();
    int nArtists = raw.artists.size();
    int n = raw.rows();
    int[] rowUser = raw.rowUser.elements();
    int[] rowArtist = raw.rowArtist.elements();
    int[] rowPlays = raw.rowPlays.elements();

    boolean[] allowed = null;
    if (!countries.isEmpty()) {
      boolean[] wanted = new boolean[raw.countries.size()];
      for (String c : countries) {
        byte[] b = c.getBytes(StandardCharsets.UTF_8);
        int id = raw.countries.find(b, 0, b.length);
        if (id >= 0) {
          wanted[id] = true;
        }
      }
      allowed = new boolean[nUsers];
      int profiled = Math.min(nUsers, raw.userCountry.size());
      for (int u = 0; u < profiled; u++) {
        int c = raw.userCountry.getInt(u);
        allowed[u] = c >= 0 && wanted[c];
      }
    }

    // Users: total plays over all artists, ranked.
    long[] userTotal = new long[nUsers];
    boolean[] userSeen = new boolean[nUsers];
    for (int i = 0; i < n; i++) {
      int u = rowUser[i];
      if (allowed == null || allowed[u]) {
        userTotal[u] += rowPlays[i];
        userSeen[u] = true;
      }
    }
    int[] userOrder = ranked(userSeen, userTotal, raw.users, topUsers);
    int[] userRank = rankOf(userOrder, nUsers);

    // Artists: total plays among the kept users, ranked.
    long[] artistTotal = new long[nArtists];
    for (int i = 0; i < n; i++) {
      if (userRank[rowUser[i]] >= 0) {
        artistTotal[rowArtist[i]] += rowPlays[i];
      }
    }
    boolean[] artistPositive = new boolean[nArtists];
    for (int a = 0; a < nArtists; a++) {
      artistPositive[a] = artistTotal[a] > 0;
    }
    int[] artistOrder = ranked(artistPositive, artistTotal, raw.artists, topArtists);
    int[] artistRank = rankOf(artistOrder, nArtists);

    // Triplets of kept (artist, user) rows with plays, users compacted to those with a play.
    int count = 0;
    boolean[] userHasPlay = new boolean[userOrder.length];
    for (int i = 0; i < n; i++) {
      int ur = userRank[rowUser[i]];
      if (ur >= 0 && artistRank[rowArtist[i]] >= 0 && rowPlays[i] > 0) {
        count++;
        userHasPlay[ur] = true;
      }
    }
    int[] column =
        order == UserOrder.AUDIENCE
            ? audienceColumns(n, rowUser, rowArtist, rowPlays, userRank, artistRank, userHasPlay)
            : playsColumns(userHasPlay);
    int columns = 0;
    for (int c : column) {
      columns += c >= 0 ? 1 : 0;
    }
    int[] tr = new int[count];
    int[] tc = new int[count];
    double[] tv = new double[count];
    int k = 0;
    for (int i = 0; i < n; i++) {
      int ur = userRank[rowUser[i]];
      int ar = ur >= 0 ? artistRank[rowArtist[i]] : -1;
      if (ar >= 0 && rowPlays[i] > 0) {
        tr[k] = ar;
        tc[k] = column[ur];
        tv[k] = rowPlays[i];
        k++;
      }
    }
    SparseMatrix counts = SparseMatrix.fromTriplets(artistOrder.length, columns, tr, tc, tv);

    long[] artistPlays = new long[artistOrder.length];
    int[] listeners = new int[artistOrder.length];
    List<String> artistKeys = new ArrayList<>(artistOrder.length);
    List<String> names = new ArrayList<>(artistOrder.length);
    for (int r = 0; r < artistOrder.length; r++) {
      artistPlays[r] = artistTotal[artistOrder[r]];
      listeners[r] = counts.rowNonZeros(r);
      artistKeys.add(raw.keyText(artistOrder[r]));
      names.add(raw.displayName(artistOrder[r]));
    }
    long[] userPlays = new long[columns];
    String[] userKeys = new String[columns];
    for (int r = 0; r < userOrder.length; r++) {
      if (column[r] >= 0) {
        userPlays[column[r]] = userTotal[userOrder[r]];
        userKeys[column[r]] = raw.users.key(userOrder[r]);
      }
    }
    return new LastfmDataset(
        weighting.apply(counts),
        IdMapping.of(artistKeys),
        Collections.unmodifiableList(names),
        IdMapping.of(Arrays.asList(userKeys)),
        artistPlays,
        listeners,
        userPlays,
        List.copyOf(raw.reports));
  }

  /** @return per user rank, its column in rank order, or -1 for a user with no kept play */
  private static int[] playsColumns(boolean[] userHasPlay) {
    int[] column = new int[userHasPlay.length];
    int columns = 0;
    for (int r = 0; r < userHasPlay.length; r++) {
      column[r] = userHasPlay[r] ? columns++ : -1;
    }
    return column;
  }

  /**
   * {@link UserOrder#AUDIENCE}: each kept user's pattern over the {@value
   * UserOrder#AUDIENCE_ARTISTS} most played kept artists (bit {@code 62 - rank} for the artist of
   * that rank), from the first {@code n} rows read; columns by pattern descending, then by user
   * rank.
   *
   * @return per user rank, its column, or -1 for a user with no kept play
   */
  private static int[] audienceColumns(
      int n,
      int[] rowUser,
      int[] rowArtist,
      int[] rowPlays,
      int[] userRank,
      int[] artistRank,
      boolean[] userHasPlay) {
    long[] pattern = new long[userHasPlay.length];
    for (int i = 0; i < n; i++) {
      int ur = userRank[rowUser[i]];
      int ar = ur >= 0 ? artistRank[rowArtist[i]] : -1;
      if (ar >= 0 && ar < UserOrder.AUDIENCE_ARTISTS && rowPlays[i] > 0) {
        pattern[ur] |= 1L << (62 - ar);
      }
    }
    int kept = 0;
    for (boolean has : userHasPlay) {
      kept += has ? 1 : 0;
    }
    int[] ranks = new int[kept];
    for (int r = 0, k = 0; r < userHasPlay.length; r++) {
      if (userHasPlay[r]) {
        ranks[k++] = r;
      }
    }
    // Patterns use 63 bits, so they are non-negative and compare as signed longs.
    IntArrays.quickSort(
        ranks,
        (x, y) -> {
          int c = Long.compare(pattern[y], pattern[x]);
          return c != 0 ? c : Integer.compare(x, y);
        });
    int[] column = new int[userHasPlay.length];
    Arrays.fill(column, -1);
    for (int c = 0; c < ranks.length; c++) {
      column[ranks[c]] = c;
    }
    return column;
  }

  /**
   * @return the ids with {@code candidate[id]}, sorted by total descending then key ascending
   *     (unsigned bytes), at most {@code limit} of them
   */
  private static int[] ranked(boolean[] candidate, long[] total, ByteInterner keys, int limit) {
    int m = 0;
    for (boolean c : candidate) {
      if (c) {
        m++;
      }
    }
    int[] ids = new int[m];
    m = 0;
    for (int id = 0; id < candidate.length; id++) {
      if (candidate[id]) {
        ids[m++] = id;
      }
    }
    IntArrays.quickSort(
        ids,
        (a, b) -> {
          int c = Long.compare(total[b], total[a]);
          return c != 0 ? c : keys.compare(a, b);
        });
    return ids.length <= limit ? ids : java.util.Arrays.copyOf(ids, limit);
  }

  private static int[] rankOf(int[] order, int size) {
    int[] rank = new int[size];
    java.util.Arrays.fill(rank, -1);
    for (int r = 0; r < order.length; r++) {
      rank[order[r]] = r;
    }
    return rank;
  }
}
