package io.playknn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.knn.Neighbors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The options section's one strict grammar, and files written by the 1.1 writer of before. */
// Forged inputs of issue 19: run in the 256 MiB JVM with the other forged files.
@Tag("small-heap")
class ModelOptionsGrammarTest {

  private static byte[] withOptions(List<String> kv) throws IOException {
    KnnModelTableTest.Sections s = KnnModelTableTest.Sections.parse(KnnModelTest.bytes(KnnModelTest.small()));
    s.replaceBody(5, KnnModelTableTest.Sections.stringList(kv));
    return s.build();
  }

  private static List<String> base(String... extra) {
    List<String> kv = new ArrayList<>(List.of("algorithm", "brute", "metric", "cosine", "neighbors", "5"));
    kv.addAll(List.of(extra));
    return kv;
  }

  @ParameterizedTest(name = "{0} = \"{1}\"")
  @CsvSource(delimiter = '|', value = {
    "neighbors|+5|\"neighbors\" must be an ASCII decimal integer in [1, 2147483647] without sign or leading zeros, was \"+5\"",
    "neighbors|005|\"neighbors\" must be an ASCII decimal integer in [1, 2147483647] without sign or leading zeros, was \"005\"",
    "neighbors|\u0665|\"neighbors\" must be an ASCII decimal integer in [1, 2147483647] without sign or leading zeros, was \"\u0665\"",
    "neighbors|0|\"neighbors\" must be an ASCII decimal integer in [1, 2147483647] without sign or leading zeros, was \"0\"",
    "neighbors|2147483648|\"neighbors\" must be an ASCII decimal integer in [1, 2147483647] without sign or leading zeros, was \"2147483648\"",
    "metric|COSINE|\"metric\" must be one of [cosine, euclidean], was \"COSINE\"",
    "algorithm|BRUTE|\"algorithm\" must be a lower-case ASCII name ([a-z][a-z0-9_]*), was \"BRUTE\"",
  })
  void read_valueOutsideTheGrammar_isTypedErrorNamingTheRule(String key, String value, String message)
      throws IOException {
    List<String> kv = base();
    kv.set(kv.indexOf(key) + 1, value);
    byte[] b = withOptions(kv);
    assertThatThrownBy(() -> KnnModel.read(ByteBuffer.wrap(b)))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage("OPTIONS: " + message);
  }

  @Test
  void read_leafSizeOutOfRange_isTypedError() throws IOException {
    for (String leaf : List.of("0", "1048577", "-1", "1e3")) {
      byte[] b = withOptions(base("parameter.leaf_size", leaf));
      assertThatThrownBy(() -> KnnModel.read(ByteBuffer.wrap(b)))
          .as(leaf)
          .isInstanceOf(ModelFormatException.class)
          .hasMessage("OPTIONS: \"parameter.leaf_size\" must be an ASCII decimal integer in [1, 1048576]"
              + " without sign or leading zeros, was \"" + leaf + "\"");
    }
  }

  @Test
  void read_unknownKey_isRejectedNamingTheKnownKeys() throws IOException {
    byte[] b = withOptions(base("parameter.evil", "1"));
    assertThatThrownBy(() -> KnnModel.read(ByteBuffer.wrap(b)))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage("OPTIONS: unknown option key \"parameter.evil\"; known keys are "
            + "[algorithm, metric, neighbors, table_k, parameter.leaf_size]");
  }

  @Test
  void read_duplicateKey_isRejected() throws IOException {
    byte[] b = withOptions(base("algorithm", "ball_tree"));
    assertThatThrownBy(() -> KnnModel.read(ByteBuffer.wrap(b)))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage("OPTIONS: key \"algorithm\" must appear once, appears twice");
  }

  @Test
  void save_recordsWhatTheModelIsNotHowTheMachineRan() throws IOException {
    KnnModel m = KnnModel.fit(KnnModelTest.small().items(),
        KnnOptions.builder().metric(Metric.EUCLIDEAN).neighbors(2).threads(3).build(),
        KnnModelTest.small().itemNames());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.write(out);
    List<String> kv = KnnModelTableTest.Sections.parse(out.toByteArray()).strings(5);
    assertThat(kv).containsExactly("algorithm", "brute", "metric", "euclidean", "neighbors", "2");
  }

  /**
   * {@code reference-format-1.1.pknn} was written by the 1.1 writer that stored runtime settings:
   * {@code playknn train --train data/lastfm-seed -k 101 --table-k 15 --threads 2 --param
   * tile_size=64}. It must still load, its settings ignored, and answer as a fresh fit.
   */
  @Test
  void load_fileOfTheEarlierWriter_loadsAndAnswersAsAFreshFit() throws IOException, URISyntaxException {
    Path file = Path.of(ModelOptionsGrammarTest.class.getResource("/model/reference-format-1.1.pknn").toURI());
    KnnModel old = KnnModel.load(file);
    assertThat(old.options().algorithm()).isEqualTo("brute");
    assertThat(old.options().metric()).isEqualTo(Metric.COSINE);
    assertThat(old.options().neighbors()).isEqualTo(101);
    assertThat(old.options().parameters()).isEmpty();
    assertThat(old.items().rows()).isEqualTo(1000);
    NearestNeighbors fresh = NearestNeighbors.fit(old.items(), KnnOptions.builder().neighbors(101).build());
    NeighborTable stored = old.neighborTable().orElseThrow();
    NeighborTable recomputed = fresh.kneighborsAll(15);
    assertThat(stored).isEqualTo(recomputed);
    for (int item : new int[] {0, 1, 499, 999}) {
      Neighbors a = old.index().kneighbors(item);
      Neighbors b = fresh.kneighbors(item);
      assertThat(a).as("item " + item).isEqualTo(b);
    }
  }
}
