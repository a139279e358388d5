package io.playknn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.playknn.eval.ReferenceData;
import io.playknn.knn.KnnOptions;
import io.playknn.model.KnnModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile clients against the server, on loopback and bounded in time and count: silent and slow
 * connections, greedy requests, faults inside a handler, oversized headers, broken framing.
 */
class ServerAttackTest {
  static final int WORKERS = 2;
  static KnnModel model;
  static ModelServer server;
  static Http http;
  /** What the server's hook does before each query (nothing unless a test sets it). */
  static final AtomicReference<Runnable> fault = new AtomicReference<>(() -> {});

  static ServerLimits limits() {
    return ServerLimits.defaults().withWorkers(WORKERS).withQueue(16).withRequestLog(false)
        .withTimeouts(1_000, 1_000, 30_000);
  }

  @BeforeAll
  static void start() throws Exception {
    ReferenceData data = ReferenceData.fromClassPath();
    model = KnnModel.fit(data.matrix(), KnnOptions.builder().algorithm("brute").neighbors(15).build(),
        data.artists());
    server = ModelServer.start(() -> model, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        limits(), () -> fault.get().run());
    http = new Http(server.port());
    assertThat(http.awaitReady().status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void noFault() {
    fault.set(() -> {});
  }

  static Socket connect(int port) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(5_000);
    return s;
  }

  /** Reads until the end of the response headers, or EOF, or the socket's timeout. */
  static String readHead(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && out.size() < 65536) {
      out.write(b);
      if (out.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        break;
      }
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  static String statusLine(String head) {
    int end = head.indexOf("\r\n");
    return end < 0 ? head : head.substring(0, end);
  }

  /** A status from a ping with a one-second bound, -1 if it did not answer in time. */
  static int pingWithinOneSecond(HttpClient client) throws InterruptedException {
    try {
      return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ping"))
          .timeout(Duration.ofSeconds(1)).GET().build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  static String namesBody(List<String> names, int k) {
    return "{\"artists\": [" + names.stream().map(n -> Http.JSON.valueToTree(n).toString())
        .collect(Collectors.joining(",")) + "], \"k\": " + k + "}";
  }

  @Test
  void silentConnections_moreThanWorkers_pingStillAnswersWithinOneSecond() throws Exception {
    List<Socket> silent = new ArrayList<>();
    try {
      for (int i = 0; i < 8 * WORKERS; i++) {
        Socket s = connect(server.port());
        s.getOutputStream().write("GET /pi".getBytes(StandardCharsets.US_ASCII));
        silent.add(s);
      }
      for (int i = 0; i < 4 * WORKERS; i++) {
        Socket s = connect(server.port());
        s.getOutputStream().write(("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: "
            + "application/json\r\nContent-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        silent.add(s);
      }
      HttpClient client = HttpClient.newHttpClient();
      for (int i = 0; i < 10; i++) {
        assertThat(pingWithinOneSecond(client)).as("ping %d", i).isEqualTo(200);
      }
      Http.Reply q = http.post("/invocations", "application/json", "{\"artists\": [\"nirvana\"], \"k\": 3}");
      assertThat(q.status()).isEqualTo(200);
    } finally {
      for (Socket s : silent) {
        s.close();
      }
    }
  }

  @Test
  void headersALineASecond_connectionClosedAfterTheHeaderTimeout() throws Exception {
    try (Socket s = connect(server.port())) {
      OutputStream out = s.getOutputStream();
      out.write("GET /ping HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      boolean closed = false;
      // At most 40 lines, 200 ms apart: the server's 1 s header timeout must end it first.
      for (int i = 0; i < 40 && !closed; i++) {
        Thread.sleep(200);
        try {
          out.write(("X-Slow-" + i + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
          out.flush();
          s.setSoTimeout(1);
          closed = s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
          // Still open.
        } catch (IOException e) {
          closed = true;
        }
      }
      assertThat(closed).as("connection closed by the header timeout").isTrue();
    }
  }

  @Test
  void bodyNeverSent_is408WhileOtherRequestsAreServed() throws Exception {
    try (Socket s = connect(server.port())) {
      s.getOutputStream().write(("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: "
          + "application/json\r\nContent-Length: 1000\r\n\r\n{\"artists\"")
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(http.get("/ping").status()).isEqualTo(200);
      String head = readHead(s);
      assertThat(statusLine(head)).isEqualTo("HTTP/1.1 408 Request Timeout");
    }
  }

  @Test
  void contentLengthOfATerabyte_is413WithoutReading() throws Exception {
    try (Socket s = connect(server.port())) {
      s.getOutputStream().write(("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: "
          + "application/json\r\nContent-Length: 1000000000000\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(statusLine(readHead(s))).isEqualTo("HTTP/1.1 413 Payload Too Large");
    }
  }

  @Test
  void tenThousandHeaders_is431() throws Exception {
    StringBuilder request = new StringBuilder("GET /ping HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 10_000; i++) {
      request.append("X-H").append(i).append(": v\r\n");
    }
    request.append("\r\n");
    assertThat(statusLine(sendWhileReading(request.toString()))).startsWith("HTTP/1.1 431");
    String oneMegabyte = "GET /ping HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(1 << 20) + "\r\n\r\n";
    assertThat(statusLine(sendWhileReading(oneMegabyte))).startsWith("HTTP/1.1 431");
    assertThat(http.get("/ping").status()).isEqualTo(200);
  }

  /** Writes from a second thread while reading, so an early answer is read before any reset. */
  static String sendWhileReading(String request) throws Exception {
    try (Socket s = connect(server.port())) {
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          // The server answered and closed before taking everything: expected.
        }
      });
      String head = readHead(s);
      writer.get(10, TimeUnit.SECONDS);
      return head;
    }
  }

  @Test
  void badChunkFraming_is400() throws Exception {
    for (String chunks : List.of("ZZ\r\n{}\r\n0\r\n\r\n", "2\r\n{}XX0\r\n\r\n",
        "FFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n")) {
      try (Socket s = connect(server.port())) {
        s.getOutputStream().write(("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: "
            + "application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks)
            .getBytes(StandardCharsets.US_ASCII));
        assertThat(statusLine(readHead(s))).as(chunks).startsWith("HTTP/1.1 400");
      }
    }
    assertThat(http.get("/ping").status()).isEqualTo(200);
  }

  @Test
  void trailingGarbageAfterJson_is400() throws Exception {
    for (String body : List.of("{\"artists\": [\"nirvana\"]} x", "{\"artists\": [\"nirvana\"]}{}",
        "{\"artists\": [\"nirvana\"]}]")) {
      Http.Reply r = http.post("/invocations", "application/json", body);
      assertThat(r.status()).as(body).isEqualTo(400);
      assertThat(r.body().get("error").asText()).as(body).startsWith("malformed JSON");
    }
  }

  @Test
  void queryK_percentDecodedThenDigitsOnly() throws Exception {
    String body = "{\"artists\": [\"nirvana\"]}";
    Http.Reply five = http.post("/invocations?k=5", "application/json", body);
    Http.Reply escaped = http.post("/invocations?k=%35", "application/json", body);
    assertThat(five.status()).isEqualTo(200);
    assertThat(escaped.body()).isEqualTo(five.body());
    for (String k : List.of("+5", "%2B5", "5.0", "-5", "05x", "")) {
      Http.Reply r = http.post("/invocations?k=" + k, "application/json", body);
      assertThat(r.status()).as(k).isEqualTo(400);
      assertThat(r.body().get("error").asText()).as(k)
          .startsWith("query parameter k must be a decimal integer (digits only, no sign), was \"");
    }
    assertThat(http.post("/invocations?k=5&k=6", "application/json", body).status()).isEqualTo(400);
    assertThat(http.post("/invocations?n=5", "application/json", body).status()).isEqualTo(400);
  }

  @Test
  void greedyNamesQuery_refusedNamingTheLimit_thenTheNextIsServed() throws Exception {
    Http.Reply greedy = http.post("/invocations", "application/json",
        namesBody(model.itemNames(), 999));
    assertThat(greedy.status()).isEqualTo(413);
    assertThat(greedy.body().get("error").asText()).isEqualTo("an answer may hold at most 100000"
        + " neighbours (names x k), this one 1000 x 999 = 999000");
    Http.Reply next = http.post("/invocations", "application/json", "{\"artists\": [\"nirvana\"], \"k\": 15}");
    assertThat(next.status()).isEqualTo(200);
    assertThat(next.body().get("results").get(0).get("neighbors")).hasSize(15);
  }

  @Test
  void csvLineOfEightMillionCells_refusedAtTheWidth_thenTheNextIsServed() throws Exception {
    byte[] line = "0,".repeat(8_000_000).getBytes(StandardCharsets.US_ASCII);
    Http.Raw r = http.exchange("/invocations", "text/csv", null, line);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").asText())
        .isEqualTo("CSV line 1 must have 9994 values (one per user), had more");
    assertThat(http.post("/invocations", "application/json", "{\"artists\": [\"nirvana\"]}").status())
        .isEqualTo(200);
  }

  @Test
  void errorsThrownInsideAHandler_are500AndTheServerGoesOn() throws Exception {
    String body = "{\"artists\": [\"nirvana\"], \"k\": 3}";
    for (Throwable t : List.of(new OutOfMemoryError("injected"), new StackOverflowError(),
        new IllegalStateException("injected"))) {
      fault.set(() -> {
        if (t instanceof Error e) {
          throw e;
        }
        throw (RuntimeException) t;
      });
      Http.Reply r = http.post("/invocations", "application/json", body);
      assertThat(r.status()).as(t.toString()).isEqualTo(500);
      assertThat(r.body().get("error").asText()).isEqualTo("internal error: " + t);
    }
    fault.set(() -> {});
    assertThat(http.get("/ping").status()).isEqualTo(200);
    assertThat(http.post("/invocations", "application/json", body).status()).isEqualTo(200);
  }

  @Test
  void headPing_isOkWithoutBody() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/ping"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void everyWorkerBusyAndQueueFull_is503_thenServedAgain() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    try (ModelServer small = ModelServer.start(() -> model,
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        limits().withWorkers(1).withQueue(1), () -> {
          entered.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        })) {
      Http h = new Http(small.port());
      assertThat(h.awaitReady().status()).isEqualTo(200);
      String body = "{\"artists\": [\"nirvana\"], \"k\": 3}";
      CompletableFuture<Http.Reply> first = CompletableFuture.supplyAsync(() -> post(h, body));
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Http.Reply> queued = CompletableFuture.supplyAsync(() -> post(h, body));
      Http.Reply busy = null;
      // The queued request takes the one queue place once it has arrived; poll until refused.
      for (int i = 0; i < 100 && (busy == null || busy.status() != 503); i++) {
        Thread.sleep(20);
        busy = new Http(small.port()).post("/invocations", "application/json", body);
      }
      assertThat(busy.status()).isEqualTo(503);
      assertThat(busy.body().get("error").asText()).isEqualTo(
          "server busy: all 1 workers are answering and 1 requests wait; retry later");
      assertThat(h.get("/ping").status()).isEqualTo(200);
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(queued.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    }
  }

  @Test
  void close_letsTheRequestInProgressFinish() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ModelServer s = ModelServer.start(() -> model,
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), limits(), () -> {
          entered.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    Http h = new Http(s.port());
    assertThat(h.awaitReady().status()).isEqualTo(200);
    CompletableFuture<Http.Reply> inFlight = CompletableFuture.supplyAsync(
        () -> post(h, "{\"artists\": [\"nirvana\"], \"k\": 3}"));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(s::close);
    Thread.sleep(200);
    release.countDown();
    assertThat(inFlight.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    closing.get(10, TimeUnit.SECONDS);
  }

  static Http.Reply post(Http h, String body) {
    try {
      return h.post("/invocations", "application/json", body);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
