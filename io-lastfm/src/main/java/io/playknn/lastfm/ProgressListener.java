package io.playknn.lastfm;

/**
 * Receives the progress of a long read. Called from the reading thread after each buffer, with
 * non-decreasing {@code bytesRead}; must be fast and must not throw.
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
