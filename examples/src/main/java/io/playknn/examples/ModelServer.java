package io.playknn.examples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.knn.Neighbors;
import io.playknn.matrix.SparseVector;
import io.playknn.model.KnnModel;
import io.playknn.recommend.ItemNames;
import io.playknn.recommend.UnknownItemException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference server of SageMaker's bring-your-own-container contract, on Jetty.
 *
 * <ul>
 *   <li>{@code GET /ping} (or {@code HEAD}): 200 {@code {"status":"ok",...}} once the model is
 *       loaded, 503 while it loads, 500 if loading failed.
 *   <li>{@code POST /invocations}, {@code application/json} {@code {"artists": ["the beatles"],
 *       "k": 15}}: for each artist (exact name, else case- and accent-insensitive) its {@code k}
 *       nearest artists, itself excluded, from the model's stored neighbour table when it holds
 *       {@code k}, else computed.
 *   <li>{@code POST /invocations} with feature rows (one value per user): JSON ({@link
 *       JsonBodies}), {@code text/csv} ({@link CsvRows}) or {@code application/x-npy} ({@link
 *       NpyArrays}): for each row the indices and distances of its {@code k} nearest items, as
 *       the reference's {@code predict_fn} answered with {@code kneighbors}; an indexed item's own
 *       row finds itself first at distance 0.
 * </ul>
 *
 * <p>{@code k} comes from the body's {@code "k"}, else the query parameter {@code k} (decimal
 * digits after percent-decoding, nothing else), else the model's {@code n_neighbors}. The answer
 * is in the format {@code Accept} asks for ({@link Answers}). Errors are JSON {@code {"error":
 * message, "status": code}}: 400 malformed body or argument, 404 unknown artist (with {@code
 * "suggestions"}) or path, 405 method, 406 {@code Accept}, 408 body not received in time, 413 body,
 * rows or answer over its limit, 415 content type, 431 headers too large, 500 a failure inside the
 * server (the server goes on answering), 503 model loading or every worker busy with a full queue.
 * Each bound is a field of {@link ServerLimits}.
 *
 * <p>Connections are served by Jetty's selector threads, so slow or silent clients hold no worker:
 * only a request whose body has fully arrived is given to one of the bounded workers, which
 * parses and answers it. The model and index are immutable, so concurrent requests are safe.
 */
final class ModelServer implements AutoCloseable {
  /** Longest artist name a request may give. */
  static final int MAX_ARTIST_CHARS = 1024;

  /** Largest number of artists in one names query. */
  static final int MAX_ARTISTS = 1000;

  /** Name of the SLF4J logger of the request log. */
  static final String ACCESS_LOGGER = "io.playknn.serve.access";

