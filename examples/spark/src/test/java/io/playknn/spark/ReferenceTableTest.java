package io.playknn.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.matrix.Npz;
import io.playknn.matrix.SparseMatrix;
import io.playknn.model.KnnModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped reference matrix's table computed on Spark in local mode equals {@code
 * kneighborsAll} bit for bit in both modes, and the published lists come out of the Parquet
 * output through the reader.
 */
class ReferenceTableTest {
  private static final int K = 101;
  private static SparseMatrix matrix;
  private static List<String> names;
  private static NeighborTable expected;

  @TempDir static Path dir;

  @BeforeAll
  static void load() throws IOException {
    matrix = Npz.read(LocalSpark.seed("artist_user_mtrx.npz"));
    names = new ArrayList<>();
    List<String> rows = Files.readAllLines(LocalSpark.seed("artists.tsv"), StandardCharsets.UTF_8);
    for (String line : rows.subList(1, rows.size())) {
      names.add(line.substring(line.indexOf('\t') + 1));
    }
    expected = NearestNeighbors.fit(matrix, NeighborJob.indexOptions(K, 2)).kneighborsAll(K);
  }

  private static String run(Mode mode, int blockItems, int ranges, String name) throws IOException {
    String out = dir.resolve(name).toString();
    JobReport report = NeighborJob.builder()
        .matrix(matrix, names).k(K).mode(mode).blockItems(blockItems).ranges(ranges).output(out)
        .build().run(LocalSpark.session());
    assertThat(report.mode()).isEqualTo(mode);
    assertThat(report.items()).isEqualTo(1000);
    assertThat(report.width()).isEqualTo(K);
    return out;
  }

  @Test
  void broadcast_equalsKneighborsAllBitForBit() throws IOException {
    String out = run(Mode.BROADCAST, 0, 7, "broadcast");
    NeighborTable spark = NeighborOutput.readTable(LocalSpark.session(), out);
    assertThat(spark).isEqualTo(expected);
    assertThat(LocalSpark.session().read().parquet(out + "/neighbours").count())
        .isEqualTo(1000L * K);
  }

  @Test
  void blocked_tinyBlocks_equalsKneighborsAllBitForBit_andTheReaderGivesThePublishedLists()
      throws IOException {
    SparkSession spark = LocalSpark.session();
    String out = run(Mode.BLOCKED, 90, 0, "blocked");
    NeighborTable table = NeighborOutput.readTable(spark, out);
    assertThat(table).isEqualTo(expected);
    List<String> read = NeighborOutput.readItemNames(spark, out);
    assertThat(read).isEqualTo(names);

    Map<String, List<String>> published = new LinkedHashMap<>();
    List<String> lines =
        Files.readAllLines(LocalSpark.seed("expected-recommendations.tsv"), StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t");
      published.computeIfAbsent(f[0], q -> new ArrayList<>()).add(f[2]);
    }
    assertThat(published).hasSize(5);
    for (Map.Entry<String, List<String>> e : published.entrySet()) {
      int item = read.indexOf(e.getKey());
      List<String> got = new ArrayList<>();
      for (int rank = 0; rank < e.getValue().size(); rank++) {
        got.add(read.get(table.index(item, rank)));
      }
      assertThat(got).as(e.getKey()).isEqualTo(e.getValue());
    }

    KnnModel model = NeighborOutput.readModel(spark, out);
    Path file = dir.resolve("model.pknn");
    model.save(file);
    KnnModel loaded = KnnModel.load(file);
    assertThat(loaded.neighborTable()).contains(expected);
    assertThat(loaded.items().nonZeros()).isEqualTo(matrix.nonZeros());
    assertThat(loaded.index().kneighbors(0, K)).isEqualTo(expected.row(0));
  }
}
