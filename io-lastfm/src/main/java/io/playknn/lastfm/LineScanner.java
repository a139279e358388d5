package io.playknn.lastfm;

import io.playknn.knn.ProgressListener;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a file's lines as byte ranges of one buffer (sized by the file, at most 4 MiB), without
 * a String per line: {@link #next()} advances; the line is {@code buffer()[start(), end())}, line feed and a preceding
 * carriage return excluded. Detects gzip by magic bytes. Also collects the {@link ReadReport} and
 * applies the lenient/strict policy ({@link #reject}). Not thread-safe.
 */
final class LineScanner implements AutoCloseable {
  static final int MAX_LINE = 1 << 20;
  /** Largest buffer: more than a line of {@link #MAX_LINE} bytes, so a too-long line is seen. */
  private static final int BUFFER = 4 << 20;
  /** First buffer of a stream whose size is unknown or large; it doubles up to {@link #BUFFER}. */
  private static final int FIRST_BUFFER = 1 << 16;
  private static final VarHandle LONGS = Bytes.LONGS;
  private static final long ONES = Bytes.ONES;
  private static final long HIGHS = Bytes.HIGHS;
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

  private final String name;
  private final boolean strict;
  private final InputStream in;
  private final CountingStream counter;
  private final long totalBytes;
  private final ProgressListener progress;

  private byte[] buf;
  private int pos;
  private int limit;
  private boolean eof;
  private long bytesRead;

  private int start;
  private int end;
  private boolean ascii;
  private boolean tooLong;
  private long lineNumber;

  private long kept;
  private long headerLines;
  /** Whether the bytes begin at the file's start, where a UTF-8 byte-order mark may stand. */
  private boolean atFileStart = true;
  private long byteOrderMarks;
  private final EnumMap<Defect, Long> skipped = new EnumMap<>(Defect.class);
  private final List<SkippedLine> examples = new ArrayList<>();

  private LineScanner(
      String name, InputStream in, CountingStream counter, long totalBytes,
      ProgressListener progress, boolean strict) {
    this.name = name;
    this.in = in;
    this.counter = counter;
    this.totalBytes = totalBytes;
    this.progress = progress;
    this.strict = strict;
    // A small file needs no 4 MiB buffer (gzip may inflate beyond totalBytes: the buffer grows).
    this.buf = new byte[(int) Math.min(BUFFER, Math.max(FIRST_BUFFER, totalBytes + 8))];
  }

  /** Opens a file, plain or gzip (by magic bytes). */
  static LineScanner open(Path file, boolean strict, ProgressListener progress)
      throws IOException {
    String name = file.toString();
    if (!Files.isRegularFile(file)) {
      // A FIFO would block, a directory fail with a message that omits the path.
      throw Files.exists(file)
          ? new java.nio.file.FileSystemException(name, null, "not a regular file")
          : new java.nio.file.NoSuchFileException(name);
    }
    return open(name, Files.newInputStream(file), Files.size(file), strict, progress);
  }

  /**
   * Opens the bytes {@code [start, end)} of a plain file, which must begin at a line start and
   * end after a line feed (or at the end of the file). Line numbers count from 1 within the range.
   */
  static LineScanner openRange(
      Path file, long start, long end, boolean strict, ProgressListener progress)
      throws IOException {
    java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file);
    try {
      channel.position(start);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    InputStream bounded = new BoundedStream(java.nio.channels.Channels.newInputStream(channel), end - start);
    CountingStream counter = new CountingStream(bounded);
    LineScanner scanner = new LineScanner(file.toString(), counter, counter, end - start, progress, strict);
    scanner.atFileStart = start == 0;
    return scanner;
  }

  /** Opens a stream, plain or gzip (by magic bytes); {@code name} is used in messages. */
  static LineScanner open(
      String name, InputStream raw, long totalBytes, boolean strict, ProgressListener progress)
      throws IOException {
    CountingStream counter = new CountingStream(raw);
    BufferedInputStream head = new BufferedInputStream(counter, 1 << 16);
    boolean gzip;
    try {
      head.mark(2);
      int b0 = head.read();
      int b1 = head.read();
      head.reset();
      gzip = b0 == 0x1f && b1 == 0x8b;
    } catch (IOException e) {
      head.close();
      throw e;
    }
    InputStream in = head;
    if (gzip) {
      try {
        in = new StrictGzipStream(head);
      } catch (EOFException | ZipException e) {
        head.close();
        throw new LastfmFormatException(name, 0, Defect.CORRUPT_GZIP, "", e);
      }
    } else if (name.endsWith(".gz")) {
      head.close();
      throw new LastfmFormatException(name, 0, Defect.NOT_GZIP, "", null);
    }
    return new LineScanner(name, in, counter, totalBytes, progress, strict);
  }

  String name() {
    return name;
  }

  byte[] buffer() {
    return buf;
  }

  int start() {
    return start;
  }

  int end() {
    return end;
  }

  /** @return true if the current line has only ASCII bytes (so it is valid UTF-8) */
  boolean ascii() {
    return ascii;
  }

  /**
   * Advances to the next line that can hold a record, rejecting (counting, or in strict mode
   * throwing for) the too-long and empty lines it passes.
   *
   * @return false at end of file
   * @throws IOException if reading fails, or in strict mode at the first rejected line
   */
  boolean nextRecord() throws IOException {
    while (next()) {
      if (tooLong) {
        reject(Defect.LINE_TOO_LONG);
      } else if (start == end) {
        reject(Defect.EMPTY_LINE);
      } else {
        return true;
      }
    }
    return false;
  }

  /** @return true if the current line exceeded {@link #MAX_LINE}; its range holds its start */
  boolean tooLong() {
    return tooLong;
  }

  long lineNumber() {
    return lineNumber;
  }

  /**
   * Advances to the next line.
   *
   * @return false at end of file
   */
  boolean next() throws IOException {
    int from = pos;
    int i = from;
    long acc = 0;
    tooLong = false;
    while (true) {
      // SWAR search for '\n' eight bytes at a time, collecting high bits for the ASCII test.
      int lim8 = limit - 8;
      while (i <= lim8) {
        long w = (long) LONGS.get(buf, i);
        long x = w ^ NEWLINES;
        long found = (x - ONES) & ~x & HIGHS;
        if (found != 0) {
          int k = Long.numberOfTrailingZeros(found) >>> 3;
          acc |= w & ((1L << (k << 3)) - 1);
          i += k;
          return line(from, i, i + 1, acc);
        }
        acc |= w;
        i += 8;
      }
      while (i < limit) {
        byte b = buf[i];
        if (b == '\n') {
          return line(from, i, i + 1, acc);
        }
        acc |= b;
        i++;
      }
      // No line feed in the buffer: make room and read more.
      if (eof) {
        if (from == limit) {
          return false;
        }
        return line(from, limit, limit, acc);
      }
      // Too long whatever follows: even if the next bytes are "\n" and the last one held is a
      // '\r' (which line() strips), more than MAX_LINE bytes would remain.
      if (limit - from > MAX_LINE + 1) {
        skipRestOfLine(from);
        return true;
      }
      int shift = from;
      if (shift > 0) {
        System.arraycopy(buf, shift, buf, 0, limit - shift);
        limit -= shift;
        i -= shift;
        from = 0;
        pos = 0;
      }
      if (limit == buf.length) {
        // Only below BUFFER: a full buffer of BUFFER bytes holds a line that is too long.
        buf = java.util.Arrays.copyOf(buf, Math.min(BUFFER, 2 * buf.length));
      }
      fill();
    }
  }

  private boolean line(int from, int lf, int next, long acc) {
    int e = lf;
    if (atFileStart && lineNumber == 0 && e - from >= 3 && buf[from] == (byte) 0xEF
        && buf[from + 1] == (byte) 0xBB && buf[from + 2] == (byte) 0xBF) {
      // A UTF-8 byte-order mark is not part of the first field (pandas strips it too).
      from += 3;
      byteOrderMarks++;
    }
    if (e > from && buf[e - 1] == '\r') {
      e--;
    }
    start = from;
    end = e;
    ascii = (acc & HIGHS) == 0;
    tooLong = e - from > MAX_LINE;
    pos = next;
    lineNumber++;
    return true;
  }

  /** Marks the current line too long, keeping its first bytes, and consumes it. */
  private void skipRestOfLine(int from) throws IOException {
    int keepLen = ReadReport.MAX_TEXT * 4;
    System.arraycopy(buf, from, buf, 0, keepLen);
    start = 0;
    end = keepLen;
    ascii = false;
    tooLong = true;
    lineNumber++;
    limit = keepLen;
    pos = keepLen;
    while (true) {
      for (int i = pos; i < limit; i++) {
        if (buf[i] == '\n') {
          pos = i + 1;
          return;
        }
      }
      limit = keepLen;
      pos = keepLen;
      if (eof) {
        return;
      }
      fill();
    }
  }

  /** Reads more bytes after {@code limit}; sets {@code eof} at the end of the stream. */
  private void fill() throws IOException {
    int n;
    try {
      n = in.readNBytes(buf, limit, buf.length - limit);
    } catch (EOFException | ZipException e) {
      throw new LastfmFormatException(name, 0, Defect.CORRUPT_GZIP, "", e);
    }
    if (n < buf.length - limit) {
      eof = true;
    }
    limit += n;
    bytesRead += n;
    progress.update(counter.count, totalBytes);
  }

  /** Declares the current line a header: it is not counted in the report. */
  void header() {
    headerLines++;
  }

  /** Counts the current line as kept. */
  void keep() {
    kept++;
  }

  /**
   * Rejects the current line: throws in strict mode, else counts it and keeps an example.
   *
   * @throws LastfmFormatException in strict mode
   */
  void reject(Defect defect) throws LastfmFormatException {
    if (strict) {
      throw new LastfmFormatException(name, lineNumber, defect, text(), null);
    }
    long count = skipped.merge(defect, 1L, Long::sum);
    if (count <= ReadReport.MAX_EXAMPLES_PER_DEFECT) {
      examples.add(new SkippedLine(lineNumber, defect, text()));
    }
  }

  /** @return the current line as text, shortened, invalid UTF-8 replaced */
  String text() {
    int len = Math.min(end - start, ReadReport.MAX_TEXT * 4);
    String s = new String(buf, start, len, StandardCharsets.UTF_8);
    if (s.length() > ReadReport.MAX_TEXT) {
      s = s.substring(0, ReadReport.MAX_TEXT - 3) + "...";
    } else if (len < end - start || tooLong) {
      s = s + "...";
    }
    return s;
  }

  /** @return lines read so far, header lines included */
  long linesSeen() {
    return lineNumber;
  }

  /** @return the report of everything read so far */
  ReadReport report() {
    examples.sort((a, b) -> Long.compare(a.line(), b.line()));
    return new ReadReport(
        name, lineNumber - headerLines, kept, bytesRead, skipped, examples, byteOrderMarks);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /**
   * @return true if {@code b[from, to)} is well-formed UTF-8 (no overlong forms, no surrogates,
   *     nothing above U+10FFFF)
   */
  static boolean validUtf8(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        i++;
        continue;
      }
      int need;
      int lo = 0x80;
      int hi = 0xbf;
      if (c >= 0xc2 && c <= 0xdf) {
        need = 1;
      } else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        if (c == 0xe0) {
          lo = 0xa0;
        } else if (c == 0xed) {
          hi = 0x9f;
        }
      } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        if (c == 0xf0) {
          lo = 0x90;
        } else if (c == 0xf4) {
          hi = 0x8f;
        }
      } else {
        return false;
      }
      if (i + need >= to) {
        return false;
      }
      int c1 = b[i + 1] & 0xff;
      if (c1 < lo || c1 > hi) {
        return false;
      }
      for (int k = 2; k <= need; k++) {
        int ck = b[i + k] & 0xff;
        if (ck < 0x80 || ck > 0xbf) {
          return false;
        }
      }
      i += need + 1;
    }
    return true;
  }

  /** Reads at most {@code remaining} bytes of the underlying stream. */
  private static final class BoundedStream extends FilterInputStream {
    private long remaining;

    BoundedStream(InputStream in, long remaining) {
      super(in);
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }
  }

  /** Counts bytes read from the underlying stream, for progress. */
  /**
   * The JDK's gzip stream (native zlib, members concatenated as {@code cat a.gz b.gz} makes them),
   * made to refuse bytes after the last member. The JDK ends the stream silently when what follows
   * a member is not a valid gzip header (a damaged second member, or garbage), which would drop
   * every line after the first member without a report; here that is a {@link ZipException}, which
   * the scanner reports as {@link Defect#CORRUPT_GZIP}. At the true end, the inflater holds at most
   * the 8-byte trailer it has just read, and the file has nothing left.
   */
  private static final class StrictGzipStream extends GZIPInputStream {
    private boolean ended;

    StrictGzipStream(InputStream in) throws IOException {
      super(in, 1 << 16);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n < 0 && !ended) {
        ended = true;
        if (inf.getRemaining() > 8 || in.read() >= 0) {
          throw new ZipException("data after the end of the last gzip member");
        }
      }
      return n;
    }
  }

  private static final class CountingStream extends FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
