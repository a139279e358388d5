package io.playknn.examples;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads one request body without holding a thread while it waits: each time content is demanded
 * and arrives, it is copied into one array bounded by the body limit. Exactly one of the
 * listener's methods is called, once: with the whole body, or with the status and reason of the
 * first problem (413 past the limit, 408 when the body is not complete within the timeout, the
 * parser's status, such as 400 for bad chunk framing, or 400 for a connection that failed).
 */
final class BodyReader {
  /** Receives the outcome. */
  interface Listener {
    /** The body arrived whole. */
    void onBody(byte[] body);

    /** The body could not be read; answer {@code status} with {@code message}. */
    void onError(int status, String message);
  }

  /** Largest array allocated before any byte arrives. */
  static final int INITIAL_BYTES = 64 << 10;

  private final Request request;
  private final int maxBytes;
  private final long timeoutMillis;
  private final Listener listener;
  private final AtomicBoolean finished = new AtomicBoolean();
  private byte[] bytes;
  private int size;
  private volatile Scheduler.Task timeout;

  /**
   * @param request the request
   * @param maxBytes largest body accepted
   * @param timeoutMillis the whole body must arrive within this long
   * @param declared the {@code Content-Length}, or -1 if none
   * @param listener receives the outcome
   */
  BodyReader(Request request, int maxBytes, long timeoutMillis, long declared, Listener listener) {
    this.request = request;
    this.maxBytes = maxBytes;
    this.timeoutMillis = timeoutMillis;
    this.listener = listener;
    // A declared length is a claim, not bytes: start small and grow with what arrives.
    this.bytes = new byte[(int) Math.min(maxBytes, declared >= 0 ? Math.min(declared, INITIAL_BYTES) : 8192)];
  }

  /**
   * Starts reading; the listener may be called before this returns. A body that has already
   * arrived whole (the usual case for small requests) is read at once and no timer is set.
   */
  void start() {
    if (pump()) {
      return;
    }
    timeout = request.getComponents().getScheduler().schedule(() -> fail(408,
        "body must arrive within " + timeoutMillis + " ms, " + size + " bytes had"),
        timeoutMillis, TimeUnit.MILLISECONDS);
    request.demand(this::read);
  }

  private void read() {
    if (!pump()) {
      request.demand(this::read);
    }
  }

  /**
   * Copies what has arrived.
   *
   * @return whether reading is over (the listener has been called or will not be); {@code false}
   *     when more content must be demanded
   */
  private boolean pump() {
    while (!finished.get()) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        return false;
      }
      if (Content.Chunk.isFailure(chunk)) {
        Throwable failure = chunk.getFailure();
        int status = failure instanceof HttpException h ? h.getCode() : 400;
        fail(status, "request body could not be read: " + failure.getMessage());
        return true;
      }
      int n = chunk.remaining();
      if ((long) size + n > maxBytes) {
        chunk.release();
        fail(413, "body must be at most " + maxBytes + " bytes, was longer");
        return true;
      }
      if (size + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, (int) Math.min(maxBytes, Math.max(size + n, 2L * bytes.length)));
      }
      chunk.getByteBuffer().get(bytes, size, n);
      size += n;
      boolean last = chunk.isLast();
      chunk.release();
      if (last) {
        if (finished.compareAndSet(false, true)) {
          cancelTimeout();
          listener.onBody(size == bytes.length ? bytes : Arrays.copyOf(bytes, size));
        }
        return true;
      }
    }
    return true;
  }

  private void cancelTimeout() {
    Scheduler.Task t = timeout;
    if (t != null) {
      t.cancel();
    }
  }

  private void fail(int status, String message) {
    if (finished.compareAndSet(false, true)) {
      cancelTimeout();
      listener.onError(status, message);
    }
  }
}
