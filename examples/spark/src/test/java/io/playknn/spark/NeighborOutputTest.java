package io.playknn.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.knn.NearestNeighbors;
import io.playknn.matrix.SparseMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader refuses an output that is incomplete or out of order, naming what is wrong. */
class NeighborOutputTest {
  @TempDir static Path dir;
  private static String good;

  @BeforeAll
  static void write() throws IOException {
    SparseMatrix m = SparseMatrix.fromTriplets(
        4, 3, new int[] {0, 0, 1, 2, 2, 3}, new int[] {0, 1, 1, 1, 2, 0},
        new double[] {1, 2, 3, 4, 5, 6});
    good = dir.resolve("good").toString();
    NeighborJob.builder().matrix(m, List.of("a", "b", "c", "d")).k(2).output(good).build()
        .run(LocalSpark.session());
    assertThat(NeighborOutput.readTable(LocalSpark.session(), good))
        .isEqualTo(NearestNeighbors.fit(m, NeighborJob.indexOptions(2, 1)).kneighborsAll(2));
  }

  /** Copies the good output with its neighbours replaced. */
  private static String withNeighbours(String name, Dataset<Row> neighbours) {
    SparkSession spark = LocalSpark.session();
    String out = dir.resolve(name).toString();
    for (String d : List.of(NeighborOutput.META)) {
      spark.read().parquet(good + "/" + d).write().parquet(out + "/" + d);
    }
    neighbours.write().mode(SaveMode.Overwrite).parquet(out + "/" + NeighborOutput.NEIGHBOURS);
    return out;
  }

  private static Dataset<Row> neighbours() {
    return LocalSpark.session().read().parquet(good + "/" + NeighborOutput.NEIGHBOURS);
  }

  @Test
  void readTable_missingRank_namesItemAndRank() {
    String out = withNeighbours("missing", neighbours().where("not (item = 2 and rank = 2)"));
    assertThatThrownBy(() -> NeighborOutput.readTable(LocalSpark.session(), out))
        .isInstanceOf(OutputFormatException.class)
        .hasMessageContaining("item 2 lacks rank 2");
  }

  @Test
  void readTable_repeatedRank_namesItemAndRank() {
    String out = withNeighbours("twice", neighbours().union(neighbours().where("item = 1 and rank = 1")));
    assertThatThrownBy(() -> NeighborOutput.readTable(LocalSpark.session(), out))
        .isInstanceOf(OutputFormatException.class)
        .hasMessageContaining("item 1, rank 1 occurs twice");
  }

  @Test
  void readTable_ranksSwapped_failsTheOrderRule() {
    Dataset<Row> swapped = neighbours().selectExpr(
        "item", "case when item = 0 then 3 - rank else rank end as rank", "neighbour", "distance");
    String out = withNeighbours("swapped", swapped);
    assertThatThrownBy(() -> NeighborOutput.readTable(LocalSpark.session(), out))
        .isInstanceOf(OutputFormatException.class)
        .hasMessageContaining("row 0, rank 1");
  }
}
