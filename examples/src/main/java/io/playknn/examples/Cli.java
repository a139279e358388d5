package io.playknn.examples;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code playknn} command line.
 *
 * <pre>
 * J=examples/target/playknn-examples-all.jar
 * java -cp $J io.playknn.examples.Cli similar "the beatles" -k 15
 * java -cp $J io.playknn.examples.Cli train --train data/lastfm-seed/artist_user_mtrx.npz \
 *     --model m.pknn
 * java -cp $J io.playknn.examples.Cli serve --model m.pknn --port 8080
 * java -cp $J io.playknn.examples.Cli plot --out docs/artist_pca.png
 * </pre>
 */
@Command(name = "playknn", mixinStandardHelpOptions = true, version = "playknn 0.1.0",
    description = "Exact k-nearest-neighbour artist similarity from Last.fm play counts.",
    subcommands = {CommandLine.HelpCommand.class})
final class Cli {
  private Cli() {}

  /**
   * Builds the command line with its subcommands.
   *
   * @param env the environment (SageMaker's variables for train and serve)
   * @return the command line
   */
  static CommandLine commandLine(Map<String, String> env) {
    return new CommandLine(new Cli())
        .addSubcommand(new SimilarCommand())
        .addSubcommand(new RecommendCommand())
        .addSubcommand(new EvaluateCommand())
        .addSubcommand(new TrainCommand(env))
        .addSubcommand(new ServeCommand(env))
        .addSubcommand(new GenerateCommand())
        .addSubcommand(new PlotCommand());
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments; {@code --help} lists the subcommands
   */
  public static void main(String[] args) {
    System.exit(commandLine(System.getenv()).execute(args));
  }
}
