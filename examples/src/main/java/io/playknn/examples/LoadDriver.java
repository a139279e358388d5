package io.playknn.examples;

import io.playknn.model.KnnModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A bounded load test of {@code serve} over loopback: starts the server in this process on
 * 127.0.0.1 with a free port, then {@code clients} threads each send {@code requests} names
 * queries for seeded random artists, and prints throughput, latency percentiles and the number of
 * failed requests. Stops by itself: the request count is fixed and the whole run has a deadline.
 *
 * <pre>
 * java -cp examples/target/playknn-examples-all.jar io.playknn.examples.LoadDriver \
 *     --model model.pknn --clients 8 --requests 500
 * </pre>
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
    description = "Bounded load test of serve over 127.0.0.1; prints throughput, p50/p99 latency "
        + "and failures.")
final class LoadDriver implements Callable<Integer> {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "PATH", description = "Model file to serve.")
  Path model;

  @Option(names = "--clients", defaultValue = "8", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--requests", defaultValue = "500",
      description = "Requests per client (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--k", defaultValue = "15", description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--server-threads", defaultValue = "4",
      description = "Server request threads (default: ${DEFAULT-VALUE}).")
  int serverThreads;

  @Option(names = "--deadline-seconds", defaultValue = "300",
      description = "Stop waiting after this long (default: ${DEFAULT-VALUE}).")
  int deadlineSeconds;

  @Option(names = "--seed", defaultValue = "1", description = "Seed for the artist choice (default: ${DEFAULT-VALUE}).")
  long seed;

  /** What a run measured. */
  record Result(long requests, long failures, double seconds, double p50Millis, double p99Millis,
      double maxMillis) {
    double throughput() {
      return requests / seconds;
    }
  }

  /**
   * Runs the load test.
   *
   * @param args the command-line arguments ({@code --help} lists them)
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadDriver()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    KnnModel m = KnnModel.load(model);
    Result r = run(m, clients, requests, k, serverThreads, seed, deadlineSeconds);
    out.printf("%d clients x %d requests (names query, k=%d) against %s%n", clients, requests, k, m);
    out.printf("requests %d, failed %d, %.2f s, %.0f req/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        r.requests(), r.failures(), r.seconds(), r.throughput(), r.p50Millis(), r.p99Millis(),
        r.maxMillis());
    out.flush();
    return r.failures() == 0 ? 0 : 1;
  }

  static Result run(KnnModel model, int clients, int requests, int k, int serverThreads, long seed,
      int deadlineSeconds) throws IOException, InterruptedException {
    // No request log: a line per request would measure the terminal, not the server.
    ServerLimits limits = ServerLimits.defaults().withWorkers(serverThreads)
        .withMaxBodyBytes(1 << 20).withRequestLog(false);
    try (ModelServer server = ModelServer.start(() -> model,
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), limits)) {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      URI invocations = URI.create("http://127.0.0.1:" + server.port() + "/invocations");
      URI ping = URI.create("http://127.0.0.1:" + server.port() + "/ping");
      for (int i = 0; i < 200 && !server.ready(); i++) {
        Thread.sleep(25);
      }
      send(client, HttpRequest.newBuilder(ping).GET().build());
      List<String> names = model.itemNames();
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      long[][] latencies = new long[clients][];
      long start = System.nanoTime();
      List<Future<Long>> failures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int id = c;
        failures.add(pool.submit(() -> {
          SplittableRandom random = new SplittableRandom(seed + id);
          long[] lat = new long[requests];
          long failed = 0;
          for (int i = 0; i < requests; i++) {
            String name = names.get(random.nextInt(names.size()));
            String body = JSON.writeValueAsString(
                Map.of("artists", List.of(name), "k", k));
            HttpRequest req = HttpRequest.newBuilder(invocations)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long t0 = System.nanoTime();
            int status = send(client, req);
            lat[i] = System.nanoTime() - t0;
            if (status != 200) {
              failed++;
            }
          }
          latencies[id] = lat;
          return failed;
        }));
      }
      pool.shutdown();
      pool.awaitTermination(deadlineSeconds, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - start) / 1e9;
      pool.shutdownNow();
      long failed = 0;
      long done = 0;
      List<Long> all = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        Future<Long> f = failures.get(c);
        if (f.isDone() && !f.isCancelled()) {
          try {
            failed += f.get();
          } catch (java.util.concurrent.ExecutionException e) {
            // Its requests have no latencies: counted once below, with the unfinished ones.
          }
          if (latencies[c] != null) {
            for (long l : latencies[c]) {
              all.add(l);
            }
          }
        }
      }
      done = all.size();
      // Requests of clients that failed or did not finish by the deadline.
      failed += (long) clients * requests - done;
      long[] sorted = all.stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(sorted);
      return new Result(done, failed, seconds, percentile(sorted, 0.50), percentile(sorted, 0.99),
          sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6);
    }
  }

  private static int send(HttpClient client, HttpRequest req) throws InterruptedException {
    try {
      return client.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Nearest-rank percentile, in milliseconds. */
  static double percentile(long[] sortedNanos, double q) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sortedNanos.length);
    return sortedNanos[Math.max(0, rank - 1)] / 1e6;
  }
}
