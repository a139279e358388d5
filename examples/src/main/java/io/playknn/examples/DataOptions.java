package io.playknn.examples;

import io.playknn.eval.ReferenceData;
import io.playknn.model.KnnModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a command gets its model: a model file ({@code --model}), training data to fit on
 * ({@code --data}), or the shipped reference data.
 */
final class DataOptions {
  @Option(names = "--model", paramLabel = "PATH",
      description = "A model file (.pknn) written by train; it keeps the data and options it "
          + "was trained with, so --data, --metric, --algorithm and --strict do not go with it. "
          + "Default: fit on --data.")
  Path model;

  @Option(names = "--data", paramLabel = "PATH",
      description = "Training data to fit on: a SciPy .npz item x user matrix with artists.tsv "
          + "beside it, a .pknn, or a directory of raw Last.fm files. Default: the Last.fm "
          + "reference data shipped in this jar.")
  Path data;

  @Mixin FitOptions fit = new FitOptions();

  /** What the command works on. */
  record Loaded(KnnModel model, String source) {}

  /**
   * Loads the model file, or fits on the data.
   *
   * @param command the command, for its error writer and for usage errors
   * @return the model and where it came from
   * @throws CommandLine.ParameterException if {@code --model} is given with {@code --data} or a
   *     fitting option, which a model file would silently ignore
   * @throws IOException if reading fails
   */
  Loaded load(CommandLine command) throws IOException {
    if (model != null) {
      String ignored = data != null ? "--data" : fit.metric != null ? "--metric"
          : fit.algorithm != null ? "--algorithm" : fit.strict ? "--strict" : null;
      if (ignored != null) {
        throw new CommandLine.ParameterException(command, ignored + " cannot be used with --model "
            + model + ": a model file keeps the data and options it was trained with (train a new"
            + " model to change them)");
      }
      return new Loaded(KnnModel.load(model), model.toString());
    }
    PrintWriter err = command.getErr();
    if (data != null) {
      TrainingData d = TrainingData.read(data, Progress.of(err, fit.progress), fit.strict);
      return new Loaded(KnnModel.fit(d.items(), fit.builder().neighbors(15).build(), d.itemNames(),
          d.userIds()), d.source());
    }
    ReferenceData ref = ReferenceData.fromClassPath();
    return new Loaded(KnnModel.fit(ref.matrix(), fit.builder().neighbors(15).build(), ref.artists()),
        "the shipped Last.fm reference data");
  }
}
