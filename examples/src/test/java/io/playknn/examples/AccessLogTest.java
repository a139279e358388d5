package io.playknn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The request log's writer: every line once, in order, off the caller's thread; bounded. */
class AccessLogTest {
  private static List<String> lines(List<String> events) {
    List<String> out = new ArrayList<>();
    for (String e : events) {
      out.addAll(List.of(e.split("\n")));
    }
    return out;
  }

  /** A sink that records each event and counts the lines it has received. */
  private static final class Sink implements Consumer<String> {
    final List<String> events = new CopyOnWriteArrayList<>();
    private final Semaphore lines = new Semaphore(0);

    @Override
    public void accept(String event) {
      events.add(event);
      lines.release(event.split("\n").length);
    }

    /** Waits until {@code n} lines have arrived in all (at most 10 s, then fails). */
    void awaitLines(int n) throws InterruptedException {
      assertThat(lines.tryAcquire(n, 10, TimeUnit.SECONDS)).as("%d lines arrived", n).isTrue();
      lines.release(n);
    }
  }

  @Test
  void everyLineArrives_once_inOrder_inBatches() throws Exception {
    Sink sink = new Sink();
    List<String> events = sink.events;
    AccessLog log = new AccessLog(AccessLog.CAPACITY, sink);
    log.start();
    try {
      List<String> written = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        written.add("line " + i);
        log.write("line " + i);
      }
      sink.awaitLines(written.size());
      assertThat(lines(events)).containsExactlyElementsOf(written);
      assertThat(events).hasSizeLessThan(written.size()); // lines that waited share an event
      assertThat(events).allSatisfy(e -> assertThat(e.split("\n")).hasSizeLessThanOrEqualTo(AccessLog.BATCH));
    } finally {
      log.stop();
    }
  }

  @Test
  void pastCapacity_linesAreDropped_notQueued() throws Exception {
    Sink sink = new Sink();
    AccessLog log = new AccessLog(3, sink);
    for (int i = 0; i < 10; i++) {
      log.write("line " + i); // not started: nothing drains, so the queue fills
    }
    log.start();
    try {
      sink.awaitLines(3);
      log.write("after");
      sink.awaitLines(4);
      assertThat(lines(sink.events)).containsExactly("line 0", "line 1", "line 2", "after");
    } finally {
      log.stop();
    }
  }

  @Test
  void stop_flushesWhatWaits() throws Exception {
    Sink sink = new Sink();
    AccessLog log = new AccessLog(AccessLog.CAPACITY, sink);
    log.start();
    for (int i = 0; i < 500; i++) {
      log.write("line " + i);
    }
    log.stop();
    assertThat(lines(sink.events)).hasSize(500).startsWith("line 0").endsWith("line 499");
  }
}
