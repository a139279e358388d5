package io.playknn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.playknn.eval.ReferenceData;
import io.playknn.knn.KnnOptions;
import io.playknn.model.KnnModel;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request bodies the SageMaker SDK's NumpySerializer, JSONSerializer and CSVSerializer send,
 * written by {@code src/test/resources/sagemaker/make_fixtures.py} from the shipped matrix, against
 * a model fitted as the reference was (cosine, brute, k = 101); expected neighbours from
 * scikit-learn in the same script.
 */
class SageMakerFormatsTest {
  static final String NPY = "application/x-npy";

  static ModelServer server;
  static Http http;
  static JsonNode expected;
  static List<String> names;

  @BeforeAll
  static void start() throws Exception {
    ReferenceData data = ReferenceData.fromClassPath();
    names = data.artists();
    KnnModel model = KnnModel.fit(data.matrix(),
        KnnOptions.builder().algorithm("brute").neighbors(101).build(), names);
    server = ModelServer.start(() -> model,
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        ServerLimits.defaults().withWorkers(2).withRequestLog(false));
    http = new Http(server.port());
    assertThat(http.awaitReady().status()).isEqualTo(200);
    expected = Http.JSON.readTree(fixture("expected-kneighbors.json"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = SageMakerFormatsTest.class.getResourceAsStream("/sagemaker/" + name)) {
      return in.readAllBytes();
    }
  }

  static List<List<Integer>> indices(JsonNode rows) {
    List<List<Integer>> out = new ArrayList<>();
    rows.forEach(r -> {
      List<Integer> row = new ArrayList<>();
      r.forEach(v -> row.add(v.asInt()));
      out.add(row);
    });
    return out;
  }

  static void assertMatchesScikitLearn(JsonNode answer, String dtype) {
    JsonNode want = expected.get(dtype);
    assertThat(answer.get("k").asInt()).isEqualTo(15);
    assertThat(indices(answer.get("indices"))).isEqualTo(indices(want.get("indices")));
    for (int r = 0; r < 3; r++) {
      for (int i = 0; i < 15; i++) {
        assertThat(answer.get("distances").get(r).get(i).asDouble()).as("row %d rank %d", r, i)
            .isCloseTo(want.get("distances").get(r).get(i).asDouble(), Offset.offset(1e-9));
      }
    }
  }

  @Test
  void npyFloat64Rows_acceptNpy_answerIsWhatNumpySavesForTheIndices() throws Exception {
    Http.Raw r = http.exchange("/invocations?k=15", NPY, NPY, fixture("three-rows-f8.npy"));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo(NPY);
    // np.save of the int64 indices scikit-learn returns, byte for byte.
    assertThat(r.body()).isEqualTo(fixture("expected-indices.npy"));
  }

  @Test
  void npyFloat64Rows_acceptJson_indicesAndDistancesOfScikitLearn() throws Exception {
    Http.Raw r = http.exchange("/invocations?k=15", NPY, "application/json",
        fixture("three-rows-f8.npy"));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/json");
    assertMatchesScikitLearn(r.json(), "f8");
  }

  @Test
  void npyFloat32Rows_answerAsScikitLearnOnTheSameValues() throws Exception {
    Http.Raw r = http.exchange("/invocations?k=15", NPY, null, fixture("three-rows-f4.npy"));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertMatchesScikitLearn(r.json(), "f4");
  }

  @Test
  void npyOneDimensionalRow_isOneQuery() throws Exception {
    Http.Raw r = http.exchange("/invocations?k=15", NPY, "application/json",
        fixture("beatles-1d-f8.npy"));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(indices(r.json().get("indices")))
        .containsExactly(indices(expected.get("f8").get("indices")).get(0));
  }

  @Test
  void jsonSerializerRows_answerAsScikitLearn() throws Exception {
    Http.Raw r = http.exchange("/invocations?k=15", "application/json", "application/json",
        fixture("three-rows.json"));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertMatchesScikitLearn(r.json(), "f8");
  }

  @Test
  void csvSerializerRows_acceptCsv_oneLinePerNeighbour() throws Exception {
    Http.Raw r = http.exchange("/invocations?k=15", "text/csv", "text/csv",
        fixture("three-rows.csv"));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/csv");
    String[] lines = r.text().split("\n");
    assertThat(lines[0]).isEqualTo("row,rank,index,distance");
    assertThat(lines).hasSize(1 + 3 * 15);
    List<List<Integer>> want = indices(expected.get("f8").get("indices"));
    for (int line = 1; line < lines.length; line++) {
      String[] f = lines[line].split(",");
      int row = Integer.parseInt(f[0]);
      int rank = Integer.parseInt(f[1]);
      assertThat(Integer.parseInt(f[2])).as(lines[line]).isEqualTo(want.get(row).get(rank - 1));
      assertThat(Double.parseDouble(f[3])).isCloseTo(
          expected.get("f8").get("distances").get(row).get(rank - 1).asDouble(), Offset.offset(1e-9));
    }
  }

  @Test
  void namesQuery_acceptNpy_int64IndicesOfEachArtist() throws Exception {
    // kneighbors on an item's own row finds the item first; a names query leaves it out, so
    // k = 14 by name is the fixture's ranks 2 to 15.
    Http.Raw r = http.exchange("/invocations", "application/json", NPY,
        "{\"artists\": [\"the beatles\", \"genesis\"], \"k\": 14}".getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    byte[] b = r.body();
    int headerLength = (b[8] & 0xff) | (b[9] & 0xff) << 8;
    String header = new String(b, 10, headerLength, StandardCharsets.ISO_8859_1);
    assertThat(header).startsWith("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 14), }");
    assertThat(b).hasSize(10 + headerLength + 2 * 14 * 8);
    ByteBuffer data = ByteBuffer.wrap(b, 10 + headerLength, 2 * 14 * 8).order(ByteOrder.LITTLE_ENDIAN);
    List<List<Integer>> want = indices(expected.get("f8").get("indices"));
    for (int q = 0; q < 2; q++) {
      List<Integer> row = new ArrayList<>();
      for (int i = 0; i < 14; i++) {
        row.add((int) data.getLong());
      }
      assertThat(row).isEqualTo(want.get(q).subList(1, 15));
    }
  }

  @Test
  void namesQuery_acceptCsv_namesAndDistances() throws Exception {
    Http.Raw r = http.exchange("/invocations", "application/json", "text/csv",
        "{\"artists\": [\"the beatles\"], \"k\": 3}".getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(200);
    String[] lines = r.text().split("\n");
    assertThat(lines[0]).isEqualTo("query,artist,rank,neighbor,index,distance");
    assertThat(lines[1]).startsWith("the beatles,the beatles,1,bob dylan,");
    assertThat(lines).hasSize(4);
  }

  @Test
  void acceptNothingServable_is406NamingTheFormats() throws Exception {
    for (String accept : List.of("application/xml", "text/html;q=1, application/json;q=0")) {
      Http.Raw r = http.exchange("/invocations", "application/json", accept,
          "{\"artists\": [\"the beatles\"]}".getBytes(StandardCharsets.UTF_8));
      assertThat(r.status()).isEqualTo(406);
      assertThat(r.json().get("error").asText()).isEqualTo(
          "Accept must allow application/json, text/csv or application/x-npy, was " + accept);
    }
  }

  @Test
  void acceptWildcardsAndWeights_pickTheBestServable() throws Exception {
    byte[] body = "{\"artists\": [\"nirvana\"], \"k\": 2}".getBytes(StandardCharsets.UTF_8);
    assertThat(http.exchange("/invocations", "application/json", "*/*", body).contentType())
        .isEqualTo("application/json");
    assertThat(http.exchange("/invocations", "application/json",
        "application/json;q=0.5, text/csv;q=0.9", body).contentType()).startsWith("text/csv");
    assertThat(http.exchange("/invocations", "application/json", "text/*", body).contentType())
        .startsWith("text/csv");
  }
}
