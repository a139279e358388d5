package io.playknn.examples;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.knn.Neighbors;
import io.playknn.matrix.Npz;
import io.playknn.matrix.SparseMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The README's API example, compiled here so it cannot rot. Run from the repository root: prints
 * the ten artists most like artist 0 of the shipped reference matrix.
 */
public final class QuickStart {
  private QuickStart() {}

  /**
   * @param args optional: the folder holding {@code artist_user_mtrx.npz} and {@code artists.tsv}
   *     (default {@code data/lastfm-seed})
   * @throws IOException if a file cannot be read
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "data/lastfm-seed");
    List<String> names =
        Files.readAllLines(dir.resolve("artists.tsv")).stream()
            .skip(1)
            .map(line -> line.substring(line.indexOf('\t') + 1))
            .toList();
    // --- README example begins ---
    SparseMatrix artistsByUser = Npz.read(dir.resolve("artist_user_mtrx.npz")); // rows = artists
    NearestNeighbors knn = NearestNeighbors.fit(artistsByUser,
        KnnOptions.builder().algorithm("brute").metric(Metric.COSINE).neighbors(10).build());
    Neighbors similar = knn.kneighbors(0);            // artist 0 itself is excluded by index
    for (int rank = 0; rank < similar.size(); rank++) {
      System.out.printf("%d. %s (%.4f)%n", rank + 1,
          names.get(similar.index(rank)), similar.distance(rank));
    }
    NeighborTable all = knn.kneighborsAll(100);       // every artist, in parallel
    // --- README example ends ---
    System.out.printf("%d artists' top-100 computed%n", all.size());
  }
}
