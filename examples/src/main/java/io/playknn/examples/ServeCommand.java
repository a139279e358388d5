package io.playknn.examples;

import io.playknn.model.KnnModel;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
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
      "Loads a model file and serves it over HTTP until stopped (Ctrl-C):",
      "  GET  /ping         200 once the model is loaded",
      "  POST /invocations  application/json {\"artists\": [\"the beatles\"], \"k\": 15} -> "
          + "nearest artists with distances;",
      "                     a feature row (JSON array, [[rows]], {\"instances\": rows} or "
          + "text/csv) -> neighbour indices and distances (k from ?k=, else the model's).",
      "Errors are JSON: 400 malformed, 404 unknown artist (with suggestions), 413 body too "
          + "large, 415 unsupported content type."
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
      description = "Request-handling threads (default: 2 x processors).")
  Integer threads;

  @Option(names = "--max-body-bytes", paramLabel = "BYTES", defaultValue = "16777216",
      description = "Largest accepted request body; larger gets 413 (default: ${DEFAULT-VALUE}).")
  int maxBodyBytes;

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

  /** Starts the server without blocking; for tests and {@link #call()}. */
  ModelServer start() throws java.io.IOException {
    SageMaker sm = new SageMaker(env);
    Path path = model != null ? model : sm.modelDir();
    Path file = Files.isDirectory(path) ? path.resolve(SageMaker.MODEL_FILE) : path;
    int p = port != null ? port : sm.port();
    int t = threads != null ? threads : 2 * Runtime.getRuntime().availableProcessors();
    return ModelServer.start(() -> KnnModel.load(file), new InetSocketAddress(host, p), t, maxBodyBytes);
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ModelServer server = start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    out.printf("serving on %s:%d (GET /ping, POST /invocations)%n", host, server.port());
    out.flush();
    stopped.await();
    return 0;
  }
}
