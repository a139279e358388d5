package io.playknn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.matrix.SparseMatrix;
import io.playknn.model.KnnModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train} then {@code serve}, in the flag form and in SageMaker's environment form. */
class TrainServeTest {
  @TempDir Path dir;

  /** Five items; 0 and 1 point the same way, 2 is 0 scaled, 3 is far, 4 is orthogonal. */
  static KnnModel data() {
    SparseMatrix m = SparseMatrix.builder(5, 3)
        .add(0, 0, 1).add(0, 1, 1)
        .add(1, 0, 2).add(1, 1, 2.1)
        .add(2, 0, 3).add(2, 1, 3)
        .add(3, 0, 10).add(3, 2, 0.1)
        .add(4, 2, 1)
        .build();
    return KnnModel.fit(m, KnnOptions.defaults(), List.of("a", "b", "c", "d", "e"));
  }

  record Run(int exit, String out, String err) {}

  static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(command)
        .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static ModelServer serve(Map<String, String> env, String... args) throws Exception {
    ServeCommand serve = new ServeCommand(env);
    new CommandLine(serve).parseArgs(args);
    return serve.start();
  }

  @Test
  void train_flagForm_thenServe() throws Exception {
    Path train = dir.resolve("train.pknn");
    data().save(train);
    Path model = dir.resolve("out/m.pknn");
    Run r = run(new TrainCommand(Map.of()), "--train", train.toString(), "--model", model.toString(),
        "--algorithm", "ball_tree", "--metric", "euclidean", "--neighbors", "2", "--threads", "1",
        "--param", "leaf_size=3");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("model written to " + model);
    KnnModel loaded = KnnModel.load(model);
    assertThat(loaded.options()).isEqualTo(KnnOptions.builder().algorithm("ball_tree")
        .metric(Metric.EUCLIDEAN).neighbors(2).parameter("leaf_size", "3").build());
    assertThat(loaded.items()).isEqualTo(data().items());

    try (ModelServer s = serve(Map.of(), "--model", model.toString(), "--host", "127.0.0.1", "--port", "0")) {
      Http http = new Http(s.port());
      assertThat(http.awaitReady().status()).isEqualTo(200);
      Http.Reply q = http.post("/invocations", "application/json", "{\"artists\": [\"a\"]}");
      assertThat(q.status()).isEqualTo(200);
      // Euclidean from (1, 1, 0): b at sqrt(1 + 1.21), c at sqrt(8), e at sqrt(3).
      assertThat(q.body().get("results").get(0).get("neighbors").findValuesAsText("artist"))
          .containsExactly("b", "e");
    }
  }

  @Test
  void train_sageMakerEnvironmentForm_thenServe() throws Exception {
    Path input = dir.resolve("opt/ml/input");
    Path channel = input.resolve("data/train");
    Files.createDirectories(channel);
    Files.createDirectories(input.resolve("config"));
    data().save(channel.resolve("artists.pknn"));
    // SageMaker writes every hyperparameter value as a string.
    Files.writeString(input.resolve("config/hyperparameters.json"),
        "{\"n_neighbors\": \"3\", \"metric\": \"cosine\", \"algorithm\": \"brute\", \"n_jobs\": \"1\","
            + " \"sagemaker_job_name\": \"ignored\"}", StandardCharsets.UTF_8);
    Path modelDir = dir.resolve("opt/ml/model");
    Map<String, String> env = Map.of(
        "SM_INPUT_DIR", input.toString(),
        "SM_CHANNEL_TRAIN", channel.toString(),
        "SM_MODEL_DIR", modelDir.toString(),
        "SAGEMAKER_BIND_TO_PORT", "0");

    Run r = run(new TrainCommand(env));
    assertThat(r.exit()).as(r.err()).isZero();
    KnnModel loaded = KnnModel.load(modelDir.resolve("model.pknn"));
    assertThat(loaded.options())
        .isEqualTo(KnnOptions.builder().neighbors(3).build());

    try (ModelServer s = serve(env, "--host", "127.0.0.1")) {
      Http http = new Http(s.port());
      assertThat(http.awaitReady().status()).isEqualTo(200);
      Http.Reply q = http.post("/invocations", "application/json", "{\"artists\": [\"a\"]}");
      // Cosine from (1, 1, 0): c at 0, b nearly 0, d next; k = 3 from the hyperparameters.
      assertThat(q.body().get("results").get(0).get("neighbors").findValuesAsText("artist"))
          .containsExactly("c", "b", "d");
    }
  }

