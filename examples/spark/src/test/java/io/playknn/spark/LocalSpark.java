package io.playknn.spark;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** One local-mode session ({@code local[2]}, loopback only, no UI) shared by every test class. */
final class LocalSpark {
  private static SparkSession session;

  private LocalSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("playknn-spark-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.default.parallelism", "2")
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  /** @return a file of the shipped reference data, from the test class path */
  static Path seed(String file) {
    try {
      return Path.of(LocalSpark.class.getResource("/lastfm-seed/" + file).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
