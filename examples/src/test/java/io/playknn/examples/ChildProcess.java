package io.playknn.examples;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program in a child process with this test JVM's java and class path, its output and error
 * collected in files.
 */
final class ChildProcess {
  private ChildProcess() {}

  /** @return the java launcher of the running JVM */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** @return the running JVM's class path (under Surefire, possibly one manifest-only jar) */
  static String classPath() {
    return System.getProperty("java.class.path");
  }

  /** @return {@code java -cp <this class path> io.playknn.examples.Cli args...} */
  static List<String> cli(String... args) {
    List<String> command = new ArrayList<>(List.of(java(), "-cp", classPath(), Cli.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  /** @return the path of {@code bash}, or {@code null} if there is none on the PATH */
  static String bash() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path b = Path.of(dir, "bash");
      if (Files.isExecutable(b)) {
        return b.toString();
      }
    }
    return null;
  }

  /** Starts the command with extra environment variables, output and error to files in dir. */
  static Process start(List<String> command, Map<String, String> env, Path dir, String name)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  /**
   * Runs the command to its end.
   *
   * @return the exit status and what it printed
   * @throws IllegalStateException if it runs for more than {@code timeoutSeconds}
   */
  static TrainServeTest.Run run(List<String> command, Map<String, String> env, Path dir, String name,
      long timeoutSeconds) throws IOException, InterruptedException {
    Process p = start(command, env, dir, name);
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(command + " still ran after " + timeoutSeconds + " s");
    }
    return new TrainServeTest.Run(p.exitValue(),
        Files.readString(dir.resolve(name + ".out"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve(name + ".err"), StandardCharsets.UTF_8));
  }
}