  private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);
  private static final JsonFactory JSON = new JsonFactory();
  private static final String ENDPOINTS = "endpoints: GET /ping, POST /invocations";

  /** Runs in a worker before it answers a query; tests inject faults through it. */
  interface QueryHook {
    /** No hook. */
    QueryHook NONE = () -> {};

    /** Called before the worker parses and answers the query. */
    void beforeQuery();
  }

  private final Server jetty;
  private final ServerConnector connector;
  private final ThreadPoolExecutor workers;
  private final ExecutorService loader;
  private final HeaderDeadline headerDeadline;
  private final ServerLimits limits;
  private final QueryHook hook;
  private final AtomicReference<Loaded> loaded = new AtomicReference<>();
  private final AtomicReference<Throwable> loadFailure = new AtomicReference<>();

  /** The model with its name lookup and table, all immutable. */
  private record Loaded(KnnModel model, ItemNames names, NeighborTable table) {
    int tableWidth() {
      return table == null || table.size() == 0 ? 0 : table.count(0);
    }
  }

  private ModelServer(InetSocketAddress address, ServerLimits limits, QueryHook hook) {
    this.limits = limits;
    this.hook = hook;
    AtomicInteger ids = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(limits.workers(), limits.workers(), 0,
        TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(limits.queue()), r -> {
          Thread t = new Thread(r, "playknn-worker-" + ids.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    this.loader = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "playknn-model-loader");
      t.setDaemon(true);
      return t;
    });
    // Jetty's own threads only accept, select, parse and write: a small fixed pool.
    QueuedThreadPool threads = new QueuedThreadPool(8, 4);
    threads.setName("playknn-http");
    threads.setDaemon(true);
    jetty = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(limits.maxHeaderBytes());
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setIdleTimeout(limits.idleTimeoutMillis());
    connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    connector.setIdleTimeout(limits.idleTimeoutMillis());
    connector.setAcceptQueueSize(128);
    headerDeadline = new HeaderDeadline(limits.headerTimeoutMillis());
    connector.addEventListener(headerDeadline);
    jetty.addConnector(connector);
    jetty.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
    // Non-blocking: handle() never waits (bodies are read on demand, every query goes to a
    // worker), so Jetty runs it on the thread that parsed the request instead of handing it to a
    // pool thread first: one hand-off per request (to the worker) rather than two.
    jetty.setHandler(new GracefulHandler(new Handler.Abstract.NonBlocking() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        return ModelServer.this.handle(request, response, callback);
      }
    }));
    jetty.setErrorHandler(new JsonErrorHandler());
    jetty.setStopTimeout(limits.stopTimeoutMillis());
    if (limits.requestLog()) {
      jetty.setRequestLog(new CustomRequestLog(new AccessLog(),
          "%{client}a \"%r\" %s %O %{ms}Tms"));
    }
  }

  /**
   * Starts serving at once and loads the model in the background; {@code /ping} answers 200 when
   * it is loaded.
   *
   * @param model loads the model (for example {@code () -> KnnModel.load(path)})
   * @param address where to listen; port 0 picks a free port
   * @param limits the server's bounds
   * @return the running server
   * @throws IOException if the address cannot be bound
   */
  static ModelServer start(Callable<KnnModel> model, InetSocketAddress address, ServerLimits limits)
      throws IOException {
    return start(model, address, limits, QueryHook.NONE);
  }

  /**
   * As {@link #start(Callable, InetSocketAddress, ServerLimits)} with the default limits except
   * the worker count and body size.
   *
   * @throws IllegalArgumentException if {@code threads < 1} or {@code maxBodyBytes} is out of
   *     {@code [1, ServerLimits.MAX_BODY_BYTES]}
   */
  static ModelServer start(
      Callable<KnnModel> model, InetSocketAddress address, int threads, int maxBodyBytes)
      throws IOException {
    return start(model, address,
        ServerLimits.defaults().withWorkers(threads).withMaxBodyBytes(maxBodyBytes));
  }

  /** As {@link #start(Callable, InetSocketAddress, ServerLimits)}, with a hook for tests. */
  static ModelServer start(Callable<KnnModel> model, InetSocketAddress address,
      ServerLimits limits, QueryHook hook) throws IOException {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(limits, "limits");
    ModelServer server = new ModelServer(address, limits, Objects.requireNonNull(hook, "hook"));
    try {
      server.jetty.start();
    } catch (IOException e) {
      server.close();
      throw e;
    } catch (Exception e) {
      server.close();
      throw new IOException("cannot start the server on " + address + ": " + e.getMessage(), e);
    }
    server.headerDeadline.start(server.jetty);
    server.loader.execute(() -> {
      try {
        KnnModel m = model.call();
        server.loaded.set(new Loaded(m, ItemNames.of(m.itemNames()),
            m.neighborTable().orElse(null)));
        LOG.info("model loaded: {}", m);
      } catch (Throwable t) {
        server.loadFailure.set(t);
        LOG.error("model failed to load: {}", String.valueOf(t.getMessage()));
      }
    });
    return server;
  }

  /** @return the port the server listens on */
  int port() {
    return connector.getLocalPort();
  }

  /** @return whether the model is loaded and queries are answered */
  boolean ready() {
    return loaded.get() != null;
  }

  /**
   * Stops accepting connections, lets requests in progress finish for up to {@link
   * ServerLimits#stopTimeoutMillis()}, then stops every thread the server started.
   */
  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      LOG.warn("stopping the HTTP server: {}", e.toString());
    }
    headerDeadline.stop();
    workers.shutdownNow();
    loader.shutdownNow();
  }

  // ---------------------------------------------------------------------------------------------

  private boolean handle(Request request, Response response, Callback callback) {
    try {
      String path = request.getHttpURI().getPath();
      String method = request.getMethod();
      if ("/ping".equals(path)) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
          throw new RequestException(405, "method must be GET or HEAD, was " + method);
        }
        ping(response, callback);
      } else if ("/invocations".equals(path)) {
        if (!method.equals("POST")) {
          throw new RequestException(405, "method must be POST, was " + method);
        }
        invocations(request, response, callback);
      } else {
        throw new RequestException(404, "no endpoint " + path + "; " + ENDPOINTS);
      }
    } catch (RequestException e) {
      sendError(response, callback, e.status(), e.getMessage(), null);
    }
    return true;
  }

  private void ping(Response response, Callback callback) {
    Loaded l = loaded.get();
    if (l == null) {
      Throwable failure = loadFailure.get();
      if (failure != null) {
        throw new RequestException(500, "model failed to load: " + failure.getMessage());
      }
      throw new RequestException(503, "model is loading");
    }
    send(response, callback, 200, Answers.JSON.mediaType(), json(g -> {
      g.writeStringField("status", "ok");
      g.writeNumberField("items", l.model().items().rows());
      g.writeNumberField("features", l.model().items().columns());
      g.writeStringField("algorithm", l.model().options().algorithm());
      g.writeStringField("metric", l.model().options().metric().id());
      g.writeNumberField("table_k", l.tableWidth());
    }));
  }

  /** What a request body is, from its {@code Content-Type}. */
  private enum BodyType { JSON, CSV, NPY }

  private void invocations(Request request, Response response, Callback callback) {
    BodyType type = bodyType(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
    Answers answer = Answers.negotiate(request.getHeaders().get(HttpHeader.ACCEPT));
    Integer queryK = QueryK.parse(request.getHttpURI().getQuery());
    long declared = request.getLength();
    if (declared > limits.maxBodyBytes()) {
      throw new RequestException(413, "body must be at most " + limits.maxBodyBytes()
          + " bytes, was " + declared);
    }
    Loaded l = loaded.get();
    if (l == null) {
      throw new RequestException(503, loadFailure.get() == null ? "model is loading"
          : "model failed to load: " + loadFailure.get().getMessage());
    }
    new BodyReader(request, limits.maxBodyBytes(), limits.bodyTimeoutMillis(), declared,
        new BodyReader.Listener() {
          @Override
          public void onBody(byte[] body) {
            dispatch(response, callback, () -> answer(l, parse(l, type, queryK, body), answer));
          }

          @Override
          public void onError(int status, String message) {
            sendError(response, callback, status, message, "close");
          }
        }).start();
  }

  /** Hands a request whose body has arrived to a worker, or answers 503 if all are taken. */
  private void dispatch(Response response, Callback callback, Callable<Reply> work) {
    try {
      workers.execute(() -> respond(response, callback, () -> {
        hook.beforeQuery();
        return work.call();
      }));
    } catch (RejectedExecutionException e) {
      sendError(response, callback, 503, "server busy: all " + limits.workers() + " workers are"
          + " answering and " + limits.queue() + " requests wait; retry later", null);
    }
  }

  /** Runs {@code work} on this thread and sends its reply, or the error it ended with. */
  private static void respond(Response response, Callback callback, Callable<Reply> work) {
    try {
      Reply r = work.call();
      send(response, callback, 200, r.mediaType(), r.body());
    } catch (RequestException e) {
      sendError(response, callback, e.status(), e.getMessage(), null);
    } catch (UnknownArtist e) {
      UnknownItemException u = e.cause;
      send(response, callback, 404, Answers.JSON.mediaType(), json(g -> {
        g.writeStringField("error", "unknown artist \"" + u.name() + "\"");
        g.writeNumberField("status", 404);
        g.writeStringField("artist", u.name());
        g.writeArrayFieldStart("suggestions");
        for (String suggestion : u.suggestions()) {
          g.writeString(suggestion);
        }
        g.writeEndArray();
      }));
    } catch (Throwable t) {
      // Even an Error (an OutOfMemoryError in a huge answer) ends only this request.
      LOG.error("request failed inside the server", t);
      sendError(response, callback, 500, "internal error: " + t, null);
    }
  }

  /** An answer body and its media type. */
  private record Reply(String mediaType, byte[] body) {}

  /**
   * A parsed query with its {@code k} checked.
   *
   * @param body the names or the rows
   * @param k neighbours per name or row
   * @param fromTable whether the answer is read from the stored table (a names query with {@code
   *     k} within the table)
   */
  private record Query(JsonBodies.Body body, int k, boolean fromTable) {}

  private Query parse(Loaded l, BodyType type, Integer queryK, byte[] body) {
    int columns = l.model().items().columns();
    JsonBodies.Body parsed = switch (type) {
      case JSON -> JsonBodies.read(body, columns, limits.maxRows(), MAX_ARTISTS, MAX_ARTIST_CHARS);
      case CSV -> new JsonBodies.Rows(CsvRows.readRows(body, columns, limits.maxRows()), null);
      case NPY -> new JsonBodies.Rows(NpyArrays.readRows(body, columns, limits.maxRows()), null);
    };
    if (parsed instanceof JsonBodies.Names names) {
      int k = checkK(names.k() != null ? names.k() : queryK, l,
          Math.max(1, l.model().index().size() - 1));
      checkAnswer(names.names().size(), "names", k);
      return new Query(names, k, k <= l.tableWidth());
    }
    JsonBodies.Rows rows = (JsonBodies.Rows) parsed;
    int k = checkK(rows.k() != null ? rows.k() : queryK, l, l.model().index().size());
    checkAnswer(rows.rows().size(), "rows", k);
    return new Query(rows, k, false);
  }

  private static Reply answer(Loaded l, Query q, Answers answer) {
    List<Answers.Result> results;
    if (q.body() instanceof JsonBodies.Names names) {
      results = byName(l, names.names(), q.k(), q.fromTable());
    } else {
      List<SparseVector> rows = ((JsonBodies.Rows) q.body()).rows();
      results = new ArrayList<>(rows.size());
      for (SparseVector row : rows) {
        results.add(new Answers.Result(null, -1, l.model().index().kneighbors(row, q.k())));
      }
    }
    return new Reply(answer.mediaType(), answer.encode(q.k(), results, l.names()::name));
  }

  private void checkAnswer(int queries, String what, int k) {
    long size = (long) queries * k;
    if (size > limits.maxAnswer()) {
      throw new RequestException(413, "an answer may hold at most " + limits.maxAnswer()
          + " neighbours (" + what + " x k), this one " + queries + " x " + k + " = " + size);
    }
  }

  private static int checkK(Integer k, Loaded l, int available) {
    int value = k == null ? Math.min(l.model().options().neighbors(), available) : k;
    if (value < 1 || value > available) {
      throw RequestException.badRequest("k must be in [1, " + available + "], was " + value);
    }
    return value;
  }

  private static List<Answers.Result> byName(Loaded l, List<String> names, int k,
      boolean fromTable) {
    NearestNeighbors index = l.model().index();
    List<Answers.Result> results = new ArrayList<>(names.size());
    for (String name : names) {
      int item;
      try {
        item = l.names().index(name);
      } catch (UnknownItemException e) {
        throw new UnknownArtist(e);
      }
      Neighbors n = fromTable ? l.table().row(item).head(k) : index.kneighbors(item, k);
      results.add(new Answers.Result(name, item, n));
    }
    return results;
  }

  /** A 404 for an unknown artist, with suggestions in the body. */
  private static final class UnknownArtist extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient UnknownItemException cause;

    UnknownArtist(UnknownItemException cause) {
      super(cause.getMessage(), null, false, false);
      this.cause = cause;
    }
  }

  private static BodyType bodyType(String header) {
    String type = header == null ? "" : MimeTypes.getContentTypeWithoutCharset(header)
        .trim().toLowerCase(Locale.ROOT);
    int semicolon = type.indexOf(';');
    if (semicolon >= 0) {
      type = type.substring(0, semicolon).trim();
    }
    return switch (type) {
      case "application/json" -> BodyType.JSON;
      case "text/csv" -> BodyType.CSV;
      case NpyArrays.MEDIA_TYPE -> BodyType.NPY;
      default -> throw new RequestException(415, "Content-Type must be application/json, text/csv"
          + " or " + NpyArrays.MEDIA_TYPE + ", was " + (type.isEmpty() ? "missing" : type));
    };
  }

  // ---------------------------------------------------------------------------------------------

  /** Writes JSON fields into one object. */
  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  static byte[] json(Fields fields) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (JsonGenerator g = JSON.createGenerator(bytes)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] errorBody(int status, String message) {
    return json(g -> {
      g.writeStringField("error", message);
      g.writeNumberField("status", status);
    });
  }

  private static void sendError(Response response, Callback callback, int status, String message,
      String connection) {
    if (connection != null) {
      response.getHeaders().put(HttpHeader.CONNECTION, connection);
    }
    send(response, callback, status, Answers.JSON.mediaType(), errorBody(status, message));
  }

  private static void send(Response response, Callback callback, int status, String mediaType,
      byte[] body) {
    response.setStatus(status);
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(HttpHeader.CONTENT_TYPE, mediaType);
    headers.put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** Jetty's error pages (431, 400 for bad framing, ...) as the same JSON as every other error. */
  private static final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      int status = response.getStatus() >= 400 ? response.getStatus() : 500;
      Object code = request.getAttribute(ERROR_STATUS);
      if (code instanceof Integer c) {
        status = c;
      }
      Object message = request.getAttribute(ERROR_MESSAGE);
      send(response, callback, status, Answers.JSON.mediaType(),
          errorBody(status, message == null ? "HTTP " + status : message.toString()));
      return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put(new HttpField(HttpHeader.CONTENT_TYPE, Answers.JSON.mediaType()));
      return ByteBuffer.wrap(errorBody(status, reason == null ? "HTTP " + status : reason));
    }
  }
}
