package io.playknn.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.matrix.SparseMatrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HoldoutSplitTest {

  @Test
  void leaveKOut_usersWithTooFewItemsStayWhole() {
    SparseMatrix m = TestData.tiny();
    // Users 0, 1, 2 played 2 items, user 3 one, user 4 none; 1 held out + 1 kept needs 2.
    HoldoutSplit s = HoldoutSplit.leaveKOut(m, 1, 1, 7);
    assertThat(s.testUserCount()).isEqualTo(3);
    assertThat(new int[] {s.testUser(0), s.testUser(1), s.testUser(2)}).containsExactly(0, 1, 2);
    assertThat(s.training().get(4, 3)).isEqualTo(1.0);
    HoldoutSplit none = HoldoutSplit.leaveKOut(m, 1, 2, 7);
    assertThat(none.testUserCount()).isZero();
    assertThat(none.training()).isEqualTo(m);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void leaveKOut_partitionsEachTestUsersPlays(long seed) {
    SparseMatrix m = TestData.random(seed, 30, 60, 0.1);
    HoldoutSplit s = HoldoutSplit.leaveKOut(m, 3, 2, seed);
    SparseMatrix byUser = m.transpose();
    int entries = 0;
    int t = 0;
    for (int u = 0; u < byUser.rows(); u++) {
      int played = byUser.rowNonZeros(u);
      boolean test = t < s.testUserCount() && s.testUser(t) == u;
      assertThat(test).as("seed %d user %d with %d items", seed, u, played).isEqualTo(played >= 5);
      int[] trainItems = s.trainingByUser().row(u).indices();
      if (test) {
        int[] out = s.heldOut(t);
        assertThat(out).hasSize(3).isSorted();
        for (int item : out) {
          assertThat(m.get(item, u)).isNotZero();
          assertThat(s.training().get(item, u)).isZero();
          assertThat(Arrays.binarySearch(trainItems, item)).isNegative();
        }
        assertThat(trainItems.length).isEqualTo(played - 3);
        entries += 3;
        t++;
      } else {
        assertThat(trainItems).containsExactly(byUser.row(u).indices());
      }
      for (int item : trainItems) {
        assertThat(s.training().get(item, u)).isEqualTo(m.get(item, u));
      }
    }
    assertThat(s.training().nonZeros() + entries).isEqualTo(m.nonZeros());
  }

  @Test
  void leaveKOut_sameSeedSameSplitOtherSeedOtherSplit() {
    SparseMatrix m = TestData.random(5, 40, 80, 0.1);
    HoldoutSplit a = HoldoutSplit.leaveKOut(m, 2, 2, 42);
    HoldoutSplit b = HoldoutSplit.leaveKOut(m, 2, 2, 42);
    HoldoutSplit c = HoldoutSplit.leaveKOut(m, 2, 2, 43);
    assertThat(a.training()).isEqualTo(b.training());
    assertThat(a.training()).isNotEqualTo(c.training());
    for (int t = 0; t < a.testUserCount(); t++) {
      assertThat(a.heldOut(t)).containsExactly(b.heldOut(t));
    }
  }

  @Test
  void leaveKOut_rejectsBadCounts() {
    assertThatThrownBy(() -> HoldoutSplit.leaveKOut(TestData.tiny(), 0, 1, 1))
        .hasMessageContaining("heldOut must be >= 1, was 0");
    assertThatThrownBy(() -> HoldoutSplit.leaveKOut(TestData.tiny(), 1, 0, 1))
        .hasMessageContaining("minTraining must be >= 1, was 0");
  }

  @Test
  void leaveKOut_hugeCounts_makeNoTestUserInsteadOfOverflowing() {
    // heldOut + minTraining wrapped to a negative int, which every user's play count passed.
    HoldoutSplit s = HoldoutSplit.leaveKOut(TestData.tiny(), Integer.MAX_VALUE, 1, 7);
    assertThat(s.testUserCount()).isZero();
  }
}
