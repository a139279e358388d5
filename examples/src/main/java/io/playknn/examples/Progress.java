package io.playknn.examples;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars (me.tongfei:progressbar) on standard error, drawn only on a terminal. */
final class Progress {
  private Progress() {}

  /** @return whether bars should be drawn: asked for, and the process has a terminal */
  static boolean enabled(boolean wanted) {
    return wanted && System.console() != null;
  }

  /**
   * Opens a file for reading; with bars on, a bar follows the bytes read.
   *
   * @param file the file
   * @param wanted whether the user wants bars
   * @return a buffered stream over the file
   * @throws IOException if the file cannot be opened
   */
  static InputStream open(Path file, boolean wanted) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    if (!enabled(wanted)) {
      return in;
    }
    return ProgressBar.wrap(in, builder("reading " + file.getFileName())
        .setInitialMax(Files.size(file)).setUnit(" MiB", 1 << 20));
  }

  /**
   * A bar for {@code total} steps.
   *
   * @param task what is being done
   * @param total number of steps
   * @param wanted whether the user wants bars
   * @return the bar, or {@code null} if bars are off
   */
  static ProgressBar bar(String task, long total, boolean wanted) {
    return enabled(wanted) ? builder(task).setInitialMax(total).build() : null;
  }

  private static ProgressBarBuilder builder(String task) {
    return new ProgressBarBuilder().setTaskName(task).setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(200).setMaxRenderedLength(100).continuousUpdate();
  }
}
