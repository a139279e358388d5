package io.playknn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java example compiles as shown, against the modules' class path, and runs. */
class ReadmeExampleTest {
  private static final Path README = Path.of("../README.md");
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
  private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");

  @TempDir Path dir;

  static List<String> javaBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(markdown);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  @Test
  void readme_javaExample_compilesAndPrintsTheNeighbours() throws Exception {
    List<String> blocks = javaBlocks(Files.readString(README));
    assertThat(blocks).as("README's java blocks").hasSize(1);
    String source = blocks.get(0);
    Matcher name = CLASS_NAME.matcher(source);
    assertThat(name.find()).as("the example is a whole public class").isTrue();
    Path file = Files.writeString(dir.resolve(name.group(1) + ".java"), source);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int status = javac.run(null, diagnostics, diagnostics, "-Xlint:all", "-Werror",
        "-classpath", System.getProperty("java.class.path"), "-d", dir.toString(), file.toString());
    assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

    String out = run(name.group(1), "../data/lastfm-seed");
    List<String> lines = out.lines().toList();
    assertThat(lines).hasSize(12);
    assertThat(lines.get(0)).isEqualTo("like Nirvana:");
    // The five printed for Nirvana are the first five of its published list, in order.
    List<String> published = Files.readAllLines(Path.of("../data/lastfm-seed/expected-recommendations.tsv"))
        .stream().filter(l -> l.startsWith("nirvana\t")).limit(5).map(l -> l.split("\t")[2]).toList();
    assertThat(lines.subList(1, 6).stream().map(l -> l.substring(2, 27).strip()).toList())
        .isEqualTo(published);
    assertThat(lines.get(6)).isEqualTo("for a listener:");
    assertThat(lines.subList(7, 12)).noneMatch(l -> l.contains("the beatles") || l.contains("radiohead"));
  }

  @Test
  void readme_namesEveryModulesCoordinates() throws IOException {
    String readme = Files.readString(README);
    String parent = Files.readString(Path.of("../pom.xml"));
    Matcher version = Pattern.compile("<artifactId>playknn-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(parent);
    assertThat(version.find()).as("the parent pom's version").isTrue();
    assertThat(readme).contains("`io.playknn`").contains(version.group(1));
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
    List<String> artifacts = new ArrayList<>();
    while (module.find()) {
      String pom = Files.readString(Path.of("..", module.group(1), "pom.xml"));
      // The module's own artifactId follows its <parent> block.
      Matcher id = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>").matcher(pom);
      assertThat(id.find()).as("artifactId of %s", module.group(1)).isTrue();
      artifacts.add(id.group(1));
    }
    assertThat(artifacts).hasSizeGreaterThanOrEqualTo(6);
    for (String artifact : artifacts) {
      assertThat(readme).as("README names %s", artifact).contains("`" + artifact + "`");
    }
  }

  private String run(String className, String... args) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        ReadmeExampleTest.class.getClassLoader())) {
      Method main = loader.loadClass(className).getMethod("main", String[].class);
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) args);
    } catch (IOException e) {
      throw e;
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
