package io.playknn.examples;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.Neighbors;
import io.playknn.matrix.SparseMatrix;

/** The README's API example, compiled here so it cannot rot. Prints the artists like artist 0. */
public final class QuickStart {
  private QuickStart() {}

  /**
   * @param args unused
   */
  public static void main(String[] args) {
    ReferenceData data = ReferenceData.load();
    // --- README example begins ---
    SparseMatrix artistsByUser = data.matrix(); // rows = artists, columns = users
    NearestNeighbors knn = NearestNeighbors.fit(artistsByUser,
        KnnOptions.builder().algorithm("brute").metric(Metric.COSINE).neighbors(10).build());
    Neighbors similar = knn.kneighbors(0); // artist 0 itself is excluded by index
    for (int rank = 0; rank < similar.size(); rank++) {
      System.out.printf("%d. %s (%.4f)%n", rank + 1,
          data.artists().get(similar.index(rank)), similar.distance(rank));
    }
    // --- README example ends ---
  }
}
