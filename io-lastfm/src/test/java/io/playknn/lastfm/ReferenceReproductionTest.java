package io.playknn.lastfm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.Neighbors;
import io.playknn.matrix.Npz;
import io.playknn.matrix.SparseMatrix;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Done-when 1 of the issue: the raw reference subset, built with the reference's settings, gives
 * the published matrix and the published recommendations.
 */
class ReferenceReproductionTest {
  private static LastfmDataset dataset;

  static Path seed(String name) {
    return resource("/lastfm-seed/" + name);
  }

  static Path resource(String name) {
    try {
      return Path.of(ReferenceReproductionTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  static void build() throws IOException {
    dataset =
        LastfmDataset.referenceSettings()
            .plays(seed("usersha1-artmbid-artname-plays.tsv.gz"))
            .profiles(seed("usersha1-profile.tsv.gz"))
            .strict(true)
            .build();
  }

  @Test
  void build_referenceSettings_readsEveryLineAndGivesReferenceShape() {
    ReadReport profile = dataset.reports().get(0);
    ReadReport plays = dataset.reports().get(1);
    assertThat(plays.linesRead()).isEqualTo(293_439);
    assertThat(plays.linesKept()).isEqualTo(293_439);
    assertThat(profile.linesSkipped()).isZero();
    SparseMatrix m = dataset.matrix();
    assertThat(m.rows()).isEqualTo(1000);
    assertThat(m.columns()).isEqualTo(9994);
    assertThat(m.nonZeros()).isEqualTo(293_439);
  }

  @Test
  void build_referenceSettings_keepsTheReferenceArtists() throws IOException {
    List<String> names = referenceArtists();
    assertThat(new HashSet<>(dataset.artists().keys())).isEqualTo(new HashSet<>(names));
    assertThat(dataset.artistNames()).isEqualTo(dataset.artists().keys());
  }

  @Test
  void build_referenceSettings_ranksArtistsAsIndependentOracle() throws IOException {
    // golden/seed-artist-ranking.tsv is written by golden/make_seed_ranking.py (Python, gzip
    // module, plain dict sums) from the same raw file: rank, name, total plays, listeners.
    List<String> lines =
        Files.readAllLines(resource("/golden/seed-artist-ranking.tsv"), StandardCharsets.UTF_8);
    long[] plays = dataset.artistPlays();
    int[] listeners = dataset.artistListeners();
    assertThat(lines).hasSize(1001);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t", -1);
      int rank = Integer.parseInt(f[0]);
      assertThat(dataset.artists().key(rank)).isEqualTo(f[1]);
      assertThat(plays[rank]).as("plays of %s", f[1]).isEqualTo(Long.parseLong(f[2]));
      assertThat(listeners[rank]).as("listeners of %s", f[1]).isEqualTo(Integer.parseInt(f[3]));
    }
    // And the row sums of the raw-count matrix agree with the totals.
    assertThat(dataset.matrix().rows()).isEqualTo(plays.length);
  }

  @Test
  void build_referenceSettings_equalsPublishedNpzUpToColumnOrder() throws IOException {
    SparseMatrix published = Npz.read(seed("artist_user_mtrx.npz"));
    List<String> names = referenceArtists();
    assertThat(published.rows()).isEqualTo(names.size());
    // Rows are matched by artist name; columns by content (see ColumnPermutation for why).
    int[] toOurs = new int[names.size()];
    for (int i = 0; i < names.size(); i++) {
      toOurs[i] = dataset.artists().index(names.get(i));
      assertThat(toOurs[i]).as("row of %s", names.get(i)).isNotNegative();
    }
    assertThat(ColumnPermutation.difference(published, toOurs, dataset.matrix(), 1e-12)).isNull();
    // Also per artist: the sorted values of each matched row are equal.
    for (int i = 0; i < names.size(); i++) {
      double[] expected = published.row(i).values().clone();
      double[] actual = dataset.matrix().row(toOurs[i]).values().clone();
      java.util.Arrays.sort(expected);
      java.util.Arrays.sort(actual);
      assertThat(actual).as("values of %s", names.get(i)).containsExactly(expected, within(1e-12));
    }
  }

  @Test
  void kneighbors_referenceMatrix_reproducesPublishedTop15() throws IOException {
    NearestNeighbors knn =
        NearestNeighbors.fit(
            dataset.matrix(),
            KnnOptions.builder().metric(Metric.COSINE).neighbors(101).build());
    Map<String, List<String>> expected = expectedRecommendations();
    assertThat(expected).hasSize(5);
    for (Map.Entry<String, List<String>> e : expected.entrySet()) {
      int query = dataset.artists().index(e.getKey());
      Neighbors nn = knn.kneighbors(query);
      List<String> got = new ArrayList<>();
      for (int r = 0; r < 15; r++) {
        got.add(dataset.artists().key(nn.index(r)));
      }
      assertThat(got).as("top 15 of %s", e.getKey()).isEqualTo(e.getValue());
    }
  }

  @Test
  void columnPermutation_detectsEqualityAndDifference() {
    // The comparison used against the .npz, checked on known permutations of our own matrix.
    SparseMatrix m = dataset.matrix();
    int rows = m.rows();
    int cols = m.columns();
    java.util.Random random = new java.util.Random(17);
    int[] rowPerm = shuffled(rows, random);
    int[] colPerm = shuffled(cols, random);
    int[] r = new int[m.nonZeros()];
    int[] c = new int[m.nonZeros()];
    double[] v = m.copyValues();
    for (int i = 0; i < rows; i++) {
      for (int p = m.rowStart(i); p < m.rowEnd(i); p++) {
        r[p] = rowPerm[i];
        c[p] = colPerm[m.columnAt(p)];
      }
    }
    SparseMatrix permuted = SparseMatrix.fromTriplets(rows, cols, r, c, v);
    // permuted row rowPerm[i] is our row i
    int[] toOurs = new int[rows];
    for (int i = 0; i < rows; i++) {
      toOurs[rowPerm[i]] = i;
    }
    assertThat(ColumnPermutation.difference(permuted, toOurs, m, 1e-12)).isNull();
    v[12345] += 1e-9;
    SparseMatrix perturbed = SparseMatrix.fromTriplets(rows, cols, r, c, v);
    assertThat(ColumnPermutation.difference(perturbed, toOurs, m, 1e-12)).isNotNull();
    int[] swapped = toOurs.clone();
    swapped[0] = toOurs[1];
    swapped[1] = toOurs[0];
    assertThat(ColumnPermutation.difference(permuted, swapped, m, 1e-12)).isNotNull();
  }

  private static int[] shuffled(int n, java.util.Random random) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  static List<String> referenceArtists() throws IOException {
    List<String> names = new ArrayList<>();
    for (String line : Files.readAllLines(seed("artists.tsv"), StandardCharsets.UTF_8)) {
      String[] f = line.split("\t", -1);
      if (f[0].equals("index")) {
        continue;
      }
      assertThat(Integer.parseInt(f[0])).isEqualTo(names.size());
      names.add(f[1]);
    }
    return names;
  }

  static Map<String, List<String>> expectedRecommendations() throws IOException {
    Map<String, List<String>> expected = new LinkedHashMap<>();
    for (String line :
        Files.readAllLines(seed("expected-recommendations.tsv"), StandardCharsets.UTF_8)) {
      String[] f = line.split("\t", -1);
      if (f[0].equals("query")) {
        continue;
      }
      List<String> list = expected.computeIfAbsent(f[0], k -> new ArrayList<>());
      assertThat(Integer.parseInt(f[1])).isEqualTo(list.size() + 1);
      list.add(f[2]);
    }
    return expected;
  }
}
