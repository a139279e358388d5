package io.playknn.internal;

import io.playknn.knn.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Runs a loop over {@code [0, count)} with up to a given number of threads and dynamic chunking,
 * each thread owning its own workspace, on an {@link Executor} (by default the library's {@linkplain
 * #sharedExecutor() shared pool}). The calling thread works too. Results are deterministic when each
 * iteration writes only its own output slots. Not API.
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

  /** The shared pool, created when first used. */
  private static final class Shared {
    static final ThreadPoolExecutor POOL = pool();

    private static ThreadPoolExecutor pool() {
      int n = Runtime.getRuntime().availableProcessors();
      AtomicInteger id = new AtomicInteger();
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              n,
              n,
              30,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "playknn-worker-" + id.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      pool.allowCoreThreadTimeOut(true);
      return pool;
    }
  }

  /**
   * The library's one default executor: a pool of at most {@link Runtime#availableProcessors()}
   * daemon threads named {@code playknn-worker-N}, created when first used, whose idle threads end
   * after 30 seconds. Batch work and helper threads of every module use it unless the host passes
   * an executor of its own.
   *
   * @return the shared executor
   */
  public static Executor sharedExecutor() {
    return Shared.POOL;
  }

  /**
   * Runs {@code body} for every {@code i} in {@code [0, count)} on the {@linkplain
   * #sharedExecutor() shared executor}; see {@link #forEach(Executor, int, int, IntFunction, Body,
   * ProgressListener)}.
   *
   * @param threads most threads, {@code >= 1}, the caller included
   * @param count number of iterations
   * @param workspaces creates one workspace per thread (argument: thread number)
   * @param body the loop body
   * @param progress called from worker threads after each chunk
   * @param <W> workspace type
   */
  public static <W> void forEach(
      int threads, int count, IntFunction<W> workspaces, Body<W> body, ProgressListener progress) {
    forEach(sharedExecutor(), threads, count, workspaces, body, progress);
  }

  /**
   * Runs {@code body} for every {@code i} in {@code [0, count)}: the calling thread and up to
   * {@code threads - 1} tasks handed to {@code executor} take chunks of iterations until none is
   * left. A task the executor has not started by the time the work is done is revoked and never
   * runs the body, so a saturated (or nested, or rejecting) executor delays nothing and cannot
   * deadlock the call: at worst the caller does all the work.
   *
   * <p>Fails fast: the first exception or error thrown by {@code body}, {@code workspaces} or
   * {@code progress} on any thread stops every thread at its next chunk, and is rethrown here once
   * all of them have stopped (later ones are attached as suppressed). An interrupt of the calling
   * thread stops the loop the same way, keeps the thread's interrupt flag set, and throws {@link
   * java.util.concurrent.CancellationException}. No task runs the body after this method returns.
   *
   * @param executor runs the helper tasks
   * @param threads most threads, {@code >= 1}, the caller included
   * @param count number of iterations
   * @param workspaces creates one workspace per thread (argument: thread number)
   * @param body the loop body
   * @param progress called from worker threads after each chunk
   * @param <W> workspace type
   */
  public static <W> void forEach(
      Executor executor,
      int threads,
      int count,
      IntFunction<W> workspaces,
      Body<W> body,
      ProgressListener progress) {
    Objects.requireNonNull(executor, "executor");
    Checks.atLeast("threads", threads, 1);
    if (count <= 0) {
      return;
    }
    int workers = Math.min(threads, count);
    int chunk = Math.max(1, Math.min(256, count / (workers * 16)));
    Loop loop = new Loop(count, chunk, progress);
    if (Thread.currentThread().isInterrupted()) {
      // Cancelled before it starts: no helper is handed out.
      throw new CancellationException("interrupted");
    }
    List<Helper> helpers = new ArrayList<>(workers - 1);
    for (int w = 1; w < workers; w++) {
      int id = w;
      Helper h = new Helper(() -> loop.drain(() -> workspaces.apply(id), body, false));
      helpers.add(h);
      try {
        executor.execute(h);
      } catch (RejectedExecutionException e) {
        // The caller does this helper's share.
      }
    }
    loop.drain(() -> workspaces.apply(0), body, true);
    boolean interrupted = false;
    for (Helper h : helpers) {
      if (h.revoke()) {
        continue;
      }
      while (true) {
        try {
          h.finished.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          loop.fail(new CancellationException("interrupted while waiting for workers"));
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    loop.rethrow();
  }

  /** A task that runs its work at most once, unless the caller revokes it before it starts. */
  private static final class Helper implements Runnable {
    private final Runnable work;
    private final AtomicBoolean claimed = new AtomicBoolean();
    final CountDownLatch finished = new CountDownLatch(1);

    Helper(Runnable work) {
      this.work = work;
    }

    @Override
    public void run() {
      if (!claimed.compareAndSet(false, true)) {
        return;
      }
      try {
        work.run();
      } finally {
        finished.countDown();
      }
    }

    /** @return whether the task had not started: it now never will */
    boolean revoke() {
      return claimed.compareAndSet(false, true);
    }
  }

  /** The state the threads of one loop share. */
  private static final class Loop {
    private final int count;
    private final int chunk;
    private final ProgressListener progress;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong done = new AtomicLong();
    /** The first failure; later ones are added to it as suppressed. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Loop(int count, int chunk, ProgressListener progress) {
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
