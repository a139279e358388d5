package io.playknn.examples;

import io.playknn.matrix.Npz;
import io.playknn.matrix.SparseMatrix;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference recommender's published data, shipped in this jar under {@code /lastfm-seed/} (from
 * the repository's {@code data/lastfm-seed/}; provenance in its README): the 1,000 × 9,994
 * artist-by-user training matrix, the artist names of its rows, and the five published top-15
 * lists.
 *
 * @param matrix the artist × user matrix, per-user max-scaled plays
 * @param artists artist name of each row
 * @param expected the published top-15 lists: query artist → names in rank order
 */
public record ReferenceData(
    SparseMatrix matrix, List<String> artists, Map<String, List<String>> expected) {

  /** Class-path folder of the shipped data. */
  public static final String RESOURCE_DIR = "/lastfm-seed/";

  /**
   * Loads the shipped data from the class path.
   *
   * @return the data
   * @throws UncheckedIOException if a file is missing or unreadable
   */
  public static ReferenceData load() {
    try {
      SparseMatrix matrix;
      try (InputStream in = open("artist_user_mtrx.npz")) {
        matrix = Npz.read(in);
      }
      List<String> artists = new ArrayList<>();
      for (String[] row : readTsv("artists.tsv")) {
        if (Integer.parseInt(row[0]) != artists.size()) {
          throw new IOException("artists.tsv: row " + artists.size() + " has index " + row[0]);
        }
        artists.add(row[1]);
      }
      Map<String, List<String>> expected = new LinkedHashMap<>();
      for (String[] row : readTsv("expected-recommendations.tsv")) {
        List<String> list = expected.computeIfAbsent(row[0], q -> new ArrayList<>());
        if (Integer.parseInt(row[1]) != list.size() + 1) {
          throw new IOException("expected-recommendations.tsv: " + row[0] + " rank " + row[1]);
        }
        list.add(row[2]);
      }
      return new ReferenceData(matrix, List.copyOf(artists), expected);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the shipped reference data", e);
    }
  }

  /**
   * @param name an artist name exactly as in {@code artists.tsv}
   * @return its row index
   * @throws IllegalArgumentException if no row has that name
   */
  public int artist(String name) {
    int i = artists.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no artist named \"" + name + "\" in the reference data");
    }
    return i;
  }

  private static InputStream open(String file) throws IOException {
    InputStream in = ReferenceData.class.getResourceAsStream(RESOURCE_DIR + file);
    if (in == null) {
      throw new IOException("class-path resource " + RESOURCE_DIR + file + " is missing");
    }
    return in;
  }

  /** Reads a TSV with a header line; every row must have the header's number of fields. */
  private static List<String[]> readTsv(String file) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
      String header = r.readLine();
      if (header == null) {
        throw new IOException(file + " is empty");
      }
      int fields = header.split("\t", -1).length;
      String line;
      int number = 1;
      while ((line = r.readLine()) != null) {
        number++;
        String[] row = line.split("\t", -1);
        if (row.length != fields) {
          throw new IOException(
              file + " line " + number + ": expected " + fields + " fields, got " + row.length);
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
