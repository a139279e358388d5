package io.playknn.examples;

import io.playknn.eval.ReferenceData;
import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.matrix.SparseMatrix;
import io.playknn.model.KnnModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Where a command gets its model: a model file, training data, or the shipped reference data. */
final class DataOptions {
  @Option(names = "--model", paramLabel = "PATH",
      description = "A model file (.pknn) written by train. Default: fit on --data.")
  Path model;

  @Option(names = "--data", paramLabel = "PATH",
      description = "Training data to fit on: a SciPy .npz item x user matrix with artists.tsv "
          + "beside it, or a .pknn. Default: the Last.fm reference data shipped in this jar.")
  Path data;

  @Option(names = "--metric", paramLabel = "NAME", defaultValue = "cosine",
      description = "Distance when fitting on --data or the shipped data: cosine or euclidean "
          + "(default: ${DEFAULT-VALUE}).")
  String metric;

  @Option(names = "--algorithm", paramLabel = "NAME", defaultValue = "brute",
      description = "Provider when fitting: brute, or another on the class path "
          + "(default: ${DEFAULT-VALUE}).")
  String algorithm;

  @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Show progress bars on long reads (on a terminal; default: on).")
  boolean progress;

  /** What the command works on. */
  record Loaded(KnnModel model, String source) {}

  Loaded load() throws IOException {
    if (model != null) {
      return new Loaded(KnnModel.load(model), model.toString());
    }
    KnnOptions options = KnnOptions.builder().metric(Metric.parse(metric)).algorithm(algorithm)
        .neighbors(15).build();
    if (data != null) {
      TrainingData d = TrainingData.read(data, progress);
      return new Loaded(KnnModel.fit(d.items(), options, d.itemNames(), d.userIds()), d.source());
    }
    ReferenceData ref = ReferenceData.fromClassPath();
    SparseMatrix m = ref.matrix();
    List<String> names = ref.artists();
    return new Loaded(KnnModel.fit(m, options, names), "the shipped Last.fm reference data");
  }
}
