package io.playknn.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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

  private static void awaitLines(List<String> events, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (lines(events).size() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  @Test
  void everyLineArrives_once_inOrder_inBatches() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    AccessLog log = new AccessLog(AccessLog.CAPACITY, events::add);
    log.start();
    try {
      List<String> written = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        written.add("line " + i);
        log.write("line " + i);
      }
      awaitLines(events, written.size());
      assertThat(lines(events)).containsExactlyElementsOf(written);
      assertThat(events).hasSizeLessThan(written.size()); // lines that waited share an event
      assertThat(events).allSatisfy(e -> assertThat(e.split("\n")).hasSizeLessThanOrEqualTo(AccessLog.BATCH));
    } finally {
      log.stop();
    }
  }

  @Test
  void pastCapacity_linesAreDropped_notQueued() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    AccessLog log = new AccessLog(3, events::add);
    for (int i = 0; i < 10; i++) {
      log.write("line " + i); // not started: nothing drains, so the queue fills
    }
    log.start();
    try {
      awaitLines(events, 3);
      log.write("after");
      awaitLines(events, 4);
      assertThat(lines(events)).containsExactly("line 0", "line 1", "line 2", "after");
    } finally {
      log.stop();
    }
  }

  @Test
  void stop_flushesWhatWaits() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    AccessLog log = new AccessLog(AccessLog.CAPACITY, events::add);
    log.start();
    for (int i = 0; i < 500; i++) {
      log.write("line " + i);
    }
    log.stop();
    assertThat(lines(events)).hasSize(500).startsWith("line 0").endsWith("line 499");
  }
}
