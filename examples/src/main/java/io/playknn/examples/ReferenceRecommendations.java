package io.playknn.examples;

import io.playknn.eval.ReferenceData;
import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.Neighbors;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The README's main job: reproduces the reference recommender's published results. Loads the
 * shipped 1,000 × 9,994 artist-by-user matrix, fits exact brute-force cosine kNN with {@code
 * n_neighbors = 101} as the reference did, prints the 15 nearest artists of {@code the beatles},
 * {@code eagles}, {@code genesis}, {@code nirvana} and {@code the strokes} with their cosine
 * distances, and checks each list name for name against the published {@code
 * expected-recommendations.tsv}.
 *
 * <p>Run: {@code java -jar examples/target/playknn-examples-all.jar}. Exit status 0 when all five
 * lists match, 1 otherwise.
 */
public final class ReferenceRecommendations {
  /** The reference's {@code n_neighbors}. */
  public static final int REFERENCE_NEIGHBORS = 101;
  /** How many names the reference printed per query. */
  public static final int SHOWN = 15;

  private ReferenceRecommendations() {}

  /**
   * Computes the top-{@value #SHOWN} lists of the five published query artists.
   *
   * @param data the shipped reference data
   * @param algorithm the provider to use, e.g. {@code "brute"}
   * @return query artist → neighbours (indices into {@code data.artists()}), in the published order
   *     of queries
   */
  public static Map<String, Neighbors> compute(ReferenceData data, String algorithm) {
    NearestNeighbors knn =
        NearestNeighbors.fit(
            data.matrix(),
            KnnOptions.builder()
                .algorithm(algorithm)
                .metric(Metric.COSINE)
                .neighbors(REFERENCE_NEIGHBORS)
                .build());
    Map<String, Neighbors> lists = new LinkedHashMap<>();
    for (String query : data.expected().keySet()) {
      lists.put(query, knn.kneighbors(data.artist(query)).head(SHOWN));
    }
    return lists;
  }

  /**
   * @param data the shipped data
   * @param neighbors neighbours as computed by {@link #compute}
   * @return the neighbours' artist names in rank order
   */
  public static List<String> names(ReferenceData data, Neighbors neighbors) {
    return data.artistsOf(neighbors);
  }

  /**
   * Prints the five lists and whether each equals the published one.
   *
   * @param args optional: the algorithm name (default {@code brute})
   */
  public static void main(String[] args) {
    String algorithm = args.length > 0 ? args[0] : "brute";
    PrintStream out = System.out;
    ReferenceData data = ReferenceData.fromClassPath();
    out.printf(
        Locale.ROOT,
        "Reference matrix: %d artists x %d users, %d non-zeros; %s cosine kNN, n_neighbors=%d%n%n",
        data.matrix().rows(),
        data.matrix().columns(),
        data.matrix().nonZeros(),
        algorithm,
        REFERENCE_NEIGHBORS);
    int matching = 0;
    for (Map.Entry<String, Neighbors> e : compute(data, algorithm).entrySet()) {
      List<String> names = names(data, e.getValue());
      boolean same = names.equals(data.expected().get(e.getKey()));
      matching += same ? 1 : 0;
      out.printf(Locale.ROOT, "Artists like %s:%n", e.getKey());
      for (int i = 0; i < names.size(); i++) {
        out.printf(
            Locale.ROOT, "  %2d. %-32s distance %.6f%n", i + 1, names.get(i), e.getValue().distance(i));
      }
      out.printf(
          Locale.ROOT,
          "  %s%n%n",
          same ? "= published list, name for name" : "DIFFERS from the published list");
    }
    out.printf(
        Locale.ROOT,
        "%d of %d lists equal expected-recommendations.tsv%n",
        matching,
        data.expected().size());
    if (matching != data.expected().size()) {
      System.exit(1);
    }
  }
}
