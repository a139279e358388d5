package io.playknn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.playknn.knn.NearestNeighbors;
import java.io.File;
import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * playknn-core as a named module, seen by an application module on the module path: it compiles
 * against the exported packages alone, finds both built-in providers through {@link
 * java.util.ServiceLoader} (the descriptor's {@code provides}, not {@code META-INF/services}), and
 * does not compile against {@code io.playknn.internal}.
 */
class ModuleBoundaryTest {
  @TempDir Path dir;

  /** The module path: core's classes (or jar) and fastutil's jar, where this test found them. */
  private static String modulePath() throws URISyntaxException {
    List<String> entries = new ArrayList<>();
    for (Class<?> c : List.of(NearestNeighbors.class, it.unimi.dsi.fastutil.ints.IntArrayList.class)) {
      entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    }
    return String.join(File.pathSeparator, entries);
  }

  private record Compiled(int status, String diagnostics) {}

  /** Compiles module {@code app} (its one class {@code app.Main}) against the module path. */
  private Compiled compile(String main, Path out) throws Exception {
    Path src = dir.resolve("src-" + out.getFileName());
    Files.createDirectories(src.resolve("app"));
    Files.writeString(src.resolve("module-info.java"),
        "module app { requires io.playknn.core; uses io.playknn.knn.NearestNeighborsProvider; }\n");
    Files.writeString(src.resolve("app/Main.java"), main, StandardCharsets.UTF_8);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    // An empty class path: without one, javac would also see this test's class path.
    Path noClassPath = Files.createDirectories(dir.resolve("empty-class-path"));
    int status = ToolProvider.getSystemJavaCompiler().run(null, null, err, "--release", "17",
        "--class-path", noClassPath.toString(),
        "--module-path", modulePath(), "-d", out.toString(),
        src.resolve("module-info.java").toString(), src.resolve("app/Main.java").toString());
    return new Compiled(status, err.toString(StandardCharsets.UTF_8));
  }

  private static final String MAIN = String.join("\n",
      "package app;",
      "import io.playknn.knn.KnnOptions;",
      "import io.playknn.knn.NearestNeighbors;",
      "import io.playknn.knn.NearestNeighborsProvider;",
      "import io.playknn.knn.spi.NeighborHeap;",
      "import io.playknn.matrix.SparseMatrix;",
      "import java.util.ServiceLoader;",
      "import java.util.TreeSet;",
      "public class Main {",
      "  public static void main(String[] args) {",
      "    TreeSet<String> found = new TreeSet<>();",
      "    for (NearestNeighborsProvider p : ServiceLoader.load(NearestNeighborsProvider.class)) {",
      "      found.add(p.name() + \"@\" + p.getClass().getModule().getName());",
      "    }",
      "    System.out.println(\"providers \" + found);",
      "    System.out.println(\"names \" + NearestNeighbors.providerNames());",
      "    SparseMatrix m = SparseMatrix.builder(3, 2).add(0, 0, 1).add(1, 0, 2).add(2, 1, 1).build();",
      "    for (String algorithm : NearestNeighbors.providerNames()) {",
      "      NearestNeighbors knn = NearestNeighbors.fit(m, KnnOptions.builder().algorithm(algorithm).build());",
      "      System.out.println(algorithm + \" \" + java.util.Arrays.toString(knn.kneighbors(0, 1).indices()));",
      "    }",
      "    NeighborHeap heap = new NeighborHeap(1);",
      "    heap.offer(7, 0.5);",
      "    System.out.println(\"spi \" + heap.drain().index(0));",
      "    System.out.println(\"module \" + NearestNeighbors.class.getModule().getName()",
      "        + \" named \" + NearestNeighbors.class.getModule().isNamed());",
      "  }",
      "}",
      "");

  @Test
  void applicationModule_usesExportedPackagesAndFindsBothProviders() throws Exception {
    Path out = dir.resolve("app-classes");
    Compiled c = compile(MAIN, out);
    assertThat(c.status()).as(c.diagnostics()).isZero();
    String java = ProcessHandle.current().info().command().orElse(
        Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process p = new ProcessBuilder(java, "--module-path", modulePath() + File.pathSeparator + out,
            "-m", "app/app.Main")
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains(
        "providers [ball_tree@io.playknn.core, brute@io.playknn.core]",
        "names [ball_tree, brute]",
        "ball_tree [1]",
        "brute [1]",
        "spi 7",
        "module io.playknn.core named true");
  }

  @Test
  void applicationModule_doesNotCompileAgainstTheInternalPackage() throws Exception {
    String internal = String.join("\n",
        "package app;",
        "import io.playknn.internal.Checks;",
        "public class Main {",
        "  public static void main(String[] args) {",
        "    Checks.atLeast(\"k\", 1, 1);",
        "  }",
        "}",
        "");
    Compiled c = compile(internal, dir.resolve("internal-classes"));
    assertThat(c.status()).isNotZero();
    assertThat(c.diagnostics())
        .contains("package io.playknn.internal is not visible")
        .contains("declared in module io.playknn.core");
  }

  @Test
  void applicationModule_doesNotCompileAgainstAProvidersPackage() throws Exception {
    String provider = String.join("\n",
        "package app;",
        "public class Main {",
        "  public static void main(String[] args) {",
        "    new io.playknn.knn.brute.BruteForceProvider();",
        "  }",
        "}",
        "");
    Compiled c = compile(provider, dir.resolve("brute-classes"));
    assertThat(c.status()).isNotZero();
    assertThat(c.diagnostics()).contains("package io.playknn.knn.brute is not visible");
  }
}
