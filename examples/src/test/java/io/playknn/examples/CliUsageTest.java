package io.playknn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.playknn.eval.ReferenceData;
import io.playknn.knn.KnnOptions;
import io.playknn.knn.Neighbors;
import io.playknn.matrix.SparseMatrix;
import io.playknn.model.KnnModel;
import io.playknn.recommend.Recommendations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The command line as users meet it: its entry point, its mistakes, its output formats. */
class CliUsageTest {
  @TempDir static Path shared;
  @TempDir Path dir;

  /** The shipped data with a stored table of every artist's 20 nearest neighbours. */
  static Path tableModel;
  static KnnModel reference;

  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void models() throws Exception {
    ReferenceData ref = ReferenceData.fromClassPath();
    reference = KnnModel.fit(ref.matrix(), KnnOptions.builder().neighbors(15).build(), ref.artists());
    tableModel = shared.resolve("table.pknn");
    reference.withNeighborTable(20).save(tableModel);
    Files.write(shared.resolve("plays.tsv.gz"), new byte[] {0x1f, (byte) 0x8b});
    Files.writeString(shared.resolve("corrupt.pknn"), "not a model");
  }

  static TrainServeTest.Run run(String... args) {
    return CliTest.run(args);
  }

  // --- the entry point of the jar, in a child JVM as `java -jar` runs it ---

  @Test
  void main_help_listsTheSubcommands() throws Exception {
    TrainServeTest.Run r = ChildProcess.run(ChildProcess.cli("--help"), Map.of(), dir, "help", 120);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Usage: playknn", "Without arguments, runs the main job");
    for (String sub : List.of("similar", "recommend", "evaluate", "train", "serve", "generate", "plot")) {
      assertThat(r.out()).containsPattern("(?m)^  " + sub + " ");
    }
  }

  @Test
  void main_noArguments_runsTheMainJob() throws Exception {
    TrainServeTest.Run r = ChildProcess.run(ChildProcess.cli(), Map.of(), dir, "main", 300);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Reference matrix: 1000 artists x 9994 users")
        .contains("Artists like the beatles:", "   1. bob dylan                        distance 0.643680")
        .endsWith("5 of 5 lists equal expected-recommendations.tsv\n");
  }

  @Test
  void main_subcommand_runsTheCommandLine() throws Exception {
    TrainServeTest.Run r = ChildProcess.run(ChildProcess.cli("similar", "nirvana", "-n", "3"), Map.of(),
        dir, "similar", 120);
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo("nirvana (cosine distance)");
    assertThat(lines.get(1)).contains("alice in chains");
  }

