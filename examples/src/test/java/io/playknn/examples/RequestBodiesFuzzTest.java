package io.playknn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.playknn.matrix.SparseVector;
import java.util.List;

/**
 * Fuzz targets for the three request body parsers: whatever the bytes, each either returns rows
 * that keep its bounds or refuses them with a {@link RequestException}; any other exception, a
 * hang or an out-of-memory is a finding.
 *
 * <p>{@code mvn verify} replays the seed corpus in {@code
 * src/test/resources/io/playknn/examples/RequestBodiesFuzzTestInputs/<method>/}. To fuzz one target
 * (docs/SERVING.md records a run):
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -o -pl examples -am test -Dtest=RequestBodiesFuzzTest#npy \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class RequestBodiesFuzzTest {
  /** A small model's width, so short inputs can reach every path. */
  static final int COLUMNS = 4;

  static final int MAX_ROWS = 8;

  static void check(List<SparseVector> rows) {
    assertThat(rows).isNotEmpty().hasSizeLessThanOrEqualTo(MAX_ROWS);
    for (SparseVector row : rows) {
      assertThat(row.dimension()).isEqualTo(COLUMNS);
    }
  }

  static void refusedAs4xx(RequestException e) {
    assertThat(e.status()).isBetween(400, 499);
    assertThat(e.getMessage()).isNotBlank();
  }

  @FuzzTest(maxDuration = "15m", maxExecutions = 1_000_000)
  void npy(byte[] body) {
    try {
      check(NpyArrays.readRows(body, COLUMNS, MAX_ROWS));
    } catch (RequestException e) {
      refusedAs4xx(e);
    }
  }

  @FuzzTest(maxDuration = "15m", maxExecutions = 1_000_000)
  void csv(byte[] body) {
    try {
      check(CsvRows.readRows(body, COLUMNS, MAX_ROWS));
    } catch (RequestException e) {
      refusedAs4xx(e);
    }
  }

  @FuzzTest(maxDuration = "15m", maxExecutions = 1_000_000)
  void json(byte[] body) {
    try {
      JsonBodies.Body parsed = JsonBodies.read(body, COLUMNS, MAX_ROWS, 16, 64);
      if (parsed instanceof JsonBodies.Rows rows) {
        check(rows.rows());
      } else {
        List<String> names = ((JsonBodies.Names) parsed).names();
        assertThat(names).isNotEmpty().hasSizeLessThanOrEqualTo(16);
        assertThat(names).allSatisfy(n -> assertThat(n.length()).isLessThanOrEqualTo(64));
      }
    } catch (RequestException e) {
      refusedAs4xx(e);
    }
  }
}
