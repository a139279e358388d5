package io.playknn.knn;

/** Receives progress of a batch job; called from worker threads, so it must be thread-safe. */
@FunctionalInterface
public interface ProgressListener {
  /** Ignores progress. */
  ProgressListener NONE = (done, total) -> {};

  /**
   * @param done units of work finished so far; workers report concurrently, so calls may arrive out
   *     of order
   * @param total all units of work
   */
  void update(long done, long total);
}
