package io.playknn.lastfm;

import io.playknn.internal.Parallel;
import io.playknn.knn.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;

/**
 * Reads a plain plays file on several threads: the file is cut into byte ranges at line starts,
 * each range is parsed into its own {@link RawPlays}, and the parts are merged in file order, so
 * the result (ids in order of first appearance, reports, the first bad line in strict mode) is
 * the same as a sequential read. Gzip files, and files too small to split, are read sequentially.
 */
final class ParallelPlaysReader {
  /** A plays line is about 78 bytes; reserving for 64 rarely grows the arrays. */
  private static final long BYTES_PER_ROW = 64;
  private ParallelPlaysReader() {}

  static void read(
      Path file, RawPlays into, int threads, long minChunk, boolean strict, ProgressListener progress)
      throws IOException {
    long size = Files.size(file);
    int parts = (int) Math.max(1, Math.min(threads, size / Math.max(1, minChunk)));
    if (parts <= 1 || isGzipOrNamedGz(file)) {
      into.reserveRows(size / BYTES_PER_ROW);
      try (LineScanner in = LineScanner.open(file, strict, progress)) {
        Lastfm360kReader.readPlays(in, into);
      }
      return;
    }
    long[] bounds = lineBounds(file, size, parts);
    SharedProgress shared = new SharedProgress(progress, bounds.length - 1, size);
    RawPlays[] results = new RawPlays[bounds.length - 1];
    long[] lines = new long[results.length];
    Throwable[] failures = new Throwable[results.length];
    // One part per thread, on the library's shared executor; the calling thread reads a part too.
    Parallel.forEach(
        results.length,
        results.length,
        t -> null,
        (ignored, part) -> {
          RawPlays raw = new RawPlays();
          raw.artistKey = into.artistKey;
          raw.reserveRows((bounds[part + 1] - bounds[part]) / BYTES_PER_ROW);
          try (LineScanner in =
              LineScanner.openRange(file, bounds[part], bounds[part + 1], strict, shared.part(part))) {
            try {
              Lastfm360kReader.readPlays(in, raw);
            } finally {
              lines[part] = in.linesSeen();
            }
            results[part] = raw;
          } catch (IOException | RuntimeException e) {
            // Kept per part, so that the first failure in file order wins whatever the timing;
            // an Error is rethrown by forEach as itself.
            failures[part] = e;
          }
        },
        ProgressListener.NONE);
    // The first failure in file order wins; its line number counts the lines of earlier parts.
    long offset = 0;
    for (int k = 0; k < results.length; k++) {
      Throwable t = failures[k];
      if (t instanceof LastfmFormatException e) {
        throw new LastfmFormatException(e.file(), e.line() + offset, e.defect(), e.text(), e);
      } else if (t instanceof IOException e) {
        throw e;
      } else if (t instanceof RuntimeException e) {
        throw e;
      }
      offset += lines[k];
    }
    merge(into, results, lines, file.toString());
  }

  private static boolean isGzipOrNamedGz(Path file) throws IOException {
    if (file.getFileName().toString().endsWith(".gz")) {
      return true;
    }
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  /** @return range starts and the end: each cut moved forward to just after a line feed */
  static long[] lineBounds(Path file, long size, int parts) throws IOException {
    long[] bounds = new long[parts + 1];
    bounds[parts] = size;
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    try (FileChannel ch = FileChannel.open(file)) {
      for (int k = 1; k < parts; k++) {
        long pos = Math.max(bounds[k - 1], size * k / parts - 1);
        long cut = size;
        search:
        while (pos < size) {
          buf.clear();
          int n = ch.read(buf, pos);
          if (n <= 0) {
            break;
          }
          for (int i = 0; i < n; i++) {
            if (buf.get(i) == '\n') {
              cut = pos + i + 1;
              break search;
            }
          }
          pos += n;
        }
        bounds[k] = cut;
      }
    }
    // Drop empty ranges.
    long[] distinct = new long[parts + 1];
    int m = 0;
    distinct[m++] = 0;
    for (int k = 1; k <= parts; k++) {
      if (bounds[k] > distinct[m - 1]) {
        distinct[m++] = bounds[k];
      }
    }
    return java.util.Arrays.copyOf(distinct, m);
  }

  /** Appends the parts, in order, to {@code into}; merges their reports into one. */
  private static void merge(RawPlays into, RawPlays[] parts, long[] lines, String name) {
    long rows = into.rows();
    for (RawPlays p : parts) {
      rows += p.rows();
    }
    if (rows > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          name + ": " + rows + " plays kept; at most " + (Integer.MAX_VALUE - 8)
              + " fit one matrix");
    }
    into.rowUser.ensureCapacity((int) rows);
    into.rowArtist.ensureCapacity((int) rows);
    into.rowPlays.ensureCapacity((int) rows);
    long linesRead = 0;
    long kept = 0;
    long bytes = 0;
    long marks = 0;
    EnumMap<Defect, Long> skipped = new EnumMap<>(Defect.class);
    List<SkippedLine> examples = new ArrayList<>();
    EnumMap<Defect, Integer> exampleCount = new EnumMap<>(Defect.class);
    long offset = 0;
    for (int k = 0; k < parts.length; k++) {
      RawPlays p = parts[k];
      int[] userMap = new int[p.users.size()];
      for (int u = 0; u < userMap.length; u++) {
        userMap[u] = into.users.intern(p.users, u);
      }
      int[] artistMap = new int[p.artists.size()];
      for (int a = 0; a < artistMap.length; a++) {
        artistMap[a] = into.artists.intern(p.artists, a);
        if (into.artistKey == ArtistKey.MBID && artistMap[a] == into.artistName.size()) {
          into.artistName.add(into.names.intern(p.names, p.artistName.getInt(a)));
        }
      }
      int n = p.rows();
      int[] pu = p.rowUser.elements();
      int[] pa = p.rowArtist.elements();
      for (int i = 0; i < n; i++) {
        pu[i] = userMap[pu[i]];
        pa[i] = artistMap[pa[i]];
      }
      into.rowUser.addElements(into.rowUser.size(), pu, 0, n);
      into.rowArtist.addElements(into.rowArtist.size(), pa, 0, n);
      into.rowPlays.addElements(into.rowPlays.size(), p.rowPlays.elements(), 0, n);
      ReadReport r = p.reports.get(0);
      linesRead += r.linesRead();
      kept += r.linesKept();
      bytes += r.bytesRead();
      marks += r.byteOrderMarks();
      r.skipped().forEach((d, c) -> skipped.merge(d, c, Long::sum));
      for (SkippedLine s : r.examples()) {
        if (exampleCount.merge(s.defect(), 1, Integer::sum) <= ReadReport.MAX_EXAMPLES_PER_DEFECT) {
          examples.add(new SkippedLine(s.line() + offset, s.defect(), s.text()));
        }
      }
      offset += lines[k];
      parts[k] = null; // let the part's arrays go
    }
    into.reports.add(new ReadReport(name, linesRead, kept, bytes, skipped, examples, marks));
  }

  /** Sums the progress of the parts; calls the listener under a lock, so totals never decrease. */
  private static final class SharedProgress {
    private final ProgressListener listener;
    private final long[] done;
    private final long total;

    SharedProgress(ProgressListener listener, int parts, long total) {
      this.listener = listener;
      this.done = new long[parts];
      this.total = total;
    }

    ProgressListener part(int k) {
      return (read, ignored) -> update(k, read);
    }

    private synchronized void update(int k, long read) {
      done[k] = read;
      long sum = 0;
      for (long d : done) {
        sum += d;
      }
      listener.update(sum, total);
    }
  }
}
