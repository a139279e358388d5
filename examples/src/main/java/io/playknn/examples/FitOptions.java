package io.playknn.examples;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How to read training data and fit on it: the same options, with the same names, wherever a
 * command fits a model ({@code train}, and {@code similar}, {@code recommend} and {@code plot}
 * given {@code --data}).
 */
final class FitOptions {
  @Option(names = "--metric", paramLabel = "NAME", converter = MetricConverter.class,
      description = "Distance when fitting: cosine or euclidean (default: cosine).")
  Metric metric;

  @Option(names = "--algorithm", paramLabel = "NAME", converter = AlgorithmConverter.class,
      description = "Nearest-neighbour provider when fitting: brute, ball_tree, auto, or another "
          + "on the class path (default: brute).")
  String algorithm;

  @Option(names = "--progress", negatable = true,
      description = "Draw progress bars on standard error (default: only on a terminal; "
          + "--no-progress never).")
  Boolean progress;

  @Option(names = "--strict",
      description = "Fail on the first malformed line of raw Last.fm files, naming it "
          + "(default: skip such lines and count them in the read report).")
  boolean strict;

  /** @return whether any option was given (they have no effect on a model file) */
  boolean anyGiven() {
    return metric != null || algorithm != null || strict;
  }

  /** @return the options' fitting choices on a builder with the defaults for the rest */
  KnnOptions.Builder builder() {
    KnnOptions.Builder b = KnnOptions.builder();
    if (metric != null) {
      b.metric(metric);
    }
    if (algorithm != null) {
      b.algorithm(algorithm);
    }
    return b;
  }

  /** {@code --metric}: a {@link Metric} id. */
  static final class MetricConverter implements CommandLine.ITypeConverter<Metric> {
    @Override
    public Metric convert(String value) {
      try {
        return Metric.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code --algorithm}: a provider on the class path, or {@code auto}. */
  static final class AlgorithmConverter implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        NearestNeighbors.provider(value);
        return value;
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
