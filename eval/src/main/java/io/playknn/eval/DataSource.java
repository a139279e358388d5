package io.playknn.eval;

import io.playknn.lastfm.ArtistKey;
import io.playknn.lastfm.LastfmDataset;
import io.playknn.lastfm.Weighting;
import io.playknn.matrix.Npz;
import io.playknn.matrix.SparseMatrix;
import io.playknn.recommend.ItemNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where an evaluation's item × user matrix comes from: the copy of the reference data on the class
 * path, a SciPy {@code .npz} with {@code artists.tsv} beside it, the raw Last.fm 360K files, or the
 * hetrec-2011 files; the two raw formats are built by {@link LastfmDataset} with its options.
 * Immutable.
 */
abstract class DataSource {
  /** The hetrec plays file's name. */
  static final String HETREC_USER_ARTISTS = "user_artists.dat";

  /** The hetrec artists file's name. */
  static final String HETREC_ARTISTS = "artists.dat";

  /**
   * Reads the data.
   *
   * @return the matrix with names and a description
   * @throws IOException if a file cannot be read
   */
  abstract ReferenceData load() throws IOException;

  /** The shipped reference matrix, from the class path. */
  static DataSource classPath() {
    return new DataSource() {
      @Override
      ReferenceData load() {
        return ReferenceData.fromClassPath();
      }
    };
  }

  /** A {@code .npz} file with {@code artists.tsv} beside it, or a directory holding both. */
  static DataSource npz(Path path) {
    Objects.requireNonNull(path, "path");
    return new DataSource() {
      @Override
      ReferenceData load() throws IOException {
        if (Files.isDirectory(path)) {
          return ReferenceData.load(path);
        }
        SparseMatrix matrix = Npz.read(path);
        Path names = path.toAbsolutePath().resolveSibling(ReferenceData.NAMES);
        try (InputStream in = Files.newInputStream(names)) {
          return new ReferenceData(
              matrix, ReferenceData.readNames(in, names.toString()), Map.of(), path.toString());
        }
      }
    };
  }

  /** Raw files built by the dataset builder. */
  static DataSource lastfm(LastfmDataset.Builder builder, String description) {
    return new DataSource() {
      @Override
      ReferenceData load() throws IOException {
        LastfmDataset d = builder.build();
        List<String> names = d.artistNames();
        if (names.stream().distinct().count() != names.size()) {
          names = d.artists().keys(); // MBID keys: display names may repeat, keys do not
        }
        return new ReferenceData(d.matrix(), ItemNames.of(names), Map.of(), description + ", " + d);
      }
    };
  }

  /** Collects the data options of the command line; one source at most. */
  static final class Parser {
    private Path data;
    private Path npz;
    private Path plays;
    private Path profiles;
    private Path hetrec;
    private Integer topUsers;
    private Integer topArtists;
    private String weighting;
    private List<String> countries;
    private ArtistKey artistKey;

    /**
     * @return whether the option is a data option (its value then taken)
     * @throws IllegalArgumentException if the value is malformed
     */
    boolean accept(String option, String value) {
      switch (option) {
        case "--data":
          data = Path.of(value);
          return true;
        case "--npz":
          npz = Path.of(value);
          return true;
        case "--plays":
          plays = Path.of(value);
          return true;
        case "--profiles":
          profiles = Path.of(value);
          return true;
        case "--hetrec":
          hetrec = Path.of(value);
          return true;
        case "--top-users":
          topUsers = positive(option, value);
          return true;
        case "--top-artists":
          topArtists = positive(option, value);
          return true;
        case "--weighting":
          weighting(value); // validate now
          weighting = value;
          return true;
        case "--countries":
          countries = Arrays.asList(value.split(",", -1));
          return true;
        case "--artist-key":
          if (!value.equals("name") && !value.equals("mbid")) {
            throw new IllegalArgumentException(
                option + " must be one of [name, mbid], was \"" + value + "\"");
          }
          artistKey = value.equals("name") ? ArtistKey.NAME : ArtistKey.MBID;
          return true;
        default:
          return false;
      }
    }

    /**
     * @return the source
     * @throws IllegalArgumentException if several sources are given, or builder options without a
     *     raw source
     */
    DataSource build() {
      List<String> given = new ArrayList<>();
      if (data != null) {
        given.add("--data");
      }
      if (npz != null) {
        given.add("--npz");
      }
      if (plays != null) {
        given.add("--plays");
      }
      if (hetrec != null) {
        given.add("--hetrec");
      }
      if (given.size() > 1) {
        throw new IllegalArgumentException(
            "give one data source of --data, --npz, --plays, --hetrec; was " + given);
      }
      boolean builderOptions =
          topUsers != null
              || topArtists != null
              || weighting != null
              || countries != null
              || artistKey != null
              || profiles != null;
      if (builderOptions && plays == null && hetrec == null) {
        throw new IllegalArgumentException(
            "--profiles, --top-users, --top-artists, --weighting, --countries and --artist-key"
                + " build a matrix from raw files: they need --plays or --hetrec");
      }
      if (profiles != null && plays == null) {
        throw new IllegalArgumentException("--profiles needs --plays (hetrec has no profiles)");
      }
      if (data != null || npz != null) {
        return npz(data != null ? data : npz);
      }
      if (plays == null && hetrec == null) {
        return classPath();
      }
      LastfmDataset.Builder b = LastfmDataset.builder();
      String description;
      if (plays != null) {
        b.plays(plays);
        if (profiles != null) {
          b.profiles(profiles);
        }
        description = plays.toString() + (profiles != null ? " with " + profiles.getFileName() : "");
      } else {
        b.hetrec(hetrec.resolve(HETREC_USER_ARTISTS), hetrec.resolve(HETREC_ARTISTS));
        description = hetrec + " (hetrec)";
      }
      if (countries != null) {
        b.countries(countries);
      } else if (profiles != null) {
        b.countries(LastfmDataset.UNITED_STATES); // the reference's settings
      }
      if (topUsers != null) {
        b.topUsers(topUsers);
      }
      if (topArtists != null) {
        b.topArtists(topArtists);
      }
      if (weighting != null) {
        b.weighting(weighting(weighting));
      }
      if (artistKey != null) {
        b.artistKey(artistKey);
      }
      return lastfm(b, description);
    }

    /**
     * @param name {@code raw}, {@code maxScaled}, {@code log1p}, {@code binary}, {@code tfidf} or
     *     {@code bm25}
     * @return the weighting
     */
    static Weighting weighting(String name) {
      switch (name.toLowerCase(Locale.ROOT)) {
        case "raw":
          return Weighting.raw();
        case "maxscaled":
          return Weighting.maxScaled();
        case "log1p":
          return Weighting.log1p();
        case "binary":
          return Weighting.binary();
        case "tfidf":
          return Weighting.tfidf();
        case "bm25":
          return Weighting.bm25();
        default:
          throw new IllegalArgumentException(
              "--weighting must be one of [raw, maxScaled, log1p, binary, tfidf, bm25], was \""
                  + name
                  + "\"");
      }
    }

    static int positive(String option, String value) {
      int x;
      try {
        x = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            option + " must be an integer, was \"" + value + "\"", e);
      }
      if (x < 1) {
        throw new IllegalArgumentException(option + " must be >= 1, was " + x);
      }
      return x;
    }
  }
}
