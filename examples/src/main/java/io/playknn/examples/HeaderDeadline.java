package io.playknn.examples;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Server;

/**
 * Closes connections whose request line and headers do not arrive in time: a client that has sent
 * part of a request but not its end of headers within {@code timeoutMillis} of the first byte
 * (a request line a byte a second, headers a line a second) loses its connection. A connection
 * counts as between requests when every request it began has been answered; bytes received since
 * then are a request head in progress. Connections that send nothing are left to the idle timeout.
 *
 * <p>Every connection is checked four times per timeout by one daemon thread, so a slow head is
 * closed between {@code timeoutMillis} and {@code 1.25 × timeoutMillis} after its first byte.
 */
final class HeaderDeadline implements Connection.Listener {
  private final long timeoutMillis;
  private final Map<Connection, Watch> open = new ConcurrentHashMap<>();
  private ScheduledExecutorService sweeper;

  /** What a connection looked like when its current wait began. */
  private static final class Watch {
    long messages = -1;
    long bytes;
    long since;
  }

  HeaderDeadline(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public void onOpened(Connection connection) {
    Watch w = new Watch();
    w.messages = 0;
    w.since = System.nanoTime();
    open.put(connection, w);
  }

  @Override
  public void onClosed(Connection connection) {
    open.remove(connection);
  }

  /** Starts checking. */
  void start(Server server) {
    sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "playknn-header-deadline");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(1, timeoutMillis / 4);
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  /** Stops checking. */
  void stop() {
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
  }

  /** @return connections open now */
  int openConnections() {
    return open.size();
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Map.Entry<Connection, Watch> e : open.entrySet()) {
      Connection c = e.getKey();
      Watch w = e.getValue();
      long in = c.getMessagesIn();
      long out = c.getMessagesOut();
      long bytes = c.getBytesIn();
      if (in != out || in != w.messages) {
        // A request is being answered, or one was answered since the last look: a new wait.
        w.messages = in == out ? in : -1;
        w.bytes = bytes;
        w.since = now;
      } else if (bytes == w.bytes) {
        // Silent between requests: the idle timeout's business.
        w.since = now;
      } else if (now - w.since > TimeUnit.MILLISECONDS.toNanos(timeoutMillis)) {
        c.close();
      }
    }
  }
}
