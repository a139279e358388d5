package io.playknn.examples;

import io.playknn.lastfm.SyntheticLastfm;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code generate}: synthetic data in the Last.fm 360K format. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    header = "Synthetic listening data in the Last.fm 360K format.",
    description = {
      "Writes synthetic listening data in the Last.fm 360K format "
          + "(usersha1-artmbid-artname-plays.tsv.gz and usersha1-profile.tsv.gz), seeded, "
          + "with the real dataset's shape scaled down; train --data DIR reads it."
    })
final class GenerateCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true,
      description = "Directory to write the two files into (created if missing).")
  Path out;

  @Option(names = "--scale", paramLabel = "FRACTION", defaultValue = "0.01",
      description = "Size relative to the real 360K dataset, in (0, 1] (default: ${DEFAULT-VALUE}).")
  double scale;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
      description = "Seed (default: ${DEFAULT-VALUE}); the same seed writes the same bytes.")
  long seed;

  @Option(names = "--gzip", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Gzip the files (default: on).")
  boolean gzip;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    Files.createDirectories(out);
    String ext = gzip ? ".gz" : "";
    Path plays = out.resolve(TrainingData.PLAYS_FILE + ext);
    Path profiles = out.resolve(TrainingData.PROFILE_FILE + ext);
    SyntheticLastfm.Summary s = SyntheticLastfm.builder().seed(seed).scale(scale).build()
        .write(plays, profiles);
    o.printf("wrote %s and %s: %d users, %d artists used of %d, %d lines%n", plays, profiles,
        s.users(), s.artistsUsed(), s.catalogueArtists(), s.lines());
    o.flush();
    return 0;
  }
}
