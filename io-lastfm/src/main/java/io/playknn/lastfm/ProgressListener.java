package io.playknn.lastfm;

/**
 * Receives the progress of a long read, after each buffer of each file: {@code bytesRead} never
 * decreases within a file. When a file is read on several threads the calls come from those
 * threads, one at a time (under a lock), with the bytes of all ranges summed. Must be fast and
 * must not throw.
 */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores progress. */
  ProgressListener NONE = (bytesRead, totalBytes) -> {};

  /**
   * @param bytesRead bytes of the file consumed so far (compressed bytes for a gzip file)
   * @param totalBytes the file's size in bytes, or -1 if unknown (a stream)
   */
  void progress(long bytesRead, long totalBytes);
}
