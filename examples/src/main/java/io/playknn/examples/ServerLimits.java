package io.playknn.examples;

/**
 * The bounds {@link ModelServer} enforces, each with the answer a request breaking it gets.
 *
 * @param workers threads that parse bodies and answer queries, {@code >= 1}
 * @param queue requests that may wait for a worker; one more is answered 503, {@code >= 1}
 * @param maxBodyBytes largest request body; larger is 413, in {@code [1, MAX_BODY_BYTES]}
 * @param maxHeaderBytes largest request line plus headers; larger is 431, in {@code [1024, 1 MiB]}
 * @param maxRows most feature rows in one request; more is 413, {@code >= 1}
 * @param maxAnswer most neighbours in one answer (names × k or rows × k); more is 413, {@code >= 1}
 * @param headerTimeoutMillis a request's line and headers must arrive within this long of their
 *     first byte, else the connection is closed, {@code >= 1}
 * @param bodyTimeoutMillis a request's body must arrive within this long of its headers, else 408,
 *     {@code >= 1}
 * @param idleTimeoutMillis a connection with no traffic for this long is closed, {@code >= 1}
 * @param maxConnections open connections at most; beyond it new ones wait to be accepted, {@code >= 1}
 * @param stopTimeoutMillis how long {@link ModelServer#close()} lets requests in progress finish,
 *     {@code >= 0}
 * @param requestLog whether each request is logged (SLF4J logger {@code io.playknn.serve.access})
 */
record ServerLimits(
    int workers,
    int queue,
    int maxBodyBytes,
    int maxHeaderBytes,
    int maxRows,
    int maxAnswer,
    long headerTimeoutMillis,
    long bodyTimeoutMillis,
    long idleTimeoutMillis,
    int maxConnections,
    long stopTimeoutMillis,
    boolean requestLog) {

  /** Largest body limit: a body is held in one array. */
  static final int MAX_BODY_BYTES = Integer.MAX_VALUE - 9;

  ServerLimits {
    atLeast("workers", workers, 1);
    atLeast("queue", queue, 1);
    if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_BYTES) {
      throw new IllegalArgumentException(
          "maxBodyBytes must be in [1, " + MAX_BODY_BYTES + "], was " + maxBodyBytes);
    }
    if (maxHeaderBytes < 1024 || maxHeaderBytes > (1 << 20)) {
      throw new IllegalArgumentException(
          "maxHeaderBytes must be in [1024, 1048576], was " + maxHeaderBytes);
    }
    atLeast("maxRows", maxRows, 1);
    atLeast("maxAnswer", maxAnswer, 1);
    atLeast("headerTimeoutMillis", headerTimeoutMillis, 1);
    atLeast("bodyTimeoutMillis", bodyTimeoutMillis, 1);
    atLeast("idleTimeoutMillis", idleTimeoutMillis, 1);
    atLeast("maxConnections", maxConnections, 1);
    atLeast("stopTimeoutMillis", stopTimeoutMillis, 0);
  }

  /**
   * The defaults: one worker per processor with 64 waiting each, 16 MiB bodies, 8 KiB headers,
   * 1,000 rows, 100,000 neighbours per answer, 10 s for headers, 30 s for a body, 30 s idle,
   * 1,024 connections, 5 s to stop, request log on.
   */
  static ServerLimits defaults() {
    int cpus = Runtime.getRuntime().availableProcessors();
    return new ServerLimits(cpus, 64 * cpus, 16 << 20, 8 << 10, 1000, 100_000,
        10_000, 30_000, 30_000, 1024, 5_000, true);
  }

  ServerLimits withWorkers(int n) {
    return new ServerLimits(n, queue, maxBodyBytes, maxHeaderBytes, maxRows, maxAnswer,
        headerTimeoutMillis, bodyTimeoutMillis, idleTimeoutMillis, maxConnections,
        stopTimeoutMillis, requestLog);
  }

  ServerLimits withQueue(int n) {
    return new ServerLimits(workers, n, maxBodyBytes, maxHeaderBytes, maxRows, maxAnswer,
        headerTimeoutMillis, bodyTimeoutMillis, idleTimeoutMillis, maxConnections,
        stopTimeoutMillis, requestLog);
  }

  ServerLimits withMaxBodyBytes(int n) {
    return new ServerLimits(workers, queue, n, maxHeaderBytes, maxRows, maxAnswer,
        headerTimeoutMillis, bodyTimeoutMillis, idleTimeoutMillis, maxConnections,
        stopTimeoutMillis, requestLog);
  }

  ServerLimits withMaxAnswer(int n) {
    return new ServerLimits(workers, queue, maxBodyBytes, maxHeaderBytes, maxRows, n,
        headerTimeoutMillis, bodyTimeoutMillis, idleTimeoutMillis, maxConnections,
        stopTimeoutMillis, requestLog);
  }

  ServerLimits withTimeouts(long headerMillis, long bodyMillis, long idleMillis) {
    return new ServerLimits(workers, queue, maxBodyBytes, maxHeaderBytes, maxRows, maxAnswer,
        headerMillis, bodyMillis, idleMillis, maxConnections, stopTimeoutMillis, requestLog);
  }

  ServerLimits withRequestLog(boolean on) {
    return new ServerLimits(workers, queue, maxBodyBytes, maxHeaderBytes, maxRows, maxAnswer,
        headerTimeoutMillis, bodyTimeoutMillis, idleTimeoutMillis, maxConnections,
        stopTimeoutMillis, on);
  }

  private static void atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
    }
  }
}
