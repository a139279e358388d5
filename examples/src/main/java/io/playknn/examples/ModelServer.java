package io.playknn.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.Neighbors;
import io.playknn.matrix.SparseVector;
import io.playknn.model.KnnModel;
import io.playknn.recommend.ItemNames;
import io.playknn.recommend.UnknownItemException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The inference server of SageMaker's bring-your-own-container contract, on the JDK's HTTP server.
 *
 * <ul>
 *   <li>{@code GET /ping}: 200 {@code {"status":"ok",...}} once the model is loaded, 503 while it
 *       loads, 500 if loading failed.
 *   <li>{@code POST /invocations} with {@code application/json} {@code {"artists": ["the beatles"],
 *       "k": 15}}: for each artist (exact name, else case- and accent-insensitive) its {@code k}
 *       nearest artists, itself excluded, with cosine (or the model's metric) distances.
 *   <li>{@code POST /invocations} with a feature row (a JSON array of numbers, an array of such
 *       rows, {@code {"instances": rows}}, or {@code text/csv} lines): for each row the indices and
 *       distances of its {@code k} nearest items ({@code k} from the {@code k} query parameter,
 *       else the model's default), as the reference's {@code predict_fn} answered with {@code
 *       kneighbors}; an indexed item's own row finds itself first at distance 0.
 * </ul>
 *
 * <p>Errors are JSON {@code {"error": message, "status": code}}: malformed body or bad arguments
 * 400, unknown artist 404 (with {@code "suggestions"}), wrong method 405, body over the size
 * limit 413, unsupported content type 415, still loading 503. Requests are handled on a bounded
 * pool of threads; the model and index are immutable, so concurrent requests are safe.
 */
final class ModelServer implements AutoCloseable {
  /** Most bytes of a refused (413) body read and discarded before answering. */
  static final long DRAIN_LIMIT = 4L << 20;

  /** The JDK HTTP server's switch for TCP_NODELAY on accepted connections. */
  static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

  /** Largest number of artists in one names query. */
  static final int MAX_ARTISTS = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer http;
  private final ExecutorService pool;
  private final ExecutorService loader;
  /** Longest artist name a request may give. */
  static final int MAX_ARTIST_CHARS = 1024;

  /** Largest body limit: a body is read into one array, with one byte more to detect excess. */
  static final int MAX_BODY_BYTES = Integer.MAX_VALUE - 9;

  private final int maxBodyBytes;
  private final AtomicReference<Loaded> loaded = new AtomicReference<>();
  private final AtomicReference<Throwable> loadFailure = new AtomicReference<>();

  /** The model with its name lookup, both immutable. */
  private record Loaded(KnnModel model, ItemNames names) {}

  private ModelServer(HttpServer http, ExecutorService pool, int maxBodyBytes) {
    this.http = http;
    this.pool = pool;
    this.maxBodyBytes = maxBodyBytes;
    this.loader = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "playknn-model-loader");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts serving at once and loads the model in the background; {@code /ping} answers 200 when
   * it is loaded.
   *
   * @param model loads the model (for example {@code () -> KnnModel.load(path)})
   * @param address where to listen; port 0 picks a free port
   * @param threads request-handling threads, {@code >= 1}
   * @param maxBodyBytes largest accepted request body, in {@code [1, MAX_BODY_BYTES]}
   * @return the running server
   * @throws IOException if the address cannot be bound
   * @throws IllegalArgumentException if {@code threads} is below 1 or {@code maxBodyBytes} out of
   *     range
   */
  static ModelServer start(
      Callable<KnnModel> model, InetSocketAddress address, int threads, int maxBodyBytes)
      throws IOException {
    Objects.requireNonNull(model, "model");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    }
    if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_BYTES) {
      throw new IllegalArgumentException(
          "maxBodyBytes must be in [1, " + MAX_BODY_BYTES + "], was " + maxBodyBytes);
    }
    AtomicInteger ids = new AtomicInteger();
    // Bounded: a full queue makes the accepting thread run the request itself (back-pressure).
    ThreadPoolExecutor pool = new ThreadPoolExecutor(
        threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(threads * 64),
        r -> {
          Thread t = new Thread(r, "playknn-http-" + ids.incrementAndGet());
          t.setDaemon(true);
          return t;
        },
        new ThreadPoolExecutor.CallerRunsPolicy());
    // The JDK server leaves Nagle's algorithm on; with small JSON answers it meets the client's
    // delayed ACK and every answer waits ~40 ms. Turn it off unless the operator chose.
    if (System.getProperty(NO_DELAY_PROPERTY) == null) {
      System.setProperty(NO_DELAY_PROPERTY, "true");
    }
    HttpServer http = HttpServer.create(address, 128);
    ModelServer server = new ModelServer(http, pool, maxBodyBytes);
    http.setExecutor(pool);
    http.createContext("/", server::handle);
    http.start();
    server.loader.execute(() -> {
      try {
        KnnModel m = model.call();
        server.loaded.set(new Loaded(m, ItemNames.of(m.itemNames())));
      } catch (Throwable t) {
        server.loadFailure.set(t);
      }
    });
    return server;
  }

  /** @return the port the server listens on */
  int port() {
    return http.getAddress().getPort();
  }

  /** @return whether the model is loaded and queries are answered */
  boolean ready() {
    return loaded.get() != null;
  }

  /** Stops accepting, lets requests in progress finish for up to a second, and frees the threads. */
  @Override
  public void close() {
    http.stop(1);
    pool.shutdownNow();
    loader.shutdownNow();
  }

  // ---------------------------------------------------------------------------------------------

  /** An error answered with a status and a JSON body. */
  private static final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final transient ObjectNode body;

    HttpError(int status, String message) {
      super(message, null, false, false);
      this.status = status;
      this.body = JSON.createObjectNode().put("error", message).put("status", status);
    }
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      try {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/ping")) {
          requireMethod(method, "GET");
          ping(exchange);
        } else if (path.equals("/invocations")) {
          requireMethod(method, "POST");
          send(exchange, 200, invoke(exchange));
        } else {
          throw new HttpError(404, "no endpoint " + path + "; endpoints: GET /ping, POST /invocations");
        }
      } catch (HttpError e) {
        send(exchange, e.status, e.body);
      } catch (RuntimeException e) {
        send(exchange, 500, JSON.createObjectNode()
            .put("error", "internal error: " + e).put("status", 500));
      }
    } catch (IOException | UncheckedIOException e) {
      // The client went away; nothing to answer.
    }
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new HttpError(405, "method must be " + allowed + ", was " + method);
    }
  }

  private void ping(HttpExchange exchange) throws IOException {
    Loaded l = loaded.get();
    if (l == null) {
      Throwable failure = loadFailure.get();
      if (failure != null) {
        throw new HttpError(500, "model failed to load: " + failure.getMessage());
      }
      throw new HttpError(503, "model is loading");
    }
    send(exchange, 200, JSON.createObjectNode()
        .put("status", "ok")
        .put("items", l.model().items().rows())
        .put("features", l.model().items().columns())
        .put("algorithm", l.model().options().algorithm())
        .put("metric", l.model().options().metric().id()));
  }

  private JsonNode invoke(HttpExchange exchange) throws IOException {
    String contentType = mediaType(exchange.getRequestHeaders().getFirst("Content-Type"));
    if (!contentType.equals("application/json") && !contentType.equals("text/csv")) {
      throw new HttpError(415, "Content-Type must be application/json or text/csv, was "
          + (contentType.isEmpty() ? "missing" : contentType));
    }
    byte[] body = readBody(exchange);
    Loaded l = loaded.get();
    if (l == null) {
      throw new HttpError(503, "model is loading");
    }
    Integer k = queryK(exchange.getRequestURI());
    if (contentType.equals("text/csv")) {
      return vectors(l, csvRows(new String(body, StandardCharsets.UTF_8), l), k);
    }
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new HttpError(400, "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      // The body is in memory: any other read error (such as bytes that look like UTF-32 but
      // are not) is the client's too, not a connection that went away.
      throw new HttpError(400, "malformed JSON: " + e.getMessage());
    }
    if (json == null || json.isMissingNode()) {
      throw new HttpError(400, "malformed JSON: empty body");
    }
    if (json.isObject() && json.has("artists")) {
      return names(l, json, k);
    }
    if (json.isObject() && json.has("instances")) {
      return vectors(l, jsonRows(json.get("instances"), l), k);
    }
    if (json.isArray()) {
      return vectors(l, jsonRows(json, l), k);
    }
    throw new HttpError(400, "JSON body must be {\"artists\": [names], \"k\": n}, a feature row"
        + " [numbers], rows [[numbers], ...] or {\"instances\": rows}");
  }

  private static String mediaType(String header) {
    if (header == null) {
      return "";
    }
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  private byte[] readBody(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw new HttpError(400, "Content-Length must be a number, was " + length);
      }
      if (declared > maxBodyBytes) {
        drain(exchange.getRequestBody());
        throw new HttpError(413, "body must be at most " + maxBodyBytes + " bytes, was " + declared);
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(maxBodyBytes + 1);
      if (body.length > maxBodyBytes) {
        drain(in);
        throw new HttpError(413, "body must be at most " + maxBodyBytes + " bytes, was longer");
      }
      return body;
    }
  }

  /**
   * Reads and discards what is left of a refused body, up to {@link #DRAIN_LIMIT} bytes, so that
   * a client still sending it reads the 413 instead of a connection reset (the server closes a
   * connection whose body is left unread). Beyond the limit the connection is simply closed.
   */
  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    long left = DRAIN_LIMIT;
    int n;
    while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
      left -= n;
    }
  }

  private static Integer queryK(URI uri) {
    String query = uri.getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("k=")) {
        try {
          return Integer.parseInt(pair.substring(2));
        } catch (NumberFormatException e) {
          throw new HttpError(400, "query parameter k must be an integer, was " + pair.substring(2));
        }
      }
    }
    return null;
  }

  private static int checkK(Integer k, Loaded l, int available) {
    int value = k == null ? l.model().options().neighbors() : k;
    if (value < 1 || value > available) {
      throw new HttpError(400, "k must be in [1, " + available + "], was " + value);
    }
    return value;
  }

  private static JsonNode names(Loaded l, JsonNode json, Integer queryK) {
    JsonNode artists = json.get("artists");
    if (!artists.isArray() || artists.isEmpty() || artists.size() > MAX_ARTISTS) {
      throw new HttpError(400, "\"artists\" must be an array of 1 to " + MAX_ARTISTS + " names, was "
          + (artists.isArray() ? artists.size() + " names" : artists.getNodeType().toString().toLowerCase(Locale.ROOT)));
    }
    Integer k = queryK;
    JsonNode kNode = json.get("k");
    if (kNode != null) {
      if (!kNode.isIntegralNumber() || !kNode.canConvertToInt()) {
        throw new HttpError(400, "\"k\" must be an integer, was " + kNode);
      }
      k = kNode.intValue();
    }
    NearestNeighbors index = l.model().index();
    int kk = checkK(k, l, Math.max(1, index.size() - 1));
    ObjectNode out = JSON.createObjectNode().put("k", kk);
    ArrayNode results = out.putArray("results");
    for (JsonNode a : artists) {
      if (!a.isTextual()) {
        throw new HttpError(400, "each artist must be a string, was " + a);
      }
      // An unknown name is compared with every name for suggestions (cost: its length times all
      // names' length), so an absurdly long one would tie up a handler thread for minutes.
      if (a.textValue().length() > MAX_ARTIST_CHARS) {
        throw new HttpError(400, "each artist name must be at most " + MAX_ARTIST_CHARS
            + " characters, was " + a.textValue().length());
      }
      int item;
      try {
        item = l.names().index(a.textValue());
      } catch (UnknownItemException e) {
        HttpError error = new HttpError(404, "unknown artist \"" + e.name() + "\"");
        error.body.put("artist", e.name());
        ArrayNode s = error.body.putArray("suggestions");
        e.suggestions().forEach(s::add);
        throw error;
      }
      Neighbors n = index.kneighbors(item, kk);
      ObjectNode r = results.addObject()
          .put("query", a.textValue())
          .put("artist", l.names().name(item))
          .put("index", item);
      ArrayNode list = r.putArray("neighbors");
      for (int i = 0; i < n.size(); i++) {
        list.addObject()
            .put("artist", l.names().name(n.index(i)))
            .put("index", n.index(i))
            .put("distance", n.distance(i));
      }
    }
    return out;
  }

  private static List<SparseVector> jsonRows(JsonNode json, Loaded l) {
    if (!json.isArray() || json.isEmpty()) {
      throw new HttpError(400, "feature rows must be a non-empty array, was " + shortText(json));
    }
    List<JsonNode> rows = new ArrayList<>();
    if (json.get(0).isArray()) {
      json.forEach(rows::add);
    } else {
      rows.add(json);
    }
    List<SparseVector> out = new ArrayList<>(rows.size());
    int dimension = l.model().items().columns();
    for (int r = 0; r < rows.size(); r++) {
      JsonNode row = rows.get(r);
      if (!row.isArray() || row.size() != dimension) {
        throw new HttpError(400, "feature row " + r + " must be an array of " + dimension
            + " numbers (one per user), was " + (row.isArray() ? row.size() + " values" : shortText(row)));
      }
      double[] dense = new double[dimension];
      for (int c = 0; c < dimension; c++) {
        JsonNode v = row.get(c);
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
          throw new HttpError(400, "feature row " + r + " value " + c + " must be a finite number, was "
              + shortText(v));
        }
        dense[c] = v.doubleValue();
      }
      out.add(SparseVector.ofDense(dense));
    }
    return out;
  }

  private static List<SparseVector> csvRows(String text, Loaded l) {
    int dimension = l.model().items().columns();
    List<SparseVector> out = new ArrayList<>();
    String[] lines = text.split("\r?\n");
    for (int line = 0; line < lines.length; line++) {
      if (lines[line].isBlank()) {
        continue;
      }
      String[] cells = lines[line].split(",", -1);
      if (cells.length != dimension) {
        throw new HttpError(400, "CSV line " + (line + 1) + " must have " + dimension
            + " values (one per user), had " + cells.length);
      }
      double[] dense = new double[dimension];
      for (int c = 0; c < dimension; c++) {
        try {
          dense[c] = Double.parseDouble(cells[c].trim());
        } catch (NumberFormatException e) {
          throw new HttpError(400, "CSV line " + (line + 1) + " value " + (c + 1)
              + " must be a number, was \"" + abbreviate(cells[c]) + "\"");
        }
        if (!Double.isFinite(dense[c])) {
          throw new HttpError(400, "CSV line " + (line + 1) + " value " + (c + 1) + " must be finite");
        }
      }
      out.add(SparseVector.ofDense(dense));
    }
    if (out.isEmpty()) {
      throw new HttpError(400, "CSV body has no rows");
    }
    return out;
  }

  private static JsonNode vectors(Loaded l, List<SparseVector> rows, Integer k) {
    NearestNeighbors index = l.model().index();
    int kk = checkK(k, l, index.size());
    ObjectNode out = JSON.createObjectNode().put("k", kk);
    ArrayNode indices = out.putArray("indices");
    ArrayNode distances = out.putArray("distances");
    for (SparseVector row : rows) {
      Neighbors n = index.kneighbors(row, kk);
      ArrayNode ri = indices.addArray();
      ArrayNode rd = distances.addArray();
      for (int i = 0; i < n.size(); i++) {
        ri.add(n.index(i));
        rd.add(n.distance(i));
      }
    }
    return out;
  }

  private static String shortText(JsonNode node) {
    return abbreviate(node.toString());
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
