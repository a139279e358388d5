package io.playknn.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Supplier;

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
   * <p>Fails fast: the first exception or error thrown by {@code body}, {@code workspaces} or
   * {@code progress} on any thread stops every thread at its next chunk, and is rethrown here once
   * all of them have stopped (later ones are attached as suppressed). An interrupt of the calling
   * thread stops the loop the same way, keeps the thread's interrupt flag set, and throws {@link
   * java.util.concurrent.CancellationException}. No worker runs after this method returns.
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
    Loop loop = new Loop(count, chunk, progress);
    if (workers == 1) {
      loop.drain(() -> workspaces.apply(0), body, true);
      loop.rethrow();
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
        futures.add(pool.submit(() -> loop.drain(() -> workspaces.apply(id), body, false)));
      }
      loop.drain(() -> workspaces.apply(0), body, true);
      // drain catches everything, so get() only waits; an interrupt here stops the workers
      // at their next chunk, and we still wait for them so that none outlives this call.
      boolean interrupted = false;
      for (Future<?> f : futures) {
        while (true) {
          try {
            f.get();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
            loop.fail(new CancellationException("interrupted while waiting for workers"));
          } catch (ExecutionException e) {
            loop.fail(e.getCause());
            break;
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      loop.rethrow();
    } finally {
      pool.shutdownNow();
    }
  }

  /** The state the threads of one loop share. */
  private static final class Loop {
    private final int count;
    private final int chunk;
    private final Progress progress;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong done = new AtomicLong();
    /** The first failure; later ones are added to it as suppressed. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Loop(int count, int chunk, Progress progress) {
      this.count = count;
      this.chunk = chunk;
      this.progress = progress;
    }

    /**
     * Runs chunks until none is left or the loop has failed; never throws.
     *
     * @param caller whether this is the calling thread, whose interrupt cancels the loop
     */
    <W> void drain(Supplier<W> workspace, Body<W> body, boolean caller) {
      try {
        W w = workspace.get();
        while (failure.get() == null) {
          if (caller && Thread.currentThread().isInterrupted()) {
            fail(new CancellationException("interrupted"));
            return;
          }
          int from = next.getAndAdd(chunk);
          if (from >= count) {
            return;
          }
          int to = Math.min(count, from + chunk);
          for (int i = from; i < to; i++) {
            body.run(w, i);
          }
          progress.update(done.addAndGet(to - from), count);
        }
      } catch (Throwable t) {
        fail(t);
      }
    }

    void fail(Throwable t) {
      if (!failure.compareAndSet(null, t)) {
        Throwable first = failure.get();
        if (first != t) {
          first.addSuppressed(t);
        }
      }
    }

    void rethrow() {
      Throwable t = failure.get();
      if (t == null) {
        return;
      }
      if (t instanceof RuntimeException) {
        throw (RuntimeException) t;
      }
      if (t instanceof Error) {
        throw (Error) t;
      }
      throw new IllegalStateException(t);
    }
  }
}
