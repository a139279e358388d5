package io.playknn.examples;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars (me.tongfei:progressbar) on a command's error writer: drawn when asked for with
 * {@code --progress}, never with {@code --no-progress}, and by default only when the process runs
 * on a terminal.
 */
final class Progress {
  /** Draws nothing. */
  static final Progress NONE = new Progress(null);

  private final PrintWriter err;

  private Progress(PrintWriter err) {
    this.err = err;
  }

  /**
   * @param err where bars are drawn
   * @param wanted {@code true} for bars, {@code false} for none, {@code null} for bars only on a
   *     terminal
   * @return the bars, or {@link #NONE}
   */
  static Progress of(PrintWriter err, Boolean wanted) {
    Objects.requireNonNull(err, "err");
    boolean on = wanted != null ? wanted : onTerminal();
    return on ? new Progress(err) : NONE;
  }

  /** {@code System.console()} is not null on a redirected JDK 22+ process: ask isTerminal then. */
  private static boolean onTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = java.io.Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // before JDK 22 a console exists only on a terminal
    }
  }

  /**
   * Opens a file for reading; with bars on, a bar follows the bytes read.
   *
   * @param file the file
   * @return a buffered stream over the file
   * @throws IOException if the file cannot be opened
   */
  InputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    if (err == null) {
      return in;
    }
    return ProgressBar.wrap(in, builder("reading " + file.getFileName())
        .setInitialMax(Files.size(file)).setUnit(" MiB", 1 << 20));
  }

  /**
   * A bar for {@code total} steps, or for work of unknown size when {@code total < 0}.
   *
   * @param task what is being done
   * @param total number of steps, or -1
   * @return the bar, or {@code null} if bars are off
   */
  ProgressBar bar(String task, long total) {
    return err == null ? null : builder(task).setInitialMax(total).build();
  }

  /**
   * Does work of unknown length under a bar that shows the time it takes.
   *
   * @param <T> what the work returns
   * @param task what is being done
   * @param work the work
   * @return what the work returns
   */
  <T> T during(String task, Supplier<T> work) {
    ProgressBar bar = bar(task, -1);
    try {
      return work.get();
    } finally {
      if (bar != null) {
        bar.close();
      }
    }
  }

  private ProgressBarBuilder builder(String task) {
    return new ProgressBarBuilder().setTaskName(task).setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(200).setMaxRenderedLength(100).continuousUpdate()
        .setConsumer(new WriterConsumer(err));
  }

  /** Redraws the bar's line on the writer; ends it with a line break when the bar closes. */
  private record WriterConsumer(PrintWriter err) implements ProgressBarConsumer {
    @Override
    public int getMaxRenderedLength() {
      return 100;
    }

    @Override
    public void accept(String rendered) {
      synchronized (err) {
        err.print('\r');
        err.print(rendered);
        err.flush();
      }
    }

    @Override
    public void close() {
      synchronized (err) {
        err.println();
        err.flush();
      }
    }
  }
}
