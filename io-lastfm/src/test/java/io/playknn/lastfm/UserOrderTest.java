package io.playknn.lastfm;

import static org.assertj.core.api.Assertions.assertThat;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.Neighbors;
import io.playknn.matrix.SparseMatrix;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UserOrder#AUDIENCE} only permutes the user columns, and permutes them as promised: by the
 * pattern over the most played artists, then in {@link UserOrder#PLAYS} order. Checked on a 1%
 * synthetic file against the default order.
 */
class UserOrderTest {
  @TempDir static Path tmp;
  private static LastfmDataset byPlays;
  private static LastfmDataset byAudience;

  @BeforeAll
  static void build() throws IOException {
    Path plays = tmp.resolve("plays.tsv");
    SyntheticLastfm.builder().seed(4).scale(0.01).build().write(plays, tmp.resolve("profile.tsv"));
    LastfmDataset.Builder b =
        LastfmDataset.builder().plays(plays).topUsers(Integer.MAX_VALUE).topArtists(2_000);
    byPlays = b.build();
    byAudience = b.userOrder(UserOrder.AUDIENCE).build();
  }

  @Test
  void audience_isAColumnPermutationOfPlays() {
    SparseMatrix p = byPlays.matrix();
    SparseMatrix a = byAudience.matrix();
    assertThat(a.rows()).isEqualTo(p.rows());
    assertThat(a.columns()).isEqualTo(p.columns());
    assertThat(a.nonZeros()).isEqualTo(p.nonZeros());
    assertThat(byAudience.artists().keys()).isEqualTo(byPlays.artists().keys());
    assertThat(byAudience.users().keys())
        .containsExactlyInAnyOrderElementsOf(byPlays.users().keys());
    long[] playsByAudience = byAudience.userPlays();
    long[] playsByPlays = byPlays.userPlays();
    for (int c = 0; c < a.columns(); c++) {
      int pc = byPlays.users().index(byAudience.users().key(c));
      assertThat(playsByAudience[c]).as("plays of column %d", c).isEqualTo(playsByPlays[pc]);
    }
    for (int r = 0; r < a.rows(); r++) {
      for (int q = a.rowStart(r); q < a.rowEnd(r); q++) {
        int pc = byPlays.users().index(byAudience.users().key(a.columnAt(q)));
        assertThat(a.valueAt(q)).as("(%d, %d)", r, a.columnAt(q)).isEqualTo(p.get(r, pc));
      }
    }
  }

  @Test
  void audience_groupsColumnsByTheMostPlayedArtists_thenKeepsPlaysOrder() {
    SparseMatrix a = byAudience.matrix();
    int artists = Math.min(UserOrder.AUDIENCE_ARTISTS, a.rows());
    long[] pattern = new long[a.columns()];
    for (int r = 0; r < artists; r++) {
      for (int q = a.rowStart(r); q < a.rowEnd(r); q++) {
        pattern[a.columnAt(q)] |= 1L << (62 - r);
      }
    }
    for (int c = 1; c < a.columns(); c++) {
      assertThat(pattern[c]).as("pattern of column %d", c).isLessThanOrEqualTo(pattern[c - 1]);
      if (pattern[c] == pattern[c - 1]) {
        int before = byPlays.users().index(byAudience.users().key(c - 1));
        int after = byPlays.users().index(byAudience.users().key(c));
        assertThat(after).as("plays order within pattern, column %d", c).isGreaterThan(before);
      }
    }
    // The most played artist's listeners are the first columns, in one run.
    int listeners = a.rowNonZeros(0);
    assertThat(listeners).isPositive();
    for (int i = 0; i < listeners; i++) {
      assertThat(a.columnAt(a.rowStart(0) + i)).isEqualTo(i);
    }
  }

  @Test
  void audience_givesTheSameNeighbours() {
    KnnOptions options = KnnOptions.builder().metric(Metric.COSINE).threads(1).build();
    NearestNeighbors p = NearestNeighbors.fit(byPlays.matrix(), options);
    NearestNeighbors a = NearestNeighbors.fit(byAudience.matrix(), options);
    for (int item : new int[] {0, 1, 7, 100, 1_999}) {
      Neighbors np = p.kneighbors(item, 20);
      Neighbors na = a.kneighbors(item, 20);
      assertThat(na.size()).isEqualTo(np.size());
      for (int r = 0; r < np.size(); r++) {
        // The sums run over the users in another order: equal up to rounding.
        assertThat(na.distance(r)).as("item %d rank %d", item, r)
            .isCloseTo(np.distance(r), org.assertj.core.api.Assertions.within(1e-12));
      }
    }
  }
}
