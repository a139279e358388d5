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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The shipped reference data: the artist × user matrix ({@code artist_user_mtrx.npz}) and the
 * artist names ({@code artists.tsv}), from a directory or from the class path under {@code
 * /lastfm-seed/}.
 *
 * @param matrix the artist × user matrix (rows are artists)
 * @param names the artist names, row {@code i} named by {@code names.name(i)}
 * @param source where the data came from, for reports
 */
public record ReferenceData(SparseMatrix matrix, ItemNames names, String source) {
  /** The matrix file's name. */
  public static final String MATRIX = "artist_user_mtrx.npz";

  /** The names file's name. */
  public static final String NAMES = "artists.tsv";

  /**
   * @param matrix the artist × user matrix
   * @param names one name per row
   * @param source where the data came from
   * @throws IllegalArgumentException if the number of names differs from the number of rows
   */
  public ReferenceData {
    Objects.requireNonNull(matrix, "matrix");
    Objects.requireNonNull(names, "names");
    Objects.requireNonNull(source, "source");
    if (names.size() != matrix.rows()) {
      throw new IllegalArgumentException(
          "artists.tsv must name every matrix row (" + matrix.rows() + "), named " + names.size());
    }
  }

  /**
   * Loads the two files from a directory.
   *
   * @param directory a directory holding {@value #MATRIX} and {@value #NAMES}
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
    return new ReferenceData(matrix, names, directory.toString());
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
        InputStream namesIn = resource(NAMES)) {
      return new ReferenceData(
          Npz.read(matrixIn),
          readNames(namesIn, "classpath:/lastfm-seed/" + NAMES),
          "classpath:/lastfm-seed");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
