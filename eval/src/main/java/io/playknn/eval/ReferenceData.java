package io.playknn.eval;

import io.playknn.matrix.Npz;
import io.playknn.matrix.SparseMatrix;
import io.playknn.recommend.ItemNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.playknn.knn.Neighbors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The shipped reference data, the library's one loader of it (from the repository's {@code
 * data/lastfm-seed/}; provenance in its README): the artist × user matrix ({@code
 * artist_user_mtrx.npz}), the artist names ({@code artists.tsv}) and, where present, the
 * reference recommender's published top-15 lists ({@code expected-recommendations.tsv}), from a
 * directory or from the class path under {@code /lastfm-seed/} (this module's jar carries them).
 *
 * @param matrix the artist × user matrix (rows are artists)
 * @param names the artist names, row {@code i} named by {@code names.name(i)}
 * @param expected the published top-15 lists: query artist → names in rank order, in the file's
 *     order of queries; empty when the directory has no {@value #EXPECTED}
 * @param source where the data came from, for reports
 */
public record ReferenceData(
    SparseMatrix matrix, ItemNames names, Map<String, List<String>> expected, String source) {
  /** The matrix file's name. */
  public static final String MATRIX = "artist_user_mtrx.npz";

  /** The names file's name. */
  public static final String NAMES = "artists.tsv";

  /** The published lists' file name. */
  public static final String EXPECTED = "expected-recommendations.tsv";

  /**
   * @param matrix the artist × user matrix
   * @param names one name per row
   * @param source where the data came from
   * @throws IllegalArgumentException if the number of names differs from the number of rows
   */
  public ReferenceData {
    Objects.requireNonNull(matrix, "matrix");
    Objects.requireNonNull(names, "names");
    expected = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(expected, "expected")));
    Objects.requireNonNull(source, "source");
    if (names.size() != matrix.rows()) {
      throw new IllegalArgumentException(
          "artists.tsv must name every matrix row (" + matrix.rows() + "), named " + names.size());
    }
  }

  /**
   * Loads the two files from a directory.
   *
   * @param directory a directory holding {@value #MATRIX} and {@value #NAMES}, and optionally
   *     {@value #EXPECTED}
   * @return the data
   * @throws IOException if a file cannot be read
   * @throws IllegalArgumentException if a file is malformed (the message names file and line)
   */
  public static ReferenceData load(Path directory) throws IOException {
    Objects.requireNonNull(directory, "directory");
    SparseMatrix matrix = Npz.read(directory.resolve(MATRIX));
    ItemNames names;
    try (InputStream in = Files.newInputStream(directory.resolve(NAMES))) {
      names = readNames(in, directory.resolve(NAMES).toString());
    }
    Map<String, List<String>> expected = Map.of();
    Path published = directory.resolve(EXPECTED);
    if (Files.exists(published)) {
      try (InputStream in = Files.newInputStream(published)) {
        expected = readExpected(in, published.toString());
      }
    }
    return new ReferenceData(matrix, names, expected, directory.toString());
  }

  /**
   * Loads the two files from the class path, under {@code /lastfm-seed/}.
   *
   * @return the data
   * @throws UncheckedIOException if a resource is missing or unreadable
   * @throws IllegalArgumentException if a file is malformed
   */
  public static ReferenceData fromClassPath() {
    try (InputStream matrixIn = resource(MATRIX);
        InputStream namesIn = resource(NAMES);
        InputStream expectedIn = resource(EXPECTED)) {
      return new ReferenceData(
          Npz.read(matrixIn),
          readNames(namesIn, "classpath:/lastfm-seed/" + NAMES),
          readExpected(expectedIn, "classpath:/lastfm-seed/" + EXPECTED),
          "classpath:/lastfm-seed");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return every artist's name, row {@code i} at position {@code i} */
  public List<String> artists() {
    return names.names();
  }

  /**
   * @param name an artist name exactly as in {@value #NAMES}
   * @return its row index
   * @throws IllegalArgumentException if no row has exactly that name
   */
  public int artist(String name) {
    int i = names.names().indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no artist named \"" + name + "\" in " + source);
    }
    return i;
  }

  /**
   * @param neighbors neighbours of an index fitted on {@link #matrix()}
   * @return their artist names, in rank order
   */
  public List<String> artistsOf(Neighbors neighbors) {
    List<String> out = new ArrayList<>(neighbors.size());
    for (int i = 0; i < neighbors.size(); i++) {
      out.add(names.name(neighbors.index(i)));
    }
    return out;
  }

  /**
   * Reads {@code artist<TAB>rank<TAB>neighbor} lines after a header; ranks run 1, 2, … per artist.
   *
   * @param in UTF-8 text
   * @param file the file's name, for messages
   * @return query artist → names in rank order, in the file's order of queries
   * @throws IOException if reading fails
   * @throws IllegalArgumentException naming file and line for a malformed line
   */
  static Map<String, List<String>> readExpected(InputStream in, String file) throws IOException {
    Map<String, List<String>> expected = new LinkedHashMap<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String header = reader.readLine();
    if (header == null) {
      throw new IllegalArgumentException(file + ":1: empty file, expected a header line");
    }
    String line;
    for (int number = 2; (line = reader.readLine()) != null; number++) {
      String[] row = line.split("\t", -1);
      List<String> list = row.length == 3 ? expected.computeIfAbsent(row[0], q -> new ArrayList<>()) : null;
      if (list == null || !row[1].equals(Integer.toString(list.size() + 1))) {
        throw new IllegalArgumentException(file + ":" + number
            + ": expected artist<TAB>rank<TAB>neighbour with ranks 1, 2, ... per artist, was \"" + line + "\"");
      }
      list.add(row[2]);
    }
    expected.replaceAll((query, list) -> List.copyOf(list));
    return expected;
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = ReferenceData.class.getResourceAsStream("/lastfm-seed/" + name);
    if (in == null) {
      throw new IOException(
          "resource /lastfm-seed/" + name + " is not on the class path; pass --data <directory>");
    }
    return in;
  }

  /**
   * Reads {@code index<TAB>name} lines after an {@code index<TAB>artist} header; indices must run
   * 0, 1, 2, … in order.
   *
   * @param in UTF-8 text
   * @param file the file's name, for messages
   * @return the names
   * @throws IOException if reading fails
   * @throws IllegalArgumentException naming file, line and reason for a malformed line, bad UTF-8
   *     or a repeated name
   */
  public static ItemNames readNames(InputStream in, String file) throws IOException {
    BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)));
    List<String> names = new ArrayList<>();
    int lineNumber = 0;
    try {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (lineNumber == 1) {
          if (!line.equals("index\tartist")) {
            throw new IllegalArgumentException(
                file + ":1: header must be \"index<TAB>artist\", was \"" + line + "\"");
          }
          continue;
        }
        int tab = line.indexOf('\t');
        if (tab < 0 || line.indexOf('\t', tab + 1) >= 0) {
          throw new IllegalArgumentException(
              file + ":" + lineNumber + ": expected 2 tab-separated fields, was \"" + line + "\"");
        }
        String index = line.substring(0, tab);
        if (!index.equals(Integer.toString(names.size()))) {
          throw new IllegalArgumentException(
              file
                  + ":"
                  + lineNumber
                  + ": index must be "
                  + names.size()
                  + ", was \""
                  + index
                  + "\"");
        }
        names.add(line.substring(tab + 1));
      }
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          file + ":" + (lineNumber + 1) + ": not valid UTF-8 (" + e + ")", e);
    }
    try {
      return ItemNames.of(names);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }
}
