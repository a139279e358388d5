package io.playknn.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.Neighbors;
import io.playknn.knn.ProgressListener;
import io.playknn.matrix.Npz;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The recommender on the shipped Last.fm reference data (1000 artists × 9994 users). */
class ReferenceRecommenderTest {
  private static SparseMatrix matrix;
  private static ItemNames names;
  private static NearestNeighbors knn;
  private static Recommender recommender;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        ReferenceRecommenderTest.class.getResourceAsStream("/lastfm-seed/artist_user_mtrx.npz")) {
      matrix = Npz.read(in);
    }
    names = ItemNames.of(lines("/lastfm-seed/artists.tsv", 1));
    knn =
        NearestNeighbors.fit(
            matrix, KnnOptions.builder().metric(Metric.COSINE).neighbors(101).threads(2).build());
    recommender = Recommender.builder(knn, matrix).names(names).neighbors(101).threads(2).build();
  }

  /** The second tab-separated field of every line after the header. */
  private static List<String> lines(String resource, int field) throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                ReferenceRecommenderTest.class.getResourceAsStream(resource),
                StandardCharsets.UTF_8))) {
      r.readLine();
      String line;
      while ((line = r.readLine()) != null) {
        out.add(line.split("\t", -1)[field]);
      }
    }
    return out;
  }

  @Test
  void names_accentAndCaseInsensitiveOnRealNames() {
    assertThat(names.size()).isEqualTo(1000);
    assertThat(names.name(names.index("sigur ros"))).isEqualTo("sigur rós");
    assertThat(names.name(names.index("Beyonce"))).isEqualTo("beyoncé");
    assertThat(names.name(names.index("MOTORHEAD"))).isEqualTo("motörhead");
    assertThat(names.name(names.index("blue oyster cult"))).isEqualTo("blue Öyster cult");
    assertThatThrownBy(() -> names.index("radiohed"))
        .isInstanceOfSatisfying(
            UnknownItemException.class,
            e -> assertThat(e.suggestions()).first().isEqualTo("radiohead"));
  }

  @Test
  void similar_reproducesThePublishedNirvanaList() throws IOException {
    List<String> expected = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                getClass().getResourceAsStream("/lastfm-seed/expected-recommendations.tsv"),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split("\t");
        if (f[0].equals("nirvana")) {
          expected.add(f[2]);
        }
      }
    }
    Recommendations similar = recommender.similar("Nirvana", 15);
    List<String> got = new ArrayList<>();
    for (int i = 0; i < similar.size(); i++) {
      got.add(names.name(similar.item(i)));
    }
    assertThat(got).containsExactlyElementsOf(expected).hasSize(15);
  }

  @Test
  void recommend_nirvanaAndPearlJamExcludesBothAndExplainsItself() {
    Map<String, Double> history = new LinkedHashMap<>();
    history.put("nirvana", 1.0);
    history.put("pearl jam", 1.0);
    int nirvana = names.index("nirvana");
    int pearlJam = names.index("pearl jam");
    SparseVector h = recommender.history(history);
    Recommendations recs = recommender.recommend(history, 10);
    assertThat(recs.size()).isEqualTo(10);
    assertThat(recs.items()).doesNotContain(nirvana, pearlJam).doesNotHaveDuplicates();
    List<Explanation> why = recommender.explain(h, recs, 2);
    Neighbors nirvanaNear = knn.kneighbors(nirvana, 101);
    Neighbors pearlNear = knn.kneighbors(pearlJam, 101);
    for (int i = 0; i < recs.size(); i++) {
      Explanation e = why.get(i);
      assertThat(e.item()).isEqualTo(recs.item(i));
      assertThat(e.score()).isEqualTo(recs.score(i));
      assertThat(e.contributions()).isNotEmpty();
      double sum = 0;
      for (Contribution c : e.contributions()) {
        assertThat(c.historyItem()).isIn(nirvana, pearlJam);
        Neighbors near = c.historyItem() == nirvana ? nirvanaNear : pearlNear;
        int rank = indexOf(near, e.item());
        assertThat(rank).as("%s in the neighbour list", names.name(e.item())).isNotNegative();
        assertThat(c.similarity()).isEqualTo(1 - near.distance(rank));
        assertThat(c.coListeners()).isEqualTo(naiveCoListeners(c.historyItem(), e.item()));
        assertThat(c.coListeners()).isPositive();
        sum += c.contribution();
      }
      // Both artists' lists are 101 long: with 2 contributions listed the sum is the whole score.
      assertThat(sum).isCloseTo(e.score(), within(1e-12));
    }
    // The grunge neighbours of both come first.
    assertThat(names.name(recs.item(0)))
        .isIn("alice in chains", "soundgarden", "stone temple pilots");
  }

  private static int indexOf(Neighbors n, int item) {
    for (int r = 0; r < n.size(); r++) {
      if (n.index(r) == item) {
        return r;
      }
    }
    return -1;
  }

  private static int naiveCoListeners(int a, int b) {
    int both = 0;
    for (int u = 0; u < matrix.columns(); u++) {
      if (matrix.get(a, u) != 0 && matrix.get(b, u) != 0) {
        both++;
      }
    }
    return both;
  }

  @Test
  void recommend_exactlyNAfterFilteringEvenBeyondTheNeighbourLists() {
    // The heaviest listener's history: all of their artists, weighted by plays.
    SparseMatrix users = matrix.transpose();
    int heaviest = 0;
    for (int u = 1; u < users.rows(); u++) {
      if (users.rowNonZeros(u) > users.rowNonZeros(heaviest)) {
        heaviest = u;
      }
    }
    SparseVector h = users.row(heaviest);
    assertThat(h.size()).isGreaterThan(50);
    for (int n : new int[] {1, 10, 100, 900, 1000 - h.size(), 5000}) {
      Recommendations recs = recommender.recommend(h, n);
      assertThat(recs.size()).as("n = %d", n).isEqualTo(Math.min(n, 1000 - h.size()));
      assertThat(recs.items()).doesNotHaveDuplicates();
      for (int item : recs.items()) {
        assertThat(users.get(heaviest, item)).as("item %d from the history", item).isZero();
      }
      for (int r = 1; r < recs.size(); r++) {
        assertThat(recs.score(r)).isLessThanOrEqualTo(recs.score(r - 1));
        if (recs.score(r) == recs.score(r - 1)) {
          assertThat(recs.item(r)).isGreaterThan(recs.item(r - 1));
        }
      }
    }
  }

  @Test
  void basket_excludesTheBasketAndRanksBySharedSimilarity() {
    Recommendations b = recommender.basket(List.of("the beatles", "Radiohead", "björk"), 20);
    assertThat(b.size()).isEqualTo(20);
    assertThat(b.items())
        .doesNotContain(names.index("the beatles"), names.index("radiohead"), names.index("björk"));
    // Scores are mean similarities to the three: at most 1.
    assertThat(b.score(0)).isPositive().isLessThanOrEqualTo(1.0);
    assertThat(b.score(19)).isLessThanOrEqualTo(b.score(0));
  }

  @Test
  void recommendAll_matchesOneByOneForTheFirstUsers() {
    SparseMatrix users = matrix.transpose();
    int[] rows = new int[200];
    SparseMatrix.Builder first = SparseMatrix.builder(200, matrix.rows());
    for (int u = 0; u < 200; u++) {
      rows[u] = u;
      for (int p = users.rowStart(u); p < users.rowEnd(u); p++) {
        first.add(u, users.columnAt(p), users.valueAt(p));
      }
    }
    List<Recommendations> all = recommender.recommendAll(first.build(), 10, ProgressListener.NONE);
    for (int u : rows) {
      assertThat(all.get(u)).isEqualTo(recommender.recommend(users.row(u), 10));
    }
  }
}
