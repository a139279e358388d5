package io.playknn.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.lastfm.LastfmDataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job end to end from the shipped raw Last.fm files, and from the same rows as a table. */
class RawFilesJobTest {
  private static final int K = 101;
  private static LastfmDataset dataset;
  private static NeighborTable expected;

  @TempDir static Path dir;

  @BeforeAll
  static void build() throws IOException {
    dataset = reference().build();
    expected = NearestNeighbors.fit(dataset.matrix(), NeighborJob.indexOptions(K, 2))
        .kneighborsAll(K);
  }

  private static LastfmDataset.Builder reference() {
    return LastfmDataset.referenceSettings()
        .plays(LocalSpark.seed("usersha1-artmbid-artname-plays.tsv.gz"))
        .profiles(LocalSpark.seed("usersha1-profile.tsv.gz"));
  }

  @Test
  void rawFiles_endToEnd_equalsKneighborsAllOfTheSameDataset() throws IOException {
    SparkSession spark = LocalSpark.session();
    String out = dir.resolve("raw").toString();
    JobReport report = new picocli.CommandLine(new SparkNeighbors()).parseArgs(
        "--plays", LocalSpark.seed("usersha1-artmbid-artname-plays.tsv.gz").toString(),
        "--profiles", LocalSpark.seed("usersha1-profile.tsv.gz").toString(),
        "--countries", LastfmDataset.UNITED_STATES, "--top-users", "10000",
        "--top-artists", "1000", "-k", String.valueOf(K), "--out", out)
        .commandSpec().commandLine().<SparkNeighbors>getCommand().job().run(spark);
    assertThat(report.items()).isEqualTo(1000);
    assertThat(report.users()).isEqualTo(9994);
    assertThat(report.reports()).hasSize(2);
    assertThat(NeighborOutput.readTable(spark, out)).isEqualTo(expected);
    assertThat(NeighborOutput.readItemNames(spark, out)).isEqualTo(dataset.artistNames());
    NeighborOutput.Meta meta = NeighborOutput.meta(spark, out);
    assertThat(meta.userIds()).isTrue();
    assertThat(NeighborOutput.readModel(spark, out).userIds()).isPresent();
  }

  @Test
  void parquetTable_sameRowsAsTheRawFile_sameTable() throws IOException {
    SparkSession spark = LocalSpark.session();
    String table = dir.resolve("plays-table").toString();
    StructType schema = new StructType()
        .add("u", DataTypes.StringType).add("artist", DataTypes.StringType)
        .add("n", DataTypes.IntegerType);
    spark.createDataFrame(rawRows(), schema).write().parquet(table);
    String out = dir.resolve("table").toString();
    NeighborJob.builder()
        .table(table, TableFormat.PARQUET,
            LastfmDataset.referenceSettings().profiles(LocalSpark.seed("usersha1-profile.tsv.gz")))
        .columns("u", "artist", "n").k(K).mode(Mode.BLOCKED).blockItems(300).output(out)
        .build().run(spark);
    assertThat(NeighborOutput.readTable(spark, out)).isEqualTo(expected);
    assertThat(NeighborOutput.readItemNames(spark, out)).isEqualTo(dataset.artistNames());
  }

  @Test
  void csvTable_tabInAName_failsNamingRowAndColumn() throws IOException {
    SparkSession spark = LocalSpark.session();
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, "user,item,plays\nu1,abba,3\nu2,\"ab\tba\",4\n", StandardCharsets.UTF_8);
    NeighborJob job = NeighborJob.builder()
        .table(csv.toString(), TableFormat.CSV, LastfmDataset.builder())
        .output(dir.resolve("bad").toString()).build();
    assertThatThrownBy(() -> job.run(spark))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 2: column item must not contain a tab");
  }

  @Test
  void csvTable_missingColumn_failsListingTheColumns() throws IOException {
    SparkSession spark = LocalSpark.session();
    Path csv = dir.resolve("cols.csv");
    Files.writeString(csv, "user,artist,plays\nu1,abba,3\n", StandardCharsets.UTF_8);
    NeighborJob job = NeighborJob.builder()
        .table(csv.toString(), TableFormat.CSV, LastfmDataset.builder())
        .output(dir.resolve("cols").toString()).build();
    assertThatThrownBy(() -> job.run(spark))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must have a column item")
        .hasMessageContaining("[user, artist, plays]");
  }

  /** @return the raw plays file's (user, artist, plays) rows */
  private static List<Row> rawRows() throws IOException {
    List<Row> rows = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(
            LocalSpark.seed("usersha1-artmbid-artname-plays.tsv.gz"))), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.split("\t", -1);
        rows.add(RowFactory.create(f[0], f[2], Integer.parseInt(f[3])));
      }
    }
    return rows;
  }
}
