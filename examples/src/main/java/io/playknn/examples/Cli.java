package io.playknn.examples;

import io.playknn.knn.NearestNeighbors;
import io.playknn.recommend.UnknownItemException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code playknn} command line, and the entry point of {@code playknn-examples-all.jar}.
 *
 * <pre>
 * J=examples/target/playknn-examples-all.jar
 * java -jar $J                                  # the main job (ReferenceRecommendations)
 * java -jar $J similar "the beatles" -n 15 --format json
 * java -jar $J train --data data/lastfm-seed/artist_user_mtrx.npz --model m.pknn --neighbors 101
 * java -jar $J serve --model m.pknn --port 8080
 * java -jar $J --help
 * </pre>
 *
 * <p>Exit status: 0 on success; 2 for a usage or input mistake (a bad option or value, a missing
 * or unreadable file, malformed data, an unknown artist), reported on one line of standard error;
 * 1 for any other failure, also on one line. {@code --verbose} adds the stack trace.
 */
@Command(name = "playknn", mixinStandardHelpOptions = true, version = "playknn 0.1.0",
    description = {
      "Exact k-nearest-neighbour artist similarity from Last.fm play counts.",
      "Without arguments, runs the main job: fits the shipped reference data and checks the five "
          + "published lists (an algorithm name, e.g. ball_tree, may follow)."
    },
    footer = {
      "",
      "Options mean the same in every command: --data (training data), --model (a model file), "
          + "--metric, --algorithm, --neighbors (neighbours per artist), -n/--count (results "
          + "to print), --format (text, json or csv), --progress, --strict, --verbose.",
      "Exit status: 0 done, 2 a usage or input mistake (one line on standard error), 1 any other "
          + "failure."
    },
    subcommands = {CommandLine.HelpCommand.class})
final class Cli {
  /** Exit status of a usage or input mistake. */
  static final int USAGE = 2;
  /** Exit status of any other failure. */
  static final int FAILURE = 1;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "On an error, print the stack trace after the one-line message.")
  boolean verbose;

  private Cli() {}

  /**
   * Builds the command line with its subcommands and its error handling: every mistake is one line
   * on the command's error writer.
   *
   * @param env the environment (SageMaker's variables for train and serve)
   * @return the command line
   */
  static CommandLine commandLine(Map<String, String> env) {
    CommandLine cli = new CommandLine(new Cli())
        .addSubcommand(new SimilarCommand())
        .addSubcommand(new RecommendCommand())
        .addSubcommand(new EvaluateCommand())
        .addSubcommand(new TrainCommand(env))
        .addSubcommand(new ServeCommand(env))
        .addSubcommand(new GenerateCommand())
        .addSubcommand(new PlotCommand());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(Cli::usageMistake);
    cli.setExecutionExceptionHandler((e, command, parsed) ->
        failed(e, command, parsed.originalArgs()));
    return cli;
  }

  /**
   * Runs the main job without arguments (or with only an algorithm name), the command line
   * otherwise.
   *
   * @param args nothing, an algorithm name, or a subcommand and its arguments; {@code --help}
   *     lists the subcommands
   */
  public static void main(String[] args) {
    if (args.length == 0 || (args.length == 1 && NearestNeighbors.providerNames().contains(args[0]))) {
      ReferenceRecommendations.main(args);
      return;
    }
    System.exit(commandLine(System.getenv()).execute(args));
  }

  private static int usageMistake(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String message = oneLine(e.getMessage());
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      message += "; did you mean: " + String.join(", ", u.getSuggestions());
    }
    report(command, message + " (see " + command.getCommandSpec().qualifiedName() + " --help)", e,
        List.of(args));
    return USAGE;
  }

  private static int failed(Exception e, CommandLine command, List<String> args) {
    report(command, describe(e), e, args);
    return isMistake(e) ? USAGE : FAILURE;
  }

  private static void report(CommandLine command, String message, Exception e, List<String> args) {
    PrintWriter err = command.getErr();
    err.println(command.getCommandSpec().qualifiedName() + ": " + message);
    if (args.contains("--verbose")) {
      e.printStackTrace(err);
    }
    err.flush();
  }

  /** Input and usage problems: the user can fix them by changing the command or its files. */
  static boolean isMistake(Throwable e) {
    return e instanceof IllegalArgumentException || e instanceof IOException
        || e instanceof UncheckedIOException || e instanceof CommandLine.ParameterException;
  }

  /**
   * One line saying what went wrong, naming the file or value where the exception does.
   *
   * @param e the failure
   * @return a line without line breaks
   */
  static String describe(Throwable e) {
    if (e instanceof UncheckedIOException u && u.getCause() != null) {
      return describe(u.getCause());
    }
    if (e instanceof UnknownItemException u) {
      return "unknown artist \"" + u.name() + "\"; did you mean: " + String.join(", ", u.suggestions());
    }
    if (e instanceof NoSuchFileException f) {
      return "no such file or directory: " + f.getFile();
    }
    if (e instanceof AccessDeniedException f) {
      return "permission denied: " + f.getFile();
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getFile() + ": " + f.getReason();
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName() + (e.getCause() == null ? "" : ": " + describe(e.getCause()));
    }
    return oneLine(message);
  }

  private static String oneLine(String message) {
    String first = message.strip().lines().findFirst().orElse("");
    return first.strip();
  }
}
