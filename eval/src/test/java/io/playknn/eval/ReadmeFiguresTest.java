package io.playknn.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The evaluation figures the top-level README quotes are those of the committed reports in {@code
 * eval/results/lastfm-seed/} (written by {@code java -jar eval/target/playknn-eval-all.jar --threads
 * 2 --tune}), read here from the reports' own tables.
 */
class ReadmeFiguresTest {
  private static final Path ROOT = Path.of("..");

  /** A table row: name, then eight "mean ± half-width" cells, then coverage. */
  private static final Pattern ROW = Pattern.compile(
      "^(\\S.*?)\\s{2,}(\\d+\\.\\d{4}) ± \\d+\\.\\d{4}\\s+(?:\\d+\\.\\d{4} ± \\d+\\.\\d{4}\\s+){2}"
          + "(\\d+\\.\\d{4}) ± .*$", Pattern.MULTILINE);

  private static String section;
  private static final Map<String, String[]> ROWS = new HashMap<>();
  private static String hitRate;
  private static int users;

  @BeforeAll
  static void read() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int start = readme.indexOf("## Recommendations and evaluation");
    section = readme.substring(start, readme.indexOf("\n## ", start + 1)).replaceAll("\\s+", " ");
    Path results = ROOT.resolve("eval/results/lastfm-seed");
    String report = Files.readString(results.resolve("report.txt"));
    for (String file : new String[] {"report.txt", "tuning.txt"}) {
      Matcher m = ROW.matcher(Files.readString(results.resolve(file)));
      while (m.find()) {
        ROWS.putIfAbsent(m.group(1).trim(), new String[] {m.group(2), m.group(3)});
      }
    }
    Matcher all = Pattern.compile("all users\\s+(\\d+) users,.*hit rate (\\d\\.\\d{4})").matcher(report);
    assertThat(all.find()).as("report.txt part 1 'all users' line").isTrue();
    hitRate = all.group(2);
    Matcher split = Pattern.compile("HoldoutSplit\\[leave-5-out, (\\d+) test users").matcher(report);
    assertThat(split.find()).as("report.txt held-out protocol line").isTrue();
    users = Integer.parseInt(split.group(1));
  }

  private static String[] row(String name) {
    assertThat(ROWS).as("rows of the committed reports").containsKey(name);
    return ROWS.get(name);
  }

  @Test
  void referenceConfiguration() {
    String[] r = row("item-kNN (k=100)");
    assertThat(section).contains("configured it: HR@10 " + r[0] + ", NDCG@10 " + r[1]);
  }

  @Test
  void tunedItemKnnAndItsShareOfEase() {
    String[] tuned = row("item-kNN, tuned");
    String[] ease = row("EASE^R (binary, lambda=100)");
    assertThat(section).contains("validation split: NDCG@10 " + tuned[1]);
    assertThat(section).contains("EASE^R: HR@10 " + ease[0] + ", NDCG@10 " + ease[1]);
    long percent = Math.round(100 * Double.parseDouble(tuned[1]) / Double.parseDouble(ease[1]));
    assertThat(section).contains("reaches " + percent + "% of it");
  }

  @Test
  void mostPopular() {
    String[] r = row("most-popular");
    assertThat(section).contains("most-popular: " + r[0] + " and " + r[1]);
  }

  @Test
  void hitRateAndUsers() {
    assertThat(section).contains("over all users: " + hitRate);
    assertThat(section).contains(String.format(Locale.ROOT, "%,d users", users));
  }
}
