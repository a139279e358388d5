package io.playknn.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.playknn.eval.ReferenceData;
import io.playknn.knn.KnnOptions;
import io.playknn.model.KnnModel;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container's {@code train} and {@code serve} executables ({@code examples/container/}), run
 * with bash against a temporary {@code /opt/ml}-shaped tree as SageMaker would run them in the
 * image: train, then serve, {@code /ping} and {@code /invocations}, and a failing train writing
 * {@code /opt/ml/output/failure}. No Docker daemon is needed: the scripts run the command line on
 * this test's class path ({@code PLAYKNN_CLASSPATH}) instead of the image's jar.
 */
class ContainerTest {
  static final Path CONTAINER = Path.of("container");

  @TempDir Path dir;
  Path ml;
  String bash;

  @BeforeEach
  void tree() throws IOException {
    bash = ChildProcess.bash();
    assumeTrue(bash != null, "bash is not on the PATH");
    ml = dir.resolve("opt/ml");
    Files.createDirectories(ml.resolve("input/config"));
    Files.createDirectories(ml.resolve("input/data/train"));
  }

  private Map<String, String> env(Map<String, String> more) {
    Map<String, String> env = new java.util.HashMap<>(Map.of(
        "PLAYKNN_ML_ROOT", ml.toString(),
        "PLAYKNN_CLASSPATH", ChildProcess.classPath(),
        "JAVA", ChildProcess.java()));
    env.putAll(more);
    return env;
  }

  private TrainServeTest.Run train() throws Exception {
    return ChildProcess.run(List.of(bash, CONTAINER.resolve("train").toString()), env(Map.of()), dir,
        "train", 300);
  }

  private void hyperparameters(String json) throws IOException {
    Files.writeString(ml.resolve("input/config/hyperparameters.json"), json, StandardCharsets.UTF_8);
  }

  private void trainChannel() throws Exception {
    ReferenceServeTest.copy("artist_user_mtrx.npz", ml.resolve("input/data/train/artist_user_mtrx.npz"));
    ReferenceServeTest.copy("artists.tsv", ml.resolve("input/data/train/artists.tsv"));
  }

  @Test
  void trainThenServe_followTheContract() throws Exception {
    trainChannel();
    // The case: n_neighbors above the stored table's width; values are strings.
    hyperparameters("{\"n_neighbors\": \"101\", \"metric\": \"cosine\", \"table_neighbors\": \"100\","
        + " \"sagemaker_job_name\": \"playknn-1\"}");
    TrainServeTest.Run t = train();
    assertThat(t.exit()).as(t.err()).isZero();
    assertThat(t.out()).contains("model written to " + ml.resolve("model/model.pknn"));
    assertThat(ml.resolve("output/failure")).doesNotExist();
    KnnModel model = KnnModel.load(ml.resolve("model/model.pknn"));
    assertThat(model.options()).isEqualTo(KnnOptions.builder().neighbors(101).build());
    assertThat(model.neighborTable().orElseThrow().count(0)).isEqualTo(100);
    assertThat(model.recommender().fromNeighborTable()).isTrue();

    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Process serve = ChildProcess.start(
        List.of(bash, CONTAINER.resolve("serve").toString(), "--host", "127.0.0.1"),
        env(Map.of("SAGEMAKER_BIND_TO_PORT", Integer.toString(port))), dir, "serve");
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      URI base = URI.create("http://127.0.0.1:" + port);
      HttpResponse<String> ping = awaitPing(http, base, serve);
      assertThat(ping.statusCode()).isEqualTo(200);
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve("/invocations"))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"artists\": [\"the beatles\"], \"k\": 15}"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      List<String> names = Http.JSON.readTree(answer.body()).findValuesAsText("artist");
      assertThat(names).containsSubsequence(ReferenceData.fromClassPath().expected().get("the beatles"));
    } finally {
      serve.descendants().forEach(ProcessHandle::destroy);
      serve.destroy();
      if (!serve.waitFor(30, TimeUnit.SECONDS)) {
        serve.destroyForcibly();
      }
    }
  }

  /** Polls {@code /ping} until it answers 200, the process ends, or 120 s pass. */
  private HttpResponse<String> awaitPing(HttpClient http, URI base, Process serve) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      assertThat(serve.isAlive())
          .as("serve ended: %s", Files.readString(dir.resolve("serve.err"))).isTrue();
      try {
        last = http.send(HttpRequest.newBuilder(base.resolve("/ping")).timeout(Duration.ofSeconds(5))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (last.statusCode() == 200) {
          return last;
        }
      } catch (ConnectException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no 200 from /ping within 120 s; last " + last + ", serve's errors: "
        + Files.readString(dir.resolve("serve.err")));
  }

  @Test
  void train_withoutData_writesTheReasonToTheFailureFile() throws Exception {
    TrainServeTest.Run t = train();
    assertThat(t.exit()).isEqualTo(2);
    Path failure = ml.resolve("output/failure");
    assertThat(failure).exists();
    String reason = Files.readString(failure, StandardCharsets.UTF_8);
    assertThat(reason).isEqualTo("playknn train: training directory " + ml.resolve("input/data/train")
        + " must hold exactly one .npz or .pknn file, or the raw Last.fm file "
        + "usersha1-artmbid-artname-plays.tsv[.gz]; held []\n");
    assertThat(t.err()).contains(reason.strip());
    assertThat(ml.resolve("model/model.pknn")).doesNotExist();
  }

  @Test
  void train_badHyperparameter_writesTheReasonToTheFailureFile() throws Exception {
    trainChannel();
    hyperparameters("{\"n_neighbors\": \"lots\"}");
    TrainServeTest.Run t = train();
    assertThat(t.exit()).isEqualTo(2);
    assertThat(Files.readString(ml.resolve("output/failure"), StandardCharsets.UTF_8))
        .isEqualTo("playknn train: hyperparameter n_neighbors must be an integer, was \"lots\"\n");
  }

  @Test
  void launcher_runsTheCommandLineAndNamesAMissingJar() throws Exception {
    Path launcher = Path.of("bin/playknn");
    TrainServeTest.Run help = ChildProcess.run(List.of(bash, launcher.toString(), "--help"),
        env(Map.of()), dir, "help", 120);
    assertThat(help.exit()).as(help.err()).isZero();
    assertThat(help.out()).startsWith("Usage: playknn");
    TrainServeTest.Run missingJar = ChildProcess.run(List.of(bash, launcher.toString()),
        Map.of("PLAYKNN_JAR", dir.resolve("none.jar").toString()), dir, "nojar", 60);
    assertThat(missingJar.exit()).isEqualTo(2);
    assertThat(missingJar.err()).isEqualTo("playknn: no jar at " + dir.resolve("none.jar")
        + ": build it with 'mvn -q -DskipTests package', or set PLAYKNN_JAR\n");
  }
}
