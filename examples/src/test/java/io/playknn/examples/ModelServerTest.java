package io.playknn.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.playknn.knn.KnnOptions;
import io.playknn.matrix.SparseMatrix;
import io.playknn.model.KnnModel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP contract on a small seeded model, checked against naive cosine loops. */
class ModelServerTest {
  static final long SEED = 42L;
  static final int ITEMS = 40;
  static final int USERS = 25;

  static double[][] dense;
  static KnnModel model;
  static ModelServer server;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    dense = new double[ITEMS][USERS];
    SparseMatrix.Builder b = SparseMatrix.builder(ITEMS, USERS);
    for (int i = 0; i < ITEMS; i++) {
      for (int u = 0; u < USERS; u++) {
        if (random.nextDouble() < 0.3) {
          dense[i][u] = random.nextInt(1, 50) / 49.0;
          b.add(i, u, dense[i][u]);
        }
      }
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      names.add(i == 7 ? "sigur rós" : i == 8 ? "beyoncé" : "artist " + i);
    }
    model = KnnModel.fit(b.build(), KnnOptions.builder().neighbors(6).threads(1).build(), names);
    server = ModelServer.start(() -> model,
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4, 64 * 1024);
    http = new Http(server.port());
    assertThat(http.awaitReady().status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Naive cosine distances from a dense query to every item, sorted by distance then index. */
  static List<Integer> oracle(double[] q, int exclude, int k) {
    double[] d = new double[ITEMS];
    for (int i = 0; i < ITEMS; i++) {
      double dot = 0;
      double nq = 0;
      double ni = 0;
      for (int u = 0; u < USERS; u++) {
        dot += q[u] * dense[i][u];
        nq += q[u] * q[u];
        ni += dense[i][u] * dense[i][u];
      }
      d[i] = nq == 0 || ni == 0 ? 1 : Math.min(2, Math.max(0, 1 - dot / Math.sqrt(nq * ni)));
    }
    return IntStream.range(0, ITEMS).boxed().filter(i -> i != exclude)
        .sorted((a, b) -> Math.abs(d[a] - d[b]) > 1e-12 ? Double.compare(d[a], d[b]) : Integer.compare(a, b))
        .limit(k).collect(Collectors.toList());
  }

  static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asInt()));
    return out;
  }

  static String row(int item, String separator) {
    return IntStream.range(0, USERS).mapToObj(u -> Double.toString(dense[item][u]))
        .collect(Collectors.joining(separator));
  }

  @Test
  void ping_answersOkWithModelShape() throws Exception {
    Http.Reply r = http.get("/ping");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(r.body().get("status").asText()).isEqualTo("ok");
    assertThat(r.body().get("items").asInt()).isEqualTo(ITEMS);
    assertThat(r.body().get("features").asInt()).isEqualTo(USERS);
  }

  @Test
  void invocations_namesQuery_matchesNaiveCosine() throws Exception {
    Http.Reply r = http.post("/invocations", "application/json",
        "{\"artists\": [\"artist 3\", \"SIGUR ROS\"], \"k\": 5}");
    assertThat(r.status()).isEqualTo(200);
    JsonNode first = r.body().get("results").get(0);
    assertThat(first.get("index").asInt()).isEqualTo(3);
    List<Integer> got = new ArrayList<>();
    first.get("neighbors").forEach(n -> got.add(n.get("index").asInt()));
    assertThat(got).isEqualTo(oracle(dense[3], 3, 5));
    assertThat(first.get("neighbors").get(0).get("artist").asText())
        .isEqualTo(model.itemNames().get(got.get(0)));
    JsonNode second = r.body().get("results").get(1);
    assertThat(second.get("artist").asText()).isEqualTo("sigur rós");
    assertThat(second.get("query").asText()).isEqualTo("SIGUR ROS");
  }

  @Test
  void invocations_namesQueryWithoutK_usesModelDefault() throws Exception {
    Http.Reply r = http.post("/invocations", "application/json; charset=utf-8",
        "{\"artists\": [\"beyoncé\"]}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("results").get(0).get("neighbors").size()).isEqualTo(6);
  }

  @Test
  void invocations_jsonFeatureRows_answerIndicesLikeKneighbors() throws Exception {
    Http.Reply one = http.post("/invocations?k=4", "application/json", "[" + row(5, ",") + "]");
    assertThat(one.status()).isEqualTo(200);
    // As scikit-learn's kneighbors on a vector: the indexed item itself comes first, at distance 0.
    assertThat(ints(one.body().get("indices").get(0))).isEqualTo(oracle(dense[5], -1, 4));
    assertThat(one.body().get("indices").get(0).get(0).asInt()).isEqualTo(5);
    assertThat(one.body().get("distances").get(0).get(0).asDouble()).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-12));

    Http.Reply two = http.post("/invocations?k=3", "application/json",
        "{\"instances\": [[" + row(1, ",") + "], [" + row(2, ",") + "]]}");
    assertThat(two.status()).isEqualTo(200);
    assertThat(ints(two.body().get("indices").get(0))).isEqualTo(oracle(dense[1], -1, 3));
    assertThat(ints(two.body().get("indices").get(1))).isEqualTo(oracle(dense[2], -1, 3));
  }

  @Test
  void invocations_csvRows_answerIndices() throws Exception {
    Http.Reply r = http.post("/invocations?k=3", "text/csv", row(9, ",") + "\n" + row(10, ",") + "\n");
    assertThat(r.status()).isEqualTo(200);
    assertThat(ints(r.body().get("indices").get(0))).isEqualTo(oracle(dense[9], -1, 3));
    assertThat(ints(r.body().get("indices").get(1))).isEqualTo(oracle(dense[10], -1, 3));
  }

  @Test
  void invocations_malformedJson_is400() throws Exception {
    Http.Reply r = http.post("/invocations", "application/json", "{\"artists\": [\"x\"");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("error").asText()).startsWith("malformed JSON");
    assertThat(http.post("/invocations", "application/json", "{\"artists\": 3}").status()).isEqualTo(400);
    assertThat(http.post("/invocations", "application/json", "{\"other\": 3}").status()).isEqualTo(400);
    assertThat(http.post("/invocations", "application/json", "").status()).isEqualTo(400);
  }

  @Test
  void invocations_bytesTheJsonParserCannotDecode_are400NotADroppedConnection() throws Exception {
    // Jackson reads these as UTF-32 and fails with a CharConversionException, an IOException
    // that is not a JsonProcessingException: it used to close the exchange with no response.
    byte[] utf32Looking = {0, 0, 0, 0x20, 0};
    Http.Reply r = http.postBytes("/invocations", "application/json", utf32Looking);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("error").asText()).startsWith("malformed JSON");
  }

  @Test
  void invocations_artistNameLongerThanTheCap_is400BeforeAnyLookup() throws Exception {
    String name = "a".repeat(ModelServer.MAX_ARTIST_CHARS + 1);
    Http.Reply r =
        http.post("/invocations", "application/json", "{\"artists\": [\"" + name + "\"]}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("error").asText())
        .isEqualTo("each artist name must be at most 1024 characters, was 1025");
  }

  @Test
  void invocations_badArguments_are400WithMessage() throws Exception {
    Http.Reply k = http.post("/invocations", "application/json", "{\"artists\": [\"artist 1\"], \"k\": 0}");
    assertThat(k.status()).isEqualTo(400);
    assertThat(k.body().get("error").asText()).isEqualTo("k must be in [1, 39], was 0");
    Http.Reply width = http.post("/invocations", "application/json", "[1, 2, 3]");
    assertThat(width.status()).isEqualTo(400);
    assertThat(width.body().get("error").asText())
        .isEqualTo("feature row 0 must have 25 values (one per user), had 3");
    Http.Reply csv = http.post("/invocations", "text/csv", row(1, ",").replaceFirst("^[^,]*", "abc"));
    assertThat(csv.status()).isEqualTo(400);
    assertThat(csv.body().get("error").asText()).isEqualTo("CSV line 1 value 1 must be a number, was \"abc\"");
  }

  @Test
  void invocations_unknownArtist_is404WithSuggestions() throws Exception {
    Http.Reply r = http.post("/invocations", "application/json", "{\"artists\": [\"sigur ross\"]}");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body().get("error").asText()).isEqualTo("unknown artist \"sigur ross\"");
    assertThat(r.body().get("suggestions").get(0).asText()).isEqualTo("sigur rós");
  }

  @Test
  void invocations_bodyOverLimit_is413() throws Exception {
    String big = "[" + "0,".repeat(40_000) + "0]";
    Http.Reply r = http.post("/invocations", "application/json", big);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body().get("error").asText()).isEqualTo("body must be at most 65536 bytes, was " + big.length());
    // Without a Content-Length (chunked), the limit is enforced while reading.
    Http.Reply chunked = http.postChunked("/invocations", "application/json", big);
    assertThat(chunked.status()).isEqualTo(413);
    assertThat(chunked.body().get("error").asText()).isEqualTo("body must be at most 65536 bytes, was longer");
  }

  @Test
  void invocations_unsupportedContentType_is415() throws Exception {
    Http.Reply r = http.post("/invocations", "text/plain", "the beatles");
    assertThat(r.status()).isEqualTo(415);
    assertThat(r.body().get("error").asText())
        .isEqualTo("Content-Type must be application/json, text/csv or application/x-npy, was text/plain");
    assertThat(http.post("/invocations", null, "[1]").status()).isEqualTo(415);
  }

  @Test
  void wrongMethodOrPath_are405And404() throws Exception {
    assertThat(http.get("/invocations").status()).isEqualTo(405);
    assertThat(http.post("/ping", "application/json", "{}").status()).isEqualTo(405);
    assertThat(http.get("/nope").status()).isEqualTo(404);
  }

  @Test
  void tableModel_everyPath_answersTheOracle() throws Exception {
    // k within the table: read from it (also from a body padded past a few kilobytes); k past
    // the table: computed.
    try (ModelServer s = ModelServer.start(() -> model.withNeighborTable(4),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2, 64 * 1024)) {
      Http h = new Http(s.port());
      assertThat(h.awaitReady().status()).isEqualTo(200);
      String padding = " ".repeat(8192);
      for (int item = 0; item < ITEMS; item++) {
        String name = model.itemNames().get(item);
        for (int k : new int[] {3, 4, 6}) {
          String body = "{\"artists\": [\"" + name + "\"], \"k\": " + k + "}" + (k == 4 ? padding : "");
          Http.Reply r = h.post("/invocations", "application/json", body);
          assertThat(r.status()).isEqualTo(200);
          List<Integer> got = new ArrayList<>();
          r.body().get("results").get(0).get("neighbors").forEach(n -> got.add(n.get("index").asInt()));
          assertThat(got).as("item %d, k %d, body of %d bytes", item, k, body.length())
              .isEqualTo(oracle(dense[item], item, k));
        }
      }
    }
  }

  @Test
  void invocations_concurrentClients_allAnsweredCorrectly() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        int client = c;
        results.add(clients.submit(() -> {
          Http h = new Http(server.port());
          int ok = 0;
          for (int i = 0; i < 25; i++) {
            int item = (client * 25 + i) % ITEMS;
            Http.Reply r = h.post("/invocations", "application/json",
                "{\"artists\": [\"" + model.itemNames().get(item) + "\"], \"k\": 4}");
            List<Integer> got = new ArrayList<>();
            r.body().get("results").get(0).get("neighbors").forEach(n -> got.add(n.get("index").asInt()));
            if (r.status() == 200 && got.equals(oracle(dense[item], item, 4))) {
              ok++;
            }
          }
          return ok;
        }));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get()).isEqualTo(25);
      }
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void start_bodyLimitPastTheLargestArray_rejected() {
    // maxBodyBytes + 1 bytes are read to detect a longer body: Integer.MAX_VALUE used to make
    // every POST fail with a 500.
    assertThatThrownBy(() -> ModelServer.start(() -> model,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2, Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBodyBytes must be in [1, 2147483638], was 2147483647");
  }

  @Test
  void ping_whileLoading_is503ThenOk() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (ModelServer slow = ModelServer.start(() -> {
          release.await();
          return model;
        }, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2, 1024)) {
      Http h = new Http(slow.port());
      assertThat(h.get("/ping").status()).isEqualTo(503);
      assertThat(h.post("/invocations", "application/json", "{\"artists\": [\"artist 1\"]}").status())
          .isEqualTo(503);
      release.countDown();
      assertThat(h.awaitReady().status()).isEqualTo(200);
    }
  }

  @Test
  void ping_afterLoadFailure_is500WithReason() throws Exception {
    try (ModelServer broken = ModelServer.start(() -> {
          throw new java.io.IOException("no model here");
        }, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2, 1024)) {
      Http h = new Http(broken.port());
      Http.Reply r = null;
      for (int i = 0; i < 100 && (r == null || r.status() == 503); i++) {
        r = h.get("/ping");
        Thread.sleep(20);
      }
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.body().get("error").asText()).isEqualTo("model failed to load: no model here");
    }
  }
}
