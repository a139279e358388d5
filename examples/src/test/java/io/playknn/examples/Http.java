package io.playknn.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP client against a server on 127.0.0.1. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A response: status and parsed JSON body. */
  record Reply(int status, JsonNode body, String contentType) {}

  /**
   * A new client, so a new connection, for every request: the server closes a connection after
   * answering a request whose body it did not read (413, 406 before the body), and a pooled client
   * could send the next test's request on it in the moment before it sees the close.
   */
  private static HttpClient client() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }
  private final int port;

  Http(int port) {
    this.port = port;
  }

  Reply get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  Reply post(String path, String contentType, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b);
  }

  Reply postBytes(String path, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  Reply postChunked(String path, String contentType, String body)
      throws IOException, InterruptedException {
    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))));
  }

  /** A response with its body as bytes. */
  record Raw(int status, byte[] body, String contentType) {
    String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  /** POSTs {@code body} with the given {@code Content-Type} and {@code Accept} (null: none). */
  Raw exchange(String path, String contentType, String accept, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(30));
    if (accept != null) {
      b.header("Accept", accept);
    }
    HttpResponse<byte[]> r = client().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Raw(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
  }

  /** Polls {@code /ping} until 200, for at most ten seconds. */
  Reply awaitReady() throws IOException, InterruptedException {
    Reply r = null;
    for (int i = 0; i < 200; i++) {
      r = get("/ping");
      if (r.status() == 200) {
        return r;
      }
      Thread.sleep(50);
    }
    return r;
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private Reply send(HttpRequest.Builder b) throws IOException, InterruptedException {
    HttpResponse<String> r = client().send(
        b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JSON.readTree(r.body()),
        r.headers().firstValue("Content-Type").orElse(""));
  }
}
