package io.playknn.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request log's writer: Jetty formats each line when a request completes and hands it here;
 * one daemon thread passes the lines to the SLF4J logger {@link ModelServer#ACCESS_LOGGER}, so a
 * slow log destination never delays an answer. After each logging event the thread waits {@link
 * #INTERVAL_MILLIS} before it takes the next lines, so under load it wakes about a hundred times a
 * second however many requests arrive, rather than once per request, and the lines that arrived
 * meanwhile (at most {@link #BATCH}) go out as one event, one request per line. An idle server's
 * request is logged within that interval. At most {@link #CAPACITY} lines wait; past that a line
 * is dropped and counted, and the count is logged (as a warning) once the queue drains.
 */
final class AccessLog extends AbstractLifeCycle implements RequestLog.Writer {
  /** Lines that may wait for the logging thread. */
  static final int CAPACITY = 16_384;

  /** Most lines in one logging event. */
  static final int BATCH = 256;

  /** Pause after each logging event, in milliseconds. */
  static final long INTERVAL_MILLIS = 10;

  private final Logger log = LoggerFactory.getLogger(ModelServer.ACCESS_LOGGER);
  private final Consumer<String> info;
  private final BlockingQueue<String> lines;
  private final AtomicLong dropped = new AtomicLong();
  private Thread thread;

  /** A writer to the SLF4J logger {@link ModelServer#ACCESS_LOGGER}. */
  AccessLog() {
    this(CAPACITY, null);
  }

  /**
   * @param capacity most lines that may wait
   * @param sink receives each event's text (lines joined by newlines); {@code null} for the logger
   */
  AccessLog(int capacity, Consumer<String> sink) {
    this.lines = new ArrayBlockingQueue<>(capacity);
    this.info = sink != null ? sink : log::info;
  }

  @Override
  public void write(String line) {
    if (!lines.offer(line)) {
      dropped.incrementAndGet();
    }
  }

  @Override
  protected void doStart() {
    thread = new Thread(this::drain, "playknn-access-log");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  protected void doStop() throws InterruptedException {
    thread.interrupt();
    thread.join(1_000);
    flush();
  }

  private void drain() {
    List<String> batch = new ArrayList<>(BATCH);
    try {
      while (!Thread.currentThread().isInterrupted()) {
        batch.add(lines.take()); // blocks only while the server is idle
        lines.drainTo(batch, BATCH - 1);
        emit(batch);
        if (lines.isEmpty()) {
          reportDropped();
        }
        Thread.sleep(INTERVAL_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void emit(List<String> batch) {
    info.accept(batch.size() == 1 ? batch.get(0) : String.join("\n", batch));
    batch.clear();
  }

  private void flush() {
    List<String> batch = new ArrayList<>(BATCH);
    while (lines.drainTo(batch, BATCH) > 0) {
      emit(batch);
    }
    reportDropped();
  }

  private void reportDropped() {
    long n = dropped.getAndSet(0);
    if (n > 0) {
      log.warn("{} request log lines dropped: more than {} were waiting", n,
          lines.remainingCapacity() + lines.size());
    }
  }
}
