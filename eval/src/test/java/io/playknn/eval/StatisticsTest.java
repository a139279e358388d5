package io.playknn.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StatisticsTest {

  @Test
  void mean_handComputedTInterval() {
    // mean 2, s = 1, t(0.975, 2) = 4.302652729911275.
    Estimate e = Statistics.mean(new double[] {1, 2, 3});
    assertThat(e.mean()).isEqualTo(2.0);
    assertThat(e.halfWidth()).isCloseTo(4.302652729911275 / Math.sqrt(3), within(1e-9));
    assertThat(e.n()).isEqualTo(3);
  }

  @Test
  void mean_degenerateSamples() {
    Estimate one = Statistics.mean(new double[] {0.3});
    assertThat(one.mean()).isEqualTo(0.3);
    assertThat(one.lower()).isNaN();
    Estimate constant = Statistics.mean(new double[] {0, 0, 0, 0});
    assertThat(constant.lower()).isZero();
    assertThat(constant.upper()).isZero();
    assertThatThrownBy(() -> Statistics.mean(new double[0])).hasMessageContaining("empty");
    assertThatThrownBy(() -> Statistics.mean(new double[] {1, Double.NaN}))
        .hasMessageContaining("values[1] must be finite, was NaN");
  }

  @Test
  void paired_identicalSamplesAreNoEvidence() {
    PairedTest t =
        Statistics.paired("ndcg", "a", new double[] {1, 0, 1}, "b", new double[] {1, 0, 1});
    assertThat(t.tPValue()).isEqualTo(1.0);
    assertThat(t.wilcoxonPValue()).isEqualTo(1.0);
    assertThat(t.difference().mean()).isZero();
  }

  @Test
  void paired_handComputedT() {
    // d = (1, 2, 3): t = 2 / (1 / sqrt(3)).
    PairedTest t = Statistics.paired("x", "a", new double[] {2, 4, 6}, "b", new double[] {1, 2, 3});
    assertThat(t.tStatistic()).isCloseTo(2 * Math.sqrt(3), within(1e-12));
    // Wilcoxon: ranks 1, 2, 3 all positive: W+ = 6, E = 3, Var = 3.5.
    assertThat(t.wilcoxonZ()).isCloseTo(3 / Math.sqrt(3.5), within(1e-12));
    assertThatThrownBy(
            () -> Statistics.paired("x", "a", new double[] {1, 2}, "b", new double[] {1}))
        .hasMessageContaining("equal lengths, were 2 and 1");
  }

  @Test
  void paired_wilcoxonOverFiftyThousandUsers_doesNotOverflow() {
    // 50,000 distinct positive differences: W+ = n(n + 1)/2, E = n(n + 1)/4,
    // Var = n(n + 1)(2n + 1)/24. n(n + 1) is past 2^31, which an int product wrapped.
    int n = 50_000;
    double[] a = new double[n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = i + 1;
    }
    double m = n;
    double z = (m * (m + 1) / 4) / Math.sqrt(m * (m + 1) * (2 * m + 1) / 24);
    PairedTest t = Statistics.paired("hit rate", "a", a, "b", b);
    assertThat(z).isCloseTo(193.65, within(0.01));
    assertThat(t.wilcoxonZ()).isCloseTo(z, within(1e-9));
    assertThat(t.wilcoxonPValue()).isLessThan(1e-12);
  }

  record Golden(String name, double[] a, double[] b, double[] expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Cases from golden/statistics.py (SciPy), committed next to it. */
  static List<Golden> golden() throws IOException {
    List<Golden> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                StatisticsTest.class.getResourceAsStream("/golden/statistics.tsv"),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#") || line.startsWith("case")) {
          continue;
        }
        String[] f = line.split("\t");
        double[] expected = new double[7];
        for (int i = 0; i < 7; i++) {
          expected[i] = Double.parseDouble(f[3 + i]);
        }
        out.add(new Golden("case " + f[0], parse(f[1]), parse(f[2]), expected));
      }
    }
    return out;
  }

  private static double[] parse(String csv) {
    return Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void meanAndPaired_matchScipy(Golden g) {
    double[] x = g.expected();
    Estimate e = Statistics.mean(g.a());
    assertThat(e.mean()).isCloseTo(x[0], within(1e-12));
    assertThat(e.lower()).isCloseTo(x[1], within(1e-9));
    assertThat(e.upper()).isCloseTo(x[2], within(1e-9));
    PairedTest t = Statistics.paired("m", "a", g.a(), "b", g.b());
    assertThat(t.tStatistic()).isCloseTo(x[3], within(1e-9));
    assertThat(t.tPValue()).isCloseTo(x[4], within(1e-9));
    assertThat(t.wilcoxonZ()).isCloseTo(x[5], within(1e-7));
    assertThat(t.wilcoxonPValue()).isCloseTo(x[6], within(1e-9));
  }
}
