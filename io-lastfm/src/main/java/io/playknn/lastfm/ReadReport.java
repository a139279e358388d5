package io.playknn.lastfm;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What reading one file did with each of its lines: {@code linesRead() == linesKept() +
 * linesSkipped()}, and {@code linesSkipped()} is the sum of {@link #skipped()} over all defects.
 * A line is a record ended by a line feed, or the bytes after the last line feed if there are
 * any; a header line (hetrec files) is not counted. Immutable.
 */
public final class ReadReport {
  /** Longest text kept for an example line, in characters. */
  public static final int MAX_TEXT = 200;
  /** Number of example lines kept per defect (the first ones met). */
  public static final int MAX_EXAMPLES_PER_DEFECT = 5;

  private final String file;
  private final long linesRead;
  private final long linesKept;
  private final long bytesRead;
  private final Map<Defect, Long> skipped;
  private final List<SkippedLine> examples;
  private final long byteOrderMarks;

  ReadReport(
      String file,
      long linesRead,
      long linesKept,
      long bytesRead,
      EnumMap<Defect, Long> skipped,
      List<SkippedLine> examples,
      long byteOrderMarks) {
    this.file = Objects.requireNonNull(file, "file");
    this.linesRead = linesRead;
    this.linesKept = linesKept;
    this.bytesRead = bytesRead;
    this.skipped = Collections.unmodifiableMap(new EnumMap<>(skipped));
    this.examples = List.copyOf(examples);
    this.byteOrderMarks = byteOrderMarks;
  }

  /**
   * @return the number of UTF-8 byte-order marks stripped from the start of the file (0 or 1): the
   *     mark is not part of the first line's first field, so it is removed, never kept in an id
   */
  public long byteOrderMarks() {
    return byteOrderMarks;
  }

  /** @return the file name as given to the reader */
  public String file() {
    return file;
  }

  /** @return the number of lines (records) read, header excluded */
  public long linesRead() {
    return linesRead;
  }

  /** @return the number of lines accepted */
  public long linesKept() {
    return linesKept;
  }

  /** @return the number of lines skipped, all defects together */
  public long linesSkipped() {
    return linesRead - linesKept;
  }

  /** @return the number of uncompressed bytes read */
  public long bytesRead() {
    return bytesRead;
  }

  /**
   * @param defect a defect
   * @return the number of lines skipped for it
   */
  public long skipped(Defect defect) {
    return skipped.getOrDefault(Objects.requireNonNull(defect, "defect"), 0L);
  }

  /** @return the non-zero skip counts, in {@link Defect} declaration order; unmodifiable */
  public Map<Defect, Long> skipped() {
    return skipped;
  }

  /**
   * @return the first {@value #MAX_EXAMPLES_PER_DEFECT} skipped lines of each defect, in line
   *     order; unmodifiable
   */
  public List<SkippedLine> examples() {
    return examples;
  }

  /** @return a one-line summary: file, lines read, kept, skipped by defect */
  @Override
  public String toString() {
    return file + ": " + linesRead + " lines read, " + linesKept + " kept, " + linesSkipped()
        + " skipped " + skipped + (byteOrderMarks > 0 ? ", byte-order mark stripped" : "");
  }
}
