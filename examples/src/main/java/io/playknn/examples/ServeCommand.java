package io.playknn.examples;

import io.playknn.model.KnnModel;
import io.playknn.recommend.ItemNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code serve}: answers queries over HTTP with SageMaker's inference contract. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Loads a model file and serves it over HTTP until stopped (Ctrl-C or SIGTERM, which lets",
      "requests in progress finish):",
      "  GET  /ping         200 once the model is loaded",
      "  POST /invocations  application/json {\"artists\": [\"the beatles\"], \"k\": 15} -> "
          + "nearest artists with distances;",
      "                     feature rows (application/x-npy as np.save writes them, JSON [row],",
      "                     [[rows]], {\"instances\": rows}, or text/csv lines) -> neighbour "
          + "indices and distances (k from ?k=, else the model's).",
      "  The answer is JSON, CSV or npy as Accept asks (406 otherwise).",
      "Errors are JSON: 400 malformed, 404 unknown artist (with suggestions), 408 slow body,",
      "413 body, rows or answer too large, 415 content type, 431 headers too large, 503 busy.",
      "A missing, corrupt or unusable model exits with status 1 and one line saying why."
    })
final class ServeCommand implements Callable<Integer> {
  private final Map<String, String> env;

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", paramLabel = "PATH",
      description = "The model: a .pknn file or a directory holding model.pknn "
          + "(default: SM_MODEL_DIR/model.pknn).")
  Path model;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, every interface, as "
          + "SageMaker requires; use 127.0.0.1 to stay local).")
  String host;

  @Option(names = "--port", paramLabel = "PORT",
      description = "Port (default: SAGEMAKER_BIND_TO_PORT, else 8080; 0 picks a free port).")
  Integer port;

  @Option(names = "--threads", paramLabel = "N",
      description = "Worker threads answering queries (default: one per processor).")
  Integer threads;

  @Option(names = "--queue", paramLabel = "N",
      description = "Requests that may wait for a worker; more get 503 (default: 64 per worker).")
  Integer queue;

  @Option(names = "--max-body-bytes", paramLabel = "BYTES", defaultValue = "16777216",
      description = "Largest accepted request body; larger gets 413 (default: ${DEFAULT-VALUE}).")
  int maxBodyBytes;

  @Option(names = "--max-answer", paramLabel = "N", defaultValue = "100000",
      description = "Most neighbours in one answer (names x k, rows x k); more gets 413 "
          + "(default: ${DEFAULT-VALUE}).")
  int maxAnswer;

  @Option(names = "--request-log", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Log each request through SLF4J (logger io.playknn.serve.access; "
          + "default: on).")
  boolean requestLog;

  ServeCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /**
   * Runs {@code serve} with the process environment.
   *
   * @param args the command-line arguments ({@code --help} lists them)
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ServeCommand(System.getenv())).execute(args));
  }

  /** @return the model file the options and environment name */
  Path modelFile() {
    Path path = model != null ? model : new SageMaker(env).modelDir();
    return Files.isDirectory(path) ? path.resolve(SageMaker.MODEL_FILE) : path;
  }

  /**
   * Loads the model, checks that it can be served, and starts the server without blocking; for
   * tests and {@link #call()}.
   *
   * @throws IOException if the model cannot be read or the address cannot be bound
   * @throws RuntimeException if the model is corrupt or unusable (such as repeated item names)
   */
  ModelServer start() throws IOException {
    Path file = modelFile();
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "model file does not exist");
    }
    KnnModel m = KnnModel.load(file);
    ItemNames.of(m.itemNames());
    int p = port != null ? port : new SageMaker(env).port();
    ServerLimits limits = ServerLimits.defaults().withMaxBodyBytes(maxBodyBytes)
        .withMaxAnswer(maxAnswer).withRequestLog(requestLog);
    if (threads != null) {
      limits = limits.withWorkers(threads);
    }
    if (queue != null) {
      limits = limits.withQueue(queue);
    }
    return ModelServer.start(() -> m, new InetSocketAddress(host, p), limits);
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ModelServer server;
    try {
      server = start();
    } catch (NoSuchFileException e) {
      return fail("model file " + e.getFile() + " does not exist");
    } catch (IOException | RuntimeException e) {
      return fail("cannot serve " + modelFile() + ": " + e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    out.printf("serving %s on %s:%d (GET /ping, POST /invocations)%n", modelFile(), host,
        server.port());
    out.flush();
    stopped.await();
    return 0;
  }

  /** Prints one line to standard error and returns the exit status 1. */
  private int fail(String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("serve: " + String.valueOf(message).replaceAll("\\s*\\R\\s*", " "));
    err.flush();
    return 1;
  }
}