  @Test
  void train_badHyperparameter_failsNamingIt() throws Exception {
    Path input = dir.resolve("in");
    Files.createDirectories(input.resolve("config"));
    Files.writeString(input.resolve("config/hyperparameters.json"), "{\"n_neighbors\": \"many\"}");
    Path train = dir.resolve("t.pknn");
    data().save(train);
    Run r = run(new TrainCommand(Map.of("SM_INPUT_DIR", input.toString())),
        "--train", train.toString(), "--model", dir.resolve("m.pknn").toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("hyperparameter n_neighbors must be an integer, was \"many\"");
  }

  @Test
  void train_missingData_failsSayingWhere() {
    Run r = run(new TrainCommand(Map.of("SM_CHANNEL_TRAIN", dir.resolve("none").toString())),
        "--model", dir.resolve("m.pknn").toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("training data " + dir.resolve("none") + " does not exist");
  }

  @Test
  void serve_missingModel_exitsNonZeroWithOneLine() {
    Path missing = dir.resolve("nope.pknn");
    Run r = run(new ServeCommand(Map.of()), "--model", missing.toString(), "--host", "127.0.0.1",
        "--port", "0");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("serve: model file " + missing + " does not exist"
        + System.lineSeparator());
    assertThat(r.out()).isEmpty();
  }

  @Test
  void serve_missingSageMakerModelDir_exitsNonZeroNamingTheFile() {
    Run r = run(new ServeCommand(Map.of("SM_MODEL_DIR", dir.resolve("model").toString(),
        "SAGEMAKER_BIND_TO_PORT", "0")), "--host", "127.0.0.1");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().lines()).containsExactly(
        "serve: model file " + dir.resolve("model") + " does not exist");
  }

  @Test
  void serve_corruptModel_exitsNonZeroWithOneLine() throws Exception {
    Path good = dir.resolve("good.pknn");
    data().save(good);
    byte[] bytes = Files.readAllBytes(good);
    for (String damage : List.of("truncated", "flipped", "garbage")) {
      Path bad = dir.resolve(damage + ".pknn");
      byte[] b = switch (damage) {
        case "truncated" -> java.util.Arrays.copyOf(bytes, bytes.length / 2);
        case "flipped" -> {
          byte[] c = bytes.clone();
          c[c.length - 20] ^= 0x5a;
          yield c;
        }
        default -> "not a model at all\n".getBytes(StandardCharsets.UTF_8);
      };
      Files.write(bad, b);
      Run r = run(new ServeCommand(Map.of()), "--model", bad.toString(), "--host", "127.0.0.1",
          "--port", "0");
      assertThat(r.exit()).as(damage).isEqualTo(1);
      assertThat(r.err().lines()).as(damage).hasSize(1)
          .allSatisfy(line -> assertThat(line).startsWith("serve: cannot serve " + bad + ": "));
    }
  }

  @Test
  void serve_portInUse_exitsNonZeroWithOneLine() throws Exception {
    Path model = dir.resolve("m.pknn");
    data().save(model);
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      Run r = run(new ServeCommand(Map.of()), "--model", model.toString(), "--host", "127.0.0.1",
          "--port", String.valueOf(taken.getLocalPort()));
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err().lines()).hasSize(1)
          .allSatisfy(line -> assertThat(line).startsWith("serve: cannot serve " + model + ": "));
    }
  }

  @Test
  void help_explainsEveryOption() {
    Run train = run(new TrainCommand(Map.of()), "--help");
    assertThat(train.out()).contains("--train", "--model", "--algorithm", "--metric",
        "--n-neighbors", "--threads", "--param", "hyperparameters.json");
    Run serve = run(new ServeCommand(Map.of()), "--help");
    assertThat(serve.out()).contains("--model", "--host", "--port", "--threads", "--queue",
        "--max-body-bytes", "--max-answer", "--[no-]request-log", "/ping", "application/x-npy");
  }
}
