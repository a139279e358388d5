package io.playknn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The load test's sanity check: it sends exactly what it says and counts failures. */
class LoadDriverTest {
  @Test
  void run_smallLoad_answersEveryRequest() throws Exception {
    LoadDriver.Result r = LoadDriver.run(TrainServeTest.data(), 2, 20, 3, 2, 5L, 60);
    assertThat(r.requests()).isEqualTo(40);
    assertThat(r.failures()).isZero();
    assertThat(r.p99Millis()).isGreaterThanOrEqualTo(r.p50Millis());
  }

  @Test
  void run_kLargerThanModel_countsEveryRequestFailed() throws Exception {
    // Five items: k = 10 is a 400, so every request fails and is counted.
    LoadDriver.Result r = LoadDriver.run(TrainServeTest.data(), 2, 5, 10, 2, 5L, 60);
    assertThat(r.requests()).isEqualTo(10);
    assertThat(r.failures()).isEqualTo(10);
  }

  @Test
  void percentile_nearestRank() {
    long[] nanos = {1_000_000, 2_000_000, 3_000_000, 4_000_000};
    assertThat(LoadDriver.percentile(nanos, 0.5)).isEqualTo(2.0);
    assertThat(LoadDriver.percentile(nanos, 0.99)).isEqualTo(4.0);
  }
}
