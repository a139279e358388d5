package io.playknn.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request log's writer: Jetty formats each line when a request completes and hands it here;
 * one daemon thread passes the lines to the SLF4J logger {@link ModelServer#ACCESS_LOGGER}, so a
 * slow log destination never delays an answer. Lines that arrived together (at most {@link
 * #BATCH}) go out as one logging event, one request per line, which keeps the cost per request
 * small under load; an idle server logs each request as its own event. At most {@link #CAPACITY}
 * lines wait; past that a line is dropped and counted, and the count is logged (as a warning)
 * once the queue drains.
 */
final class AccessLog extends AbstractLifeCycle implements RequestLog.Writer {
  /** Lines that may wait for the logging thread. */
  static final int CAPACITY = 16_384;

  /** Most lines in one logging event. */
  static final int BATCH = 256;

  private final Logger log = LoggerFactory.getLogger(ModelServer.ACCESS_LOGGER);
  private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private Thread thread;

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
        batch.add(lines.take());
        lines.drainTo(batch, BATCH - 1);
        emit(batch);
        if (lines.isEmpty()) {
          reportDropped();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void emit(List<String> batch) {
    log.info(batch.size() == 1 ? batch.get(0) : String.join("\n", batch));
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
      log.warn("{} request log lines dropped: more than {} were waiting", n, CAPACITY);
    }
  }
}
