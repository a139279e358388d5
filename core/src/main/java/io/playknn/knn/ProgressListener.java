package io.playknn.knn;

/**
 * The library's one progress callback, for every long job: batch queries and table builds
 * (units: queries), file reads in {@code io-lastfm} (units: bytes), evaluations (units: users).
 * Jobs that run on several threads call it from those threads, possibly concurrently and out of
 * order, so it must be thread-safe; it should be fast, and an exception it throws fails the job.
 */
@FunctionalInterface
public interface ProgressListener {
  /** Ignores progress. */
  ProgressListener NONE = (done, total) -> {};

  /**
   * @param done units of work finished so far; never decreases between calls from one thread
   * @param total all units of work, or {@code -1} if unknown (a stream of unknown length)
   */
  void update(long done, long total);
}
