package io.playknn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
          Parallel.Progress.NONE);
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
          }, Parallel.Progress.NONE))
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
          }, Parallel.Progress.NONE))
          .isInstanceOf(CancellationException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    pause();
    assertThat(ran.get()).isLessThan(4 * 256);
  }
}
