package io.playknn.examples;

import io.playknn.eval.ReferenceData;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.playknn.matrix.SparseMatrix;
import io.playknn.model.KnnModel;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference's workflow on the shipped data: SageMaker-style {@code train} on
 * artist_user_mtrx.npz with the reference's hyperparameters (cosine, brute, k = 101), then {@code
 * serve}, then the published top-15 lists from expected-recommendations.tsv over HTTP.
 */
class ReferenceServeTest {
  @TempDir static Path dir;

  static Map<String, List<String>> expected;
  static KnnModel model;
  static ModelServer server;
  static Http http;

  static void copy(String resource, Path to) throws Exception {
    try (InputStream in = ReferenceServeTest.class.getResourceAsStream("/lastfm-seed/" + resource)) {
      Files.createDirectories(to.getParent());
      Files.copy(in, to);
    }
  }

  @BeforeAll
  static void trainAndServe() throws Exception {
    expected = ReferenceData.fromClassPath().expected();
    Path input = dir.resolve("opt/ml/input");
    Path channel = input.resolve("data/train");
    copy("artist_user_mtrx.npz", channel.resolve("artist_user_mtrx.npz"));
    copy("artists.tsv", channel.resolve("artists.tsv"));
    Files.createDirectories(input.resolve("config"));
    Files.writeString(input.resolve("config/hyperparameters.json"),
        "{\"n_neighbors\": \"101\", \"metric\": \"cosine\", \"algorithm\": \"brute\"}");
    Map<String, String> env = Map.of(
        "SM_INPUT_DIR", input.toString(),
        "SM_CHANNEL_TRAIN", channel.toString(),
        "SM_MODEL_DIR", dir.resolve("opt/ml/model").toString(),
        "SAGEMAKER_BIND_TO_PORT", "0");
    TrainServeTest.Run run = TrainServeTest.run(new TrainCommand(env));
    assertThat(run.exit()).as(run.err()).isZero();
    model = KnnModel.load(dir.resolve("opt/ml/model/model.pknn"));
    server = TrainServeTest.serve(env, "--host", "127.0.0.1");
    http = new Http(server.port());
    assertThat(http.awaitReady().status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<String> names(JsonNode result) {
    return result.get("neighbors").findValuesAsText("artist");
  }

  @Test
  void train_keptTheShippedMatrixAndReferenceOptions() {
    assertThat(model.items().rows()).isEqualTo(1000);
    assertThat(model.items().columns()).isEqualTo(9994);
    assertThat(model.items().nonZeros()).isEqualTo(293_439);
    assertThat(model.options().neighbors()).isEqualTo(101);
    assertThat(model.itemNames().get(0)).isEqualTo("the beatles");
  }

  @Test
  void invocations_theBeatles_isThePublishedFifteen() throws Exception {
    Http.Reply r = http.post("/invocations", "application/json",
        "{\"artists\": [\"the beatles\"], \"k\": 15}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(names(r.body().get("results").get(0))).isEqualTo(expected.get("the beatles"));
    assertThat(expected.get("the beatles")).hasSize(15);
  }

  @Test
  void invocations_everyPublishedQuery_inOneRequest() throws Exception {
    String artists = expected.keySet().stream().map(a -> "\"" + a.toUpperCase() + "\"")
        .collect(Collectors.joining(", "));
    Http.Reply r = http.post("/invocations", "application/json",
        "{\"artists\": [" + artists + "], \"k\": 15}");
    assertThat(r.status()).isEqualTo(200);
    int i = 0;
    for (Map.Entry<String, List<String>> e : expected.entrySet()) {
      JsonNode result = r.body().get("results").get(i++);
      assertThat(result.get("artist").asText()).isEqualTo(e.getKey());
      assertThat(names(result)).as(e.getKey()).isEqualTo(e.getValue());
    }
  }

  @Test
  void invocations_theBeatlesRowAsVector_findsItselfThenThePublishedFifteen() throws Exception {
    SparseMatrix m = model.items();
    double[] dense = new double[m.columns()];
    for (int p = m.rowStart(0); p < m.rowEnd(0); p++) {
      dense[m.columnAt(p)] = m.valueAt(p);
    }
    String row = IntStream.range(0, dense.length).mapToObj(c -> Double.toString(dense[c]))
        .collect(Collectors.joining(","));
    for (Http.Reply r : List.of(
        http.post("/invocations?k=16", "application/json", "[" + row + "]"),
        http.post("/invocations?k=16", "text/csv", row))) {
      assertThat(r.status()).isEqualTo(200);
      List<String> got = new ArrayList<>();
      r.body().get("indices").get(0).forEach(n -> got.add(model.itemNames().get(n.asInt())));
      assertThat(got.get(0)).isEqualTo("the beatles");
      assertThat(got.subList(1, 16)).isEqualTo(expected.get("the beatles"));
    }
  }

  /** The raw Last.fm files in the SageMaker channel, built with the reference's settings. */
  @Test
  void train_sageMakerFormFromRawLastfmFiles_thenServe() throws Exception {
    Path channel = dir.resolve("raw/input/data/train");
    copy("usersha1-artmbid-artname-plays.tsv.gz", channel.resolve("usersha1-artmbid-artname-plays.tsv.gz"));
    copy("usersha1-profile.tsv.gz", channel.resolve("usersha1-profile.tsv.gz"));
    Map<String, String> env = Map.of(
        "SM_INPUT_DIR", dir.resolve("raw/input").toString(),
        "SM_CHANNEL_TRAIN", channel.toString(),
        "SM_MODEL_DIR", dir.resolve("raw/model").toString());
    TrainServeTest.Run run = TrainServeTest.run(new TrainCommand(env), "--n-neighbors", "15");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("on 1000 items x 9994 users (293439 stored)");
    try (ModelServer s = TrainServeTest.serve(env, "--host", "127.0.0.1", "--port", "0")) {
      Http h = new Http(s.port());
      assertThat(h.awaitReady().status()).isEqualTo(200);
      Http.Reply r = h.post("/invocations", "application/json",
          "{\"artists\": [\"the beatles\", \"genesis\"]}");
      assertThat(names(r.body().get("results").get(0))).isEqualTo(expected.get("the beatles"));
      assertThat(names(r.body().get("results").get(1))).isEqualTo(expected.get("genesis"));
    }
  }

  @Test
  void train_flagFormFromTheNpz_thenServe() throws Exception {
    Path npz = dir.resolve("opt/ml/input/data/train/artist_user_mtrx.npz");
    Path out = dir.resolve("flag/model.pknn");
    TrainServeTest.Run run = TrainServeTest.run(new TrainCommand(Map.of()),
        "--train", npz.toString(), "--model", out.toString(), "--metric", "cosine",
        "--algorithm", "brute", "--n-neighbors", "15");
    assertThat(run.exit()).as(run.err()).isZero();
    try (ModelServer s = TrainServeTest.serve(Map.of(),
        "--model", out.toString(), "--host", "127.0.0.1", "--port", "0")) {
      Http h = new Http(s.port());
      assertThat(h.awaitReady().status()).isEqualTo(200);
      Http.Reply r = h.post("/invocations", "application/json", "{\"artists\": [\"nirvana\"]}");
      assertThat(names(r.body().get("results").get(0))).isEqualTo(expected.get("nirvana"));
    }
  }
}
