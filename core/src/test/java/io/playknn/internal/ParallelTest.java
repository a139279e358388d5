package io.playknn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.knn.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/** The parallel loop: every iteration once, and a failure or an interrupt stops it promptly. */
class ParallelTest {
  private static final int COUNT = 1_000_000;

  /** About a microsecond of work, so that running every iteration would take about a second. */
  private static void work() {
    long end = System.nanoTime() + 1_000;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void forEach_runsEveryIterationOnceOnEveryThreadCount() {
    for (int threads : new int[] {1, 2, 3}) {
      AtomicLongArray runs = new AtomicLongArray(10_000);
      Parallel.forEach(threads, runs.length(), t -> null, (w, i) -> runs.incrementAndGet(i),
          ProgressListener.NONE);
      for (int i = 0; i < runs.length(); i++) {
        assertThat(runs.get(i)).as("threads %d iteration %d", threads, i).isEqualTo(1);
      }
    }
  }

  @Test
  void forEach_failureOnAnyThread_stopsEveryThreadAndIsRethrownAfterTheyStop() {
    for (int threads : new int[] {1, 2}) {
      AtomicInteger ran = new AtomicInteger();
      AtomicBoolean returned = new AtomicBoolean();
      AtomicBoolean ranAfterReturn = new AtomicBoolean();
      IllegalArgumentException boom = new IllegalArgumentException("row 5 is bad");
      assertThatThrownBy(() -> Parallel.forEach(threads, COUNT, t -> null, (w, i) -> {
            if (returned.get()) {
              ranAfterReturn.set(true);
            }
            ran.incrementAndGet();
            work();
            if (i == 5) {
              throw boom;
            }
          }, ProgressListener.NONE))
          .isSameAs(boom);
      returned.set(true);
      // A worker left running would do about 50,000 more iterations in this pause.
      pause();
      // Chunks are at most 256 iterations: each thread finishes the one it is in, no more.
      assertThat(ran.get()).as("threads %d", threads).isLessThan(4 * 256);
      assertThat(ranAfterReturn.get()).isFalse();
    }
  }

  @Test
  void forEach_progressListenerThrowsOnce_stopsTheLoop() {
    AtomicInteger ran = new AtomicInteger();
    AtomicBoolean thrown = new AtomicBoolean();
    IllegalStateException boom = new IllegalStateException("listener failed");
    assertThatThrownBy(() -> Parallel.forEach(2, COUNT, t -> null, (w, i) -> {
          ran.incrementAndGet();
          work();
        }, (done, total) -> {
          // Only the first call fails: the other thread's listener keeps working.
          if (thrown.compareAndSet(false, true)) {
            throw boom;
          }
        }))
        .isSameAs(boom);
    pause();
    assertThat(ran.get()).isLessThan(4 * 256);
  }

  @Test
  void forEach_callerInterrupted_cancelsAndKeepsTheFlag() {
    AtomicInteger ran = new AtomicInteger();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> Parallel.forEach(2, COUNT, t -> null, (w, i) -> {
            ran.incrementAndGet();
            work();
          }, ProgressListener.NONE))
          .isInstanceOf(CancellationException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    pause();
    assertThat(ran.get()).isLessThan(4 * 256);
  }

  private static AtomicLongArray runEach(Executor executor, int threads, int count) {
    AtomicLongArray runs = new AtomicLongArray(count);
    Parallel.forEach(executor, threads, count, t -> null, (w, i) -> runs.incrementAndGet(i),
        ProgressListener.NONE);
    return runs;
  }

  private static void assertEachOnce(AtomicLongArray runs, String what) {
    for (int i = 0; i < runs.length(); i++) {
      assertThat(runs.get(i)).as("%s iteration %d", what, i).isEqualTo(1);
    }
  }

  @Test
  void forEach_runsHelpersOnTheHostsExecutor() {
    ExecutorService host = Executors.newFixedThreadPool(2, r -> new Thread(r, "host-thread"));
    try {
      Set<String> threadNames = ConcurrentHashMap.newKeySet();
      AtomicLongArray runs = new AtomicLongArray(2_000);
      // The caller could finish every chunk before a helper starts (a helper that has not started
      // by then is revoked), so the caller's chunks wait until a host thread has taken one.
      java.util.concurrent.CountDownLatch helperRan = new java.util.concurrent.CountDownLatch(1);
      Thread caller = Thread.currentThread();
      Parallel.forEach(host, 3, runs.length(), t -> null, (w, i) -> {
        threadNames.add(Thread.currentThread().getName());
        runs.incrementAndGet(i);
        if (Thread.currentThread() != caller) {
          helperRan.countDown();
        } else {
          try {
            helperRan.await(10, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        }
        work();
      }, ProgressListener.NONE);
      assertEachOnce(runs, "host executor");
      // The caller works too, but fast helpers may leave it no chunk: only the host's threads
      // and the caller may have run the body, and a host thread must have.
      assertThat(threadNames).contains("host-thread")
          .allMatch(n -> n.equals("host-thread") || n.equals(Thread.currentThread().getName()));
    } finally {
      host.shutdownNow();
    }
  }

  @Test
  void forEach_executorThatRejectsOrNeverRuns_leavesTheWorkToTheCaller() {
    assertEachOnce(runEach(r -> {
      throw new RejectedExecutionException("full");
    }, 4, 1_000), "rejecting executor");
    List<Runnable> held = new ArrayList<>();
    AtomicLongArray runs = runEach(held::add, 4, 1_000);
    assertEachOnce(runs, "executor that never runs");
    assertThat(held).hasSize(3);
    held.forEach(Runnable::run); // revoked: they run nothing now
    assertEachOnce(runs, "revoked tasks run late");
  }

  @Test
  void forEach_nestedOnASingleThreadExecutor_doesNotDeadlock() {
    ExecutorService one = Executors.newSingleThreadExecutor();
    try {
      AtomicLongArray inner = new AtomicLongArray(8 * 100);
      Parallel.forEach(one, 2, 8, t -> null, (w, outer) ->
          Parallel.forEach(one, 2, 100, t -> null, (v, i) -> inner.incrementAndGet(outer * 100 + i),
              ProgressListener.NONE), ProgressListener.NONE);
      assertEachOnce(inner, "nested");
    } finally {
      one.shutdownNow();
    }
  }

  @Test
  void forEach_manyCallsShareOnePoolOfAtMostOneThreadPerProcessor() {
    for (int call = 0; call < 50; call++) {
      assertEachOnce(runEach(Parallel.sharedExecutor(), 4, 64), "call " + call);
    }
    long workers = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("playknn-worker-")).count();
    assertThat(workers).isBetween(1L, (long) Runtime.getRuntime().availableProcessors());
    assertThat(Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("playknn-worker-")).allMatch(Thread::isDaemon)).isTrue();
  }

  @Test
  void scratchPool_keepsAtMostItsCapacity() throws Exception {
    AtomicInteger made = new AtomicInteger();
    ScratchPool<int[]> pool = new ScratchPool<>(3, () -> {
      made.incrementAndGet();
      return new int[1];
    });
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      out.add(pool.borrow());
    }
    out.forEach(pool::release);
    assertThat(made.get()).isEqualTo(10);
    assertThat(pool.kept()).isEqualTo(3);
    assertThat(pool.capacity()).isEqualTo(3);
    int[] again = pool.borrow();
    assertThat(out).anyMatch(b -> b == again);
    assertThat(made.get()).isEqualTo(10);
    assertThatThrownBy(() -> new ScratchPool<>(0, () -> 1))
        .hasMessageContaining("capacity");
  }
}
