package io.playknn.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Runs a loop over {@code [0, count)} on a fixed number of threads with dynamic chunking, each
 * thread owning its own workspace. The calling thread works too. Results are deterministic when
 * each iteration writes only its own output slots. Not API.
 */
public final class Parallel {
  private Parallel() {}

  /** One thread's loop body; gets a workspace of its own. */
  @FunctionalInterface
  public interface Body<W> {
    /**
     * @param workspace this thread's workspace
     * @param i the iteration
     */
    void run(W workspace, int i);
  }

  /** Receives progress: iterations done of the total. */
  @FunctionalInterface
  public interface Progress {
    /** Ignores progress. */
    Progress NONE = (done, total) -> {};

    /**
     * @param done iterations finished so far
     * @param total all iterations
     */
    void update(long done, long total);
  }

  /**
   * Runs {@code body} for every {@code i} in {@code [0, count)}.
   *
   * @param threads number of threads, {@code >= 1}
   * @param count number of iterations
   * @param workspaces creates one workspace per thread (argument: thread number)
   * @param body the loop body
   * @param progress called from worker threads after each chunk
   * @param <W> workspace type
   */
  public static <W> void forEach(
      int threads, int count, IntFunction<W> workspaces, Body<W> body, Progress progress) {
    Checks.atLeast("threads", threads, 1);
    if (count <= 0) {
      return;
    }
    int workers = Math.min(threads, count);
    int chunk = Math.max(1, Math.min(256, count / (workers * 16)));
    AtomicInteger next = new AtomicInteger();
    AtomicLong done = new AtomicLong();
    if (workers == 1) {
      drain(workspaces.apply(0), body, count, chunk, next, done, progress);
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers - 1,
            r -> {
              Thread t = new Thread(r, "playknn-worker");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 1; w < workers; w++) {
        int id = w;
        futures.add(
            pool.submit(
                () -> drain(workspaces.apply(id), body, count, chunk, next, done, progress)));
      }
      drain(workspaces.apply(0), body, count, chunk, next, done, progress);
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException) {
            throw (RuntimeException) cause;
          }
          if (cause instanceof Error) {
            throw (Error) cause;
          }
          throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for workers", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static <W> void drain(
      W workspace,
      Body<W> body,
      int count,
      int chunk,
      AtomicInteger next,
      AtomicLong done,
      Progress progress) {
    while (true) {
      int from = next.getAndAdd(chunk);
      if (from >= count) {
        return;
      }
      int to = Math.min(count, from + chunk);
      for (int i = from; i < to; i++) {
        body.run(workspace, i);
      }
      progress.update(done.addAndGet(to - from), count);
    }
  }
}
