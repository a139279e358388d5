package io.playknn.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.playknn.matrix.SparseMatrix;
import io.playknn.recommend.Recommender;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReferenceHitRateTest {

  @Test
  void measureAll_handComputedOnTinyMatrix() {
    SparseMatrix m = TestData.tiny();
    Recommender r = Baselines.fitItemKnn(m, 4, 1);
    // K = 2. User 0: favourite 0 (1 > .5), neighbours 1, 2; played 1: 1 hit.
    // User 1: items 0 and 2 tie at 1, favourite 0; neighbours 1, 2; played 2: 1 hit.
    // User 2: 3 and 4 tie, favourite 3; neighbours 4, then 0 (sim 0, lower index); played 4: 1 hit.
    // User 3: favourite 4; neighbours 3, 0; played neither: 0 hits. User 4 played nothing: skipped.
    HitRateResult h = ReferenceHitRate.measureAll(m, r, 2);
    assertThat(h.users()).isEqualTo(4);
    assertThat(h.skipped()).isEqualTo(1);
    assertThat(h.hits()).isEqualTo(3);
    assertThat(h.rate().mean()).isEqualTo(3.0 / 8);
    // Per-user rates .5, .5, .5, 0: s = .25, t(0.975, 3) = 3.182446305284263.
    assertThat(h.rate().halfWidth()).isCloseTo(3.182446305284263 * 0.25 / 2, within(1e-9));
  }

  @Test
  void measure_repeatsCountAndBadKRejected() {
    SparseMatrix m = TestData.tiny();
    Recommender r = Baselines.fitItemKnn(m, 4, 1);
    HitRateResult h = ReferenceHitRate.measure(m, r, 1, new int[] {3, 3, 0});
    // K = 1: user 3's nearest to 4 is 3 (not played); user 0's nearest to 0 is 1 (played).
    assertThat(h.hits()).isEqualTo(1);
    assertThat(h.users()).isEqualTo(3);
    assertThatThrownBy(() -> ReferenceHitRate.measure(m, r, 5, new int[] {0}))
        .hasMessageContaining("k must be in [1, 4] (items - 1), was 5");
    assertThatThrownBy(() -> ReferenceHitRate.measure(m, r, 1, new int[] {4}))
        .hasMessageContaining("no user of the 1 given played anything");
  }

  @Test
  void sample_seededDistinctSorted() {
    int[] a = ReferenceHitRate.sample(1000, 100, 3);
    assertThat(a).hasSize(100).isSorted().doesNotHaveDuplicates();
    assertThat(Arrays.stream(a).allMatch(u -> u >= 0 && u < 1000)).isTrue();
    assertThat(ReferenceHitRate.sample(1000, 100, 3)).containsExactly(a);
    assertThat(ReferenceHitRate.sample(1000, 100, 4)).isNotEqualTo(a);
    assertThat(ReferenceHitRate.sample(5, 5, 1)).containsExactly(0, 1, 2, 3, 4);
    assertThatThrownBy(() -> ReferenceHitRate.sample(5, 6, 1))
        .hasMessageContaining("sample size must be in [0, 5] (population), was 6");
  }
}
