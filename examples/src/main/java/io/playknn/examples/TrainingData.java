package io.playknn.examples;

import io.playknn.lastfm.LastfmDataset;
import io.playknn.lastfm.LastfmFormatException;
import io.playknn.lastfm.ReadReport;
import io.playknn.matrix.Npz;
import io.playknn.matrix.SparseMatrix;
import io.playknn.model.KnnModel;
import io.playknn.recommend.DuplicateItemNameException;
import io.playknn.recommend.ItemNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The item × user matrix to train on, with item names and (when known) user ids, read from a
 * training path:
 *
 * <ul>
 *   <li>a SciPy {@code .npz} sparse matrix (rows = items), as the reference trained on, with the
 *       names in {@code artists.tsv} ({@code index<TAB>artist}) beside it;
 *   <li>a {@code .pknn} model file (its matrix is re-fitted with new options);
 *   <li>a directory holding exactly one {@code .npz} or {@code .pknn};
 *   <li>otherwise, a directory holding the raw Last.fm 360K files ({@code
 *       usersha1-artmbid-artname-plays.tsv[.gz]}, and {@code usersha1-profile.tsv[.gz]} for the
 *       reference's United States filter), built into the matrix with the reference's settings.
 * </ul>
 *
 * @param items the item × user matrix
 * @param itemNames the name of each row, no two equal
 * @param userIds the id of each column, or {@code null} when unknown
 * @param source a short description of where the data came from
 * @param reports what was read from each raw Last.fm file (lines kept and skipped by reason);
 *     empty for a {@code .npz} or a model file
 */
record TrainingData(SparseMatrix items, List<String> itemNames, List<String> userIds, String source,
    List<ReadReport> reports) {
  /** The names file expected beside a {@code .npz} matrix. */
  static final String NAMES_FILE = "artists.tsv";

  TrainingData {
    Objects.requireNonNull(items, "items");
    itemNames = List.copyOf(itemNames);
    userIds = userIds == null ? null : List.copyOf(userIds);
    reports = List.copyOf(reports);
  }

  /**
   * Reads training data from a file or a directory, without progress bars, skipping malformed
   * lines of raw files.
   *
   * @param path a {@code .npz} or {@code .pknn} file, or a directory containing exactly one, or
   *     the raw Last.fm files
   * @return the data
   * @throws IOException if nothing usable is found or reading fails (the message says what was
   *     looked for)
   */
  static TrainingData read(Path path) throws IOException {
    return read(path, Progress.NONE, false);
  }

  /**
   * Reads training data, with progress bars over the bytes read.
   *
   * @param path a {@code .npz} or {@code .pknn} file, or a directory containing exactly one, or
   *     the raw Last.fm files
   * @param progress the bars to draw
   * @param strict whether the first malformed line of a raw file fails the read (else it is
   *     skipped and counted in {@link #reports()})
   * @return the data
   * @throws LastfmFormatException in strict mode, naming the file, line and reason
   * @throws IOException as {@link #read(Path)}; an {@code artists.tsv} that names two rows alike
   *     fails naming both lines
   */
  static TrainingData read(Path path, Progress progress, boolean strict) throws IOException {
    Objects.requireNonNull(path, "path");
    if (Files.isDirectory(path)) {
      Path plays = firstExisting(path, PLAYS_FILE);
      if (plays != null && candidates(path).size() != 1) {
        return readLastfm(plays, firstExisting(path, PROFILE_FILE), progress, strict);
      }
      return read(single(path), progress, strict);
    }
    if (!Files.exists(path)) {
      throw new IOException("training data " + path + " does not exist");
    }
    if (!Files.isRegularFile(path)) {
      throw new IOException("training data " + path + " is neither a file nor a directory");
    }
    String name = path.getFileName().toString();
    if (name.endsWith(".tsv") || name.endsWith(".tsv.gz")) {
      Path dir = path.toAbsolutePath().getParent();
      throw new IOException("training data " + path + " is a single .tsv file: give the directory "
          + "holding the raw Last.fm files (" + PLAYS_FILE + "[.gz], optionally "
          + PROFILE_FILE + "[.gz]) instead, e.g. " + dir);
    }
    if (name.endsWith(".npz")) {
      Path namesFile = path.toAbsolutePath().resolveSibling(NAMES_FILE);
      if (!Files.isRegularFile(namesFile)) {
        throw new IOException("training matrix " + path + " needs its item names in " + namesFile
            + " (index<TAB>artist, one line per row, with a header)");
      }
      SparseMatrix items;
      try (java.io.InputStream in = progress.open(path)) {
        items = Npz.read(in);
      }
      List<String> names = readNames(namesFile);
      if (names.size() != items.rows()) {
        throw new IOException(namesFile + " must name every row of " + path + " (" + items.rows()
            + " rows), named " + names.size());
      }
      return new TrainingData(items, names, null, path + " with " + namesFile.getFileName(),
          List.of());
    }
    if (name.endsWith(KnnModel.EXTENSION)) {
      KnnModel m = KnnModel.load(path);
      return new TrainingData(m.items(), m.itemNames(), m.userIds().orElse(null), path.toString(),
          List.of());
    }
    throw new IOException("training data " + path + " must be a .npz matrix or a "
        + KnnModel.EXTENSION + " model file");
  }

  /** The raw 360K plays file name, without {@code .gz}. */
  static final String PLAYS_FILE = "usersha1-artmbid-artname-plays.tsv";
  /** The raw 360K profile file name, without {@code .gz}. */
  static final String PROFILE_FILE = "usersha1-profile.tsv";

  private static Path firstExisting(Path dir, String name) {
    for (String candidate : new String[] {name, name + ".gz"}) {
      if (Files.isRegularFile(dir.resolve(candidate))) {
        return dir.resolve(candidate);
      }
    }
    return null;
  }

  private static TrainingData readLastfm(Path plays, Path profiles, Progress progress,
      boolean strict) throws IOException {
    LastfmDataset.Builder b = profiles != null
        ? LastfmDataset.referenceSettings().profiles(profiles)
        : LastfmDataset.builder();
    b.strict(strict);
    LastfmDataset d;
    try (me.tongfei.progressbar.ProgressBar bar = progress.bar(
        "reading " + plays.getFileName(), Files.size(plays))) {
      if (bar != null) {
        b.progress((read, total) -> bar.stepTo(read));
      }
      d = b.plays(plays).build();
    }
    return new TrainingData(d.matrix(), d.artistNames(), d.users().keys(),
        profiles == null
            ? plays + " (builder defaults: no profile file, so no country filter)"
            : plays + " with " + profiles.getFileName() + " (reference settings)",
        d.reports());
  }

  private static Path single(Path dir) throws IOException {
    List<Path> found = candidates(dir);
    if (found.size() != 1) {
      throw new IOException("training directory " + dir + " must hold exactly one .npz or "
          + KnnModel.EXTENSION + " file, or the raw Last.fm file " + PLAYS_FILE
          + "[.gz]; held " + found);
    }
    return found.get(0);
  }

  private static List<Path> candidates(Path dir) throws IOException {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(p -> p.getFileName().toString().endsWith(".npz")
              || p.getFileName().toString().endsWith(KnnModel.EXTENSION))
          .sorted()
          .forEach(found::add);
    }
    return found;
  }

  /**
   * Reads an {@code index<TAB>name} file with a header line, as {@code artists.tsv}.
   *
   * @param file the file
   * @return the names in index order
   * @throws IOException if a line is malformed, indices are not 0, 1, 2, ... in order, or a name
   *     repeats (the message names it and both lines; the cause is the {@link
   *     DuplicateItemNameException})
   */
  static List<String> readNames(Path file) throws IOException {
    List<String> names = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = in.readLine();
      int lineNo = 1;
      if (line == null || !line.startsWith("index\t")) {
        throw new IOException(file + ":1: header must be \"index<TAB>artist\", was " + line);
      }
      while ((line = in.readLine()) != null) {
        lineNo++;
        int tab = line.indexOf('\t');
        if (tab < 0 || !line.substring(0, tab).equals(Integer.toString(names.size()))) {
          throw new IOException(file + ":" + lineNo + ": must be \"" + names.size()
              + "<TAB>name\", was \"" + line + "\"");
        }
        names.add(line.substring(tab + 1));
      }
    }
    try {
      ItemNames.requireUnique(names);
    } catch (DuplicateItemNameException e) {
      // Row i is on line i + 2, after the header.
      throw new IOException(file + ":" + (e.second() + 2) + ": artist \"" + e.name()
          + "\" repeats line " + (e.first() + 2) + " (item names must be unique)", e);
    }
    return names;
  }
}
