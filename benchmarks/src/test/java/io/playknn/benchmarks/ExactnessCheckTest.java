package io.playknn.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.knn.NeighborTable;
import org.junit.jupiter.api.Test;

/**
 * {@link ExactnessCheck} on hand-made rows: it passes the exact row and the variations its rule
 * allows, and catches each kind of perturbation (a dropped neighbour, swapped ranks, a distance off
 * by 1e-6, a wrong member, the query itself, a repeat).
 */
class ExactnessCheckTest {
  // Query 0 among 8 items; reference top 3 = 1, 2, 3; item 4 is the 4th, well apart.
  private static final double[] REFERENCE = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 1.0, 1.0};
  private static final int[] EXACT_INDICES = {1, 2, 3};
  private static final double[] EXACT_DISTANCES = {0.1, 0.2, 0.3};

  private static ExactnessCheck.Result check(int[] indices, double[] distances) {
    return ExactnessCheck.check("artist 0 \"a\"", 0, REFERENCE, 3, indices, distances);
  }

  @Test
  void check_exactRow_passes() {
    ExactnessCheck.Result r = check(EXACT_INDICES, EXACT_DISTANCES);
    assertThat(r.failures()).isEmpty();
    assertThat(r.boundaryTie()).isFalse();
    assertThat(r.maxRelativeDifference()).isZero();
  }

  @Test
  void check_rowOfATable_passes() {
    NeighborTable table =
        NeighborTable.of(new int[] {0}, new int[] {0, 3}, EXACT_INDICES, EXACT_DISTANCES);
    assertThat(ExactnessCheck.check("artist 0", 0, REFERENCE, 3, table.row(0)).failures())
        .isEmpty();
  }

  @Test
  void check_distanceWithinTolerance_passesAndReportsTheDifference() {
    ExactnessCheck.Result r = check(EXACT_INDICES, new double[] {0.1, 0.2, 0.3 * (1 + 5e-10)});
    assertThat(r.failures()).isEmpty();
    assertThat(r.maxRelativeDifference()).isBetween(4e-10, 6e-10);
  }

  @Test
  void check_lastNeighbourDropped_fails() {
    assertThat(check(new int[] {1, 2}, new double[] {0.1, 0.2}).failures())
        .containsExactly(
            "artist 0 \"a\": expected 3 neighbours, actual 2 indices and 2 distances",
            "artist 0 \"a\" reference rank 2: expected neighbour 3 (distance 0.3) in the row,"
                + " actual absent");
  }

  @Test
  void check_twoRanksSwapped_fails() {
    assertThat(check(new int[] {2, 1, 3}, new double[] {0.2, 0.1, 0.3}).failures())
        .containsExactly(
            "artist 0 \"a\" rank 1: expected reference distance >= 0.2 (of rank 0), actual 1 at 0.1");
  }

  @Test
  void check_indicesSwappedDistancesKept_fails() {
    assertThat(check(new int[] {2, 1, 3}, EXACT_DISTANCES).failures())
        .hasSize(3)
        .anyMatch(m -> m.startsWith("artist 0 \"a\" rank 0 neighbour 2: expected distance 0.2"))
        .anyMatch(m -> m.startsWith("artist 0 \"a\" rank 1 neighbour 1: expected distance 0.1"));
  }

  @Test
  void check_distanceOffByOneMillionth_fails() {
    assertThat(check(EXACT_INDICES, new double[] {0.1, 0.2 + 1e-6, 0.3}).failures())
        .containsExactly(
            "artist 0 \"a\" rank 1 neighbour 2: expected distance 0.2, actual 0.200001");
  }

  @Test
  void check_distanceOffNearZero_usesTheAbsoluteTolerance() {
    double[] reference = {0, 0, 0.5, 0.6};
    assertThat(ExactnessCheck.check("q", 0, reference, 1, new int[] {1}, new double[] {5e-13})
            .failures())
        .isEmpty();
    assertThat(ExactnessCheck.check("q", 0, reference, 1, new int[] {1}, new double[] {2e-12})
            .failures())
        .hasSize(1);
  }

  @Test
  void check_wrongMember_fails() {
    assertThat(check(new int[] {1, 2, 4}, new double[] {0.1, 0.2, 0.4}).failures())
        .containsExactly(
            "artist 0 \"a\" rank 2: expected a neighbour within the reference top 3 (k-th distance"
                + " 0.3), actual 4 at reference distance 0.4",
            "artist 0 \"a\" reference rank 2: expected neighbour 3 (distance 0.3) in the row,"
                + " actual absent");
    assertThat(check(new int[] {1, 3, 4}, new double[] {0.1, 0.3, 0.4}).failures())
        .containsExactly(
            "artist 0 \"a\" rank 2: expected a neighbour within the reference top 3 (k-th distance"
                + " 0.3), actual 4 at reference distance 0.4",
            "artist 0 \"a\" reference rank 1: expected neighbour 2 (distance 0.2) in the row,"
                + " actual absent");
  }

  @Test
  void check_queryOrRepeatInTheRow_fails() {
    assertThat(check(new int[] {0, 1, 2}, new double[] {0, 0.1, 0.2}).failures())
        .contains("artist 0 \"a\" rank 0: expected another item, actual the query itself (0)");
    assertThat(check(new int[] {1, 1, 2}, new double[] {0.1, 0.1, 0.2}).failures())
        .contains("artist 0 \"a\" rank 1: expected a new neighbour, actual 1 again");
  }

  @Test
  void check_boundaryTie_membersCloseToTheBoundaryAreInterchangeable() {
    double[] reference = {0, 0.1, 0.2, 0.3, 0.3 * (1 + 5e-10), 0.3 * (1 + 3e-9)};
    ExactnessCheck.Result swapped =
        ExactnessCheck.check("q", 0, reference, 3, new int[] {1, 2, 4}, new double[] {0.1, 0.2,
            reference[4]});
    assertThat(swapped.failures()).isEmpty();
    assertThat(swapped.boundaryTie()).isTrue();
    // Item 5 is 3e-9 past the boundary: not interchangeable.
    assertThat(ExactnessCheck.check("q", 0, reference, 3, new int[] {1, 2, 5},
            new double[] {0.1, 0.2, reference[5]}).failures())
        .hasSize(1);
    // Without the tie (item 4 moved away), the boundary item 3 is required.
    double[] apart = {0, 0.1, 0.2, 0.3, 0.3 * (1 + 3e-9)};
    ExactnessCheck.Result noTie = ExactnessCheck.check("q", 0, apart, 3, new int[] {1, 2, 4},
        new double[] {0.1, 0.2, apart[4]});
    assertThat(noTie.boundaryTie()).isFalse();
    assertThat(noTie.failures()).hasSize(2);
  }

  @Test
  void check_orderWithinTolerance_passesOutsideFails() {
    double[] reference = {0, 0.1, 0.2 * (1 + 5e-10), 0.2, 0.2 * (1 - 3e-9)};
    // 2 before 3: reference distances 5e-10 apart, allowed.
    assertThat(ExactnessCheck.check("q", 0, reference, 4, new int[] {1, 2, 3, 4},
            new double[] {0.1, reference[2], reference[3], reference[4]}).failures())
        .hasSize(1) // only 4, which is 3e-9 below 2's reference distance, is out of order
        .allMatch(m -> m.startsWith("q rank 3: expected reference distance >= "));
  }

  @Test
  void check_fewerSharedThanK_anyItemsAtTheTiedBoundaryPass() {
    // Only item 1 shares anything with the query; all others sit at exactly 1.
    double[] reference = {0, 0.5, 1, 1, 1, 1};
    assertThat(ExactnessCheck.check("q", 0, reference, 3, new int[] {1, 2, 3},
            new double[] {0.5, 1, 1}).failures())
        .isEmpty();
    ExactnessCheck.Result other = ExactnessCheck.check("q", 0, reference, 3, new int[] {1, 4, 5},
        new double[] {0.5, 1, 1});
    assertThat(other.failures()).isEmpty();
    assertThat(other.boundaryTie()).isTrue();
    assertThat(ExactnessCheck.check("q", 0, reference, 3, new int[] {2, 3, 4},
            new double[] {1, 1, 1}).failures())
        .containsExactly("q reference rank 0: expected neighbour 1 (distance 0.5)"
            + " in the row, actual absent");
  }

  @Test
  void check_kAtLeastItems_expectsAllOthers() {
    double[] reference = {0.3, 0, 0.2};
    assertThat(ExactnessCheck.check("q", 1, reference, 5, new int[] {2, 0},
            new double[] {0.2, 0.3}).failures())
        .isEmpty();
    assertThat(ExactnessCheck.check("q", 1, reference, 5, new int[] {2},
            new double[] {0.2}).failures())
        .contains("q: expected 2 neighbours, actual 1 indices and 1 distances");
  }

  @Test
  void check_tooFewItems_isRejected() {
    assertThatThrownBy(() -> ExactnessCheck.check("q", 0, new double[] {0}, 1, new int[0],
            new double[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("were 1 and 1");
  }
}