  @Test
  void main_unknownArtist_oneLineAndExit2() throws Exception {
    TrainServeTest.Run r = ChildProcess.run(ChildProcess.cli("similar", "nirvanna"), Map.of(), dir,
        "unknown", 120);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines().toList()).containsExactly(
        "playknn similar: unknown artist \"nirvanna\"; did you mean: nirvana, rihanna, madonna, brandy, mirah");
  }

  // --- mistakes: one line naming the problem, exit status 2 ---

  static Stream<Arguments> mistakes() {
    String table = tableModel.toString();
    return Stream.of(
        Arguments.of(List.of("similar", "--model"), "Missing required parameter for option '--model'"),
        Arguments.of(List.of("similar", "--data", "no/such/dir", "nirvana"),
            "training data no/such/dir does not exist"),
        Arguments.of(List.of("similar", "--data", shared.resolve("plays.tsv.gz").toString(), "nirvana"),
            "plays.tsv.gz is a single .tsv file: give the directory holding the raw Last.fm files"),
        Arguments.of(List.of("similar", "--metric", "manhattan", "nirvana"),
            "metric must be one of [cosine, euclidean], was \"manhattan\""),
        Arguments.of(List.of("train", "--algorithm", "kd_tree"),
            "no NearestNeighbors provider named \"kd_tree\""),
        Arguments.of(List.of("recommend", "nirvana=-3"),
            "weight of \"nirvana\" must be a finite number >= 0 (plays), was \"-3\""),
        Arguments.of(List.of("recommend", "nirvana=lots"),
            "weight of \"nirvana\" must be a finite number >= 0 (plays), was \"lots\""),
        Arguments.of(List.of("recommend", "nirvanna=3"), "unknown artist \"nirvanna\"; did you mean: nirvana"),
        Arguments.of(List.of("similar", "--model", shared.resolve("none.pknn").toString(), "nirvana"),
            "no such file or directory: " + shared.resolve("none.pknn")),
        Arguments.of(List.of("similar", "--model", shared.resolve("corrupt.pknn").toString(), "nirvana"),
            "header:"),
        Arguments.of(List.of("simlar", "nirvana"), "did you mean: similar"),
        Arguments.of(List.of("similar", "nirvana", "--format", "xml"), "'--format'"),
        Arguments.of(List.of("similar", "nirvana", "-n", "0"), "--count must be >= 1, was 0"),
        Arguments.of(List.of("similar", "nirvana", "-n", "1000"), "--count must be in [1, 999]"),
        Arguments.of(List.of("similar", "--model", table, "--metric", "euclidean", "nirvana"),
            "--metric cannot be used with --model"),
        Arguments.of(List.of("similar", "--model", table, "--algorithm", "ball_tree", "nirvana"),
            "--algorithm cannot be used with --model"),
        Arguments.of(List.of("recommend", "--model", table, "--neighbors", "50", "nirvana"),
            "--neighbors 50 is more than the model's stored neighbour table holds (20 per artist)"),
        Arguments.of(List.of("train", "--data", "no/such", "--model", shared.resolve("x.pknn").toString()),
            "training data no/such does not exist"),
        Arguments.of(List.of("train", "--neighbors", "many"), "'many' is not an int"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void mistake_oneLineNamingItAndExit2(List<String> args, String expected) {
    TrainServeTest.Run r = run(args.toArray(new String[0]));
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("playknn").contains(expected);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void verbose_addsTheStackTrace() {
    TrainServeTest.Run r = run("similar", "--verbose", "--data", "no/such/dir", "nirvana");
    assertThat(r.exit()).isEqualTo(2);
    List<String> lines = r.err().lines().toList();
    assertThat(lines.get(0)).isEqualTo("playknn similar: training data no/such/dir does not exist");
    assertThat(lines.size()).isGreaterThan(3);
    assertThat(r.err()).contains("java.io.IOException", "at io.playknn.examples.TrainingData.read");
  }

  // --- output formats ---

  @Test
  void similar_formatJson_parsesAndHoldsTheTextResults() throws Exception {
    TrainServeTest.Run r = run("similar", "--model", tableModel.toString(), "the beatles", "eagles",
        "--format", "json", "-n", "15");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode json = JSON.readTree(r.out());
    assertThat(json.get("metric").asText()).isEqualTo("cosine");
    assertThat(json.get("results")).hasSize(2);
    Map<String, List<String>> expected = ReferenceData.fromClassPath().expected();
    for (JsonNode result : json.get("results")) {
      String query = result.get("artist").asText();
      List<String> names = new ArrayList<>();
      Neighbors n = reference.index().kneighbors(reference.itemNames().indexOf(query), 15);
      for (int i = 0; i < result.get("neighbors").size(); i++) {
        JsonNode e = result.get("neighbors").get(i);
        assertThat(e.get("rank").asInt()).isEqualTo(i + 1);
        assertThat(e.get("index").asInt()).isEqualTo(n.index(i));
        assertThat(e.get("distance").asDouble()).isEqualTo(n.distance(i));
        names.add(e.get("artist").asText());
      }
      assertThat(names).as(query).isEqualTo(expected.get(query));
    }
  }

  @Test
  void recommend_formatJson_parsesAndSaysWhereTheListsCameFrom() throws Exception {
    TrainServeTest.Run r = run("recommend", "--model", tableModel.toString(), "nirvana=120",
        "pearl jam=40", "--format", "json", "-n", "5");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode json = JSON.readTree(r.out());
    assertThat(json.get("neighbors").asInt()).isEqualTo(20);
    assertThat(json.get("fromNeighborTable").asBoolean()).isTrue();
    assertThat(json.get("history").findValuesAsText("artist")).containsExactly("nirvana", "pearl jam");
    Recommendations expected = reference.recommenderBuilder().neighbors(20).build()
        .recommend(Map.of("nirvana", 120.0, "pearl jam", 40.0), 5);
    JsonNode recs = json.get("recommendations");
    assertThat(recs).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat(recs.get(i).get("artist").asText()).isEqualTo(reference.itemNames().get(expected.item(i)));
      assertThat(recs.get(i).get("score").asDouble()).isEqualTo(expected.score(i));
    }
    TrainServeTest.Run computed = run("recommend", "--model", tableModel.toString(), "nirvana=120",
        "--format", "json", "--neighbors", "50", "--compute-neighbors");
    assertThat(computed.exit()).as(computed.err()).isZero();
    assertThat(JSON.readTree(computed.out()).get("fromNeighborTable").asBoolean()).isFalse();
  }

  /** Names with a comma, a quote and an apostrophe: CSV fields quoted as RFC 4180 says. */
  @Test
  void formatCsv_quotesFieldsThatNeedIt() throws Exception {
    SparseMatrix m = SparseMatrix.builder(3, 2).add(0, 0, 1).add(1, 0, 1).add(1, 1, 1).add(2, 1, 1)
        .build();
    Path file = dir.resolve("csv.pknn");
    KnnModel.fit(m, KnnOptions.defaults(), List.of("crosby, stills & nash", "\"weird al\" yankovic",
        "guns n' roses")).save(file);
    TrainServeTest.Run s = run("similar", "--model", file.toString(), "guns n' roses", "--format",
        "csv", "-n", "2");
    assertThat(s.exit()).as(s.err()).isZero();
    assertThat(s.out()).isEqualTo("query,rank,artist,distance\r\n"
        + "guns n' roses,1,\"\"\"weird al\"\" yankovic\",0.292893\r\n"
        + "guns n' roses,2,\"crosby, stills & nash\",1.000000\r\n");
    TrainServeTest.Run r = run("recommend", "--model", file.toString(), "guns n' roses=2", "--format",
        "csv", "-n", "1");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("rank,artist,score\r\n1,\"\"\"weird al\"\" yankovic\",1.414214\r\n");
  }

  // --- train on raw files: the read report, --strict, duplicate names, progress ---

  /** Raw 360K plays: three users, three artists, and one line whose plays are not a number. */
  private Path rawPlays() throws Exception {
    Path raw = dir.resolve("raw");
    Files.createDirectories(raw);
    Files.writeString(raw.resolve(TrainingData.PLAYS_FILE), String.join("\n",
        "u1\t\tabba\t10", "u1\t\tqueen\t5", "u2\t\tabba\t3", "u2\t\tqueen\t3", "u2\t\ttoto\t1",
        "u3\t\tqueen\tmany", "u3\t\ttoto\t7", "u3\t\tabba\t1", ""), StandardCharsets.UTF_8);
    return raw;
  }

  @Test
  void train_rawFiles_printsTheReadReport() throws Exception {
    Path raw = rawPlays();
    Path model = dir.resolve("raw.pknn");
    TrainServeTest.Run t = run("train", "--data", raw.toString(), "--model", model.toString(),
        "--no-progress");
    assertThat(t.exit()).as(t.err()).isZero();
    assertThat(t.out()).contains("read " + raw.resolve(TrainingData.PLAYS_FILE)
        + ": 8 lines read, 7 kept, 1 skipped {PLAYS_NOT_INTEGER=1}");
    assertThat(t.out()).contains(" on 3 items x 3 users (7 stored) from " + raw.resolve(TrainingData.PLAYS_FILE));
    assertThat(KnnModel.load(model).itemNames()).containsExactlyInAnyOrder("abba", "queen", "toto");
  }

  @Test
  void train_strict_failsOnTheBadLineNamingIt() throws Exception {
    Path raw = rawPlays();
    Path model = dir.resolve("strict.pknn");
    TrainServeTest.Run t = run("train", "--data", raw.toString(), "--model", model.toString(), "--strict");
    assertThat(t.exit()).isEqualTo(2);
    assertThat(t.err().lines().toList()).containsExactly("playknn train: "
        + raw.resolve(TrainingData.PLAYS_FILE) + ", line 6: plays is not a non-negative integer"
        + " (PLAYS_NOT_INTEGER): \"u3\t\tqueen\tmany\"");
    assertThat(model).doesNotExist();
  }

  @Test
  void train_duplicateArtistName_failsNamingItAndBothLines() throws Exception {
    Path train = dir.resolve("dup");
    ReferenceServeTest.copy("artist_user_mtrx.npz", train.resolve("artist_user_mtrx.npz"));
    List<String> lines = new ArrayList<>(Files.readAllLines(
        Path.of(getClass().getResource("/lastfm-seed/artists.tsv").toURI()), StandardCharsets.UTF_8));
    // Row 7 takes the name of row 2: lines 9 and 4 of the file (after the header).
    String second = lines.get(3).substring(lines.get(3).indexOf('\t') + 1);
    lines.set(8, "7\t" + second);
    Files.write(train.resolve("artists.tsv"), lines, StandardCharsets.UTF_8);
    TrainServeTest.Run t = run("train", "--data", train.resolve("artist_user_mtrx.npz").toString(),
        "--model", dir.resolve("dup.pknn").toString());
    assertThat(t.exit()).isEqualTo(2);
    assertThat(t.err().lines().toList()).containsExactly("playknn train: "
        + train.resolve("artists.tsv") + ":9: artist \"" + second + "\" repeats line 4 (item names"
        + " must be unique)");
  }

  @Test
  void train_progress_drawsTheFitAndTheTableOnStandardError() throws Exception {
    Path npz = dir.resolve("train/artist_user_mtrx.npz");
    ReferenceServeTest.copy("artist_user_mtrx.npz", npz);
    ReferenceServeTest.copy("artists.tsv", dir.resolve("train/artists.tsv"));
    TrainServeTest.Run t = run("train", "--data", npz.toString(), "--model",
        dir.resolve("p.pknn").toString(), "--table-neighbors", "10", "--progress");
    assertThat(t.exit()).as(t.err()).isZero();
    assertThat(t.err()).contains("reading artist_user_mtrx.npz", "fitting brute",
        "neighbour table 100% ", "1000/1000");
    assertThat(t.out()).doesNotContain("fitting");
    TrainServeTest.Run quiet = run("train", "--data", npz.toString(), "--model",
        dir.resolve("q.pknn").toString(), "--no-progress");
    assertThat(quiet.exit()).as(quiet.err()).isZero();
    assertThat(quiet.err()).isEmpty();
  }
}
