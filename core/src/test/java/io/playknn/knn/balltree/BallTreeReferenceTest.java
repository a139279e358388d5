package io.playknn.knn.balltree;

import static org.assertj.core.api.Assertions.assertThat;

import io.playknn.embed.TruncatedSvd;
import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.knn.Neighbors;
import io.playknn.matrix.DenseMatrix;
import io.playknn.matrix.Npz;
import io.playknn.matrix.SparseMatrix;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On the reference matrix (1,000 artists × 9,994 users): {@code ball_tree} cosine gives exactly
 * {@code brute}'s top-100 (indices and distances) for every artist, and the five published top-15
 * lists of {@code expected-recommendations.tsv}, name for name; on a 3-D PCA of it, the ball tree
 * fitted natively on the dense coordinates equals brute force too.
 */
class BallTreeReferenceTest {
  static SparseMatrix matrix;
  static List<String> names;
  static Map<String, List<String>> published;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = resource("artist_user_mtrx.npz")) {
      matrix = Npz.read(in);
    }
    names = new ArrayList<>();
    for (String[] line : tsv("artists.tsv")) {
      assertThat(Integer.parseInt(line[0])).isEqualTo(names.size());
      names.add(line[1]);
    }
    published = new LinkedHashMap<>();
    for (String[] line : tsv("expected-recommendations.tsv")) {
      List<String> list = published.computeIfAbsent(line[0], q -> new ArrayList<>());
      assertThat(Integer.parseInt(line[1])).isEqualTo(list.size() + 1);
      list.add(line[2]);
    }
  }

  private static InputStream resource(String file) {
    InputStream in = BallTreeReferenceTest.class.getResourceAsStream("/lastfm-seed/" + file);
    assertThat(in).as(file).isNotNull();
    return in;
  }

  private static List<String[]> tsv(String file) throws IOException {
    List<String[]> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(resource(file), StandardCharsets.UTF_8))) {
      r.readLine(); // header
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        out.add(line.split("\t", -1));
      }
    }
    return out;
  }

  @Test
  void kneighborsAll_cosineTop100EqualsBruteForEveryArtistAndPublishedLists() {
    assertThat(matrix.rows()).isEqualTo(1000);
    KnnOptions.Builder o = KnnOptions.builder().metric(Metric.COSINE).neighbors(100);
    NeighborTable brute = NearestNeighbors.fit(matrix, o.algorithm("brute").build()).kneighborsAll(100);
    NearestNeighbors tree = NearestNeighbors.fit(matrix, o.algorithm("ball_tree").build());
    NeighborTable all = tree.kneighborsAll(100);
    for (int i = 0; i < matrix.rows(); i++) {
      assertThat(all.row(i).size()).isEqualTo(100);
      // Same indices in the same order and bit-identical distances (within 1e-9 is the contract).
      assertThat(all.row(i)).as("artist %d %s", i, names.get(i)).isEqualTo(brute.row(i));
    }
    assertThat(published).hasSize(5);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
    for (Map.Entry<String, List<String>> e : published.entrySet()) {
      Neighbors top = all.row(index.get(e.getKey())).head(15);
      List<String> got = new ArrayList<>();
      for (int r = 0; r < top.size(); r++) {
        got.add(names.get(top.index(r)));
      }
      assertThat(got).as(e.getKey()).containsExactlyElementsOf(e.getValue());
    }
  }

  @Test
  void kneighborsAll_onPcaCoordinatesEqualsBrute() {
    DenseMatrix xyz = TruncatedSvd.builder(3).centered(true).seed(1).build().fit(matrix).coordinates();
    for (Metric metric : Metric.values()) {
      KnnOptions.Builder o = KnnOptions.builder().metric(metric).neighbors(10);
      NearestNeighbors tree = NearestNeighbors.fit(xyz, o.algorithm("auto").build());
      assertThat(tree.options().algorithm()).isEqualTo("ball_tree");
      NeighborTable brute = NearestNeighbors.fit(xyz, o.algorithm("brute").build()).kneighborsAll(10);
      assertThat(tree.kneighborsAll(10)).as(metric.id()).isEqualTo(brute);
    }
  }
}
