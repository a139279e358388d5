package io.playknn.lastfm;

import static io.playknn.lastfm.ReferenceReproductionTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.matrix.SparseMatrix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The 360K plays reader on the hand-made fixtures of {@code fixtures/make_fixtures.py}. */
class PlaysReaderTest {
  private static final Path MALFORMED = resource("/fixtures/malformed-plays.tsv");
  private static final Path MALFORMED_GZ = resource("/fixtures/malformed-plays.tsv.gz");

  @TempDir Path tmp;

  /** Reads a plays file keeping every user and artist, raw counts. */
  static LastfmDataset readAll(Path plays, boolean strict) throws IOException {
    return LastfmDataset.builder()
        .plays(plays)
        .topUsers(Integer.MAX_VALUE)
        .topArtists(Integer.MAX_VALUE)
        .weighting(Weighting.raw())
        .strict(strict)
        .build();
  }

  /** The matrix as artist key -> user key -> value, for comparisons independent of order. */
  static Map<String, Map<String, Double>> entries(LastfmDataset d) {
    Map<String, Map<String, Double>> out = new TreeMap<>();
    SparseMatrix m = d.matrix();
    for (int r = 0; r < m.rows(); r++) {
      Map<String, Double> row = out.computeIfAbsent(d.artists().key(r), k -> new TreeMap<>());
      for (int p = m.rowStart(r); p < m.rowEnd(r); p++) {
        row.put(d.users().key(m.columnAt(p)), m.valueAt(p));
      }
    }
    return out;
  }

  @Test
  void read_malformedFixture_countsEveryDefectAndKeepsEveryGoodLine() throws IOException {
    LastfmDataset d = readAll(MALFORMED, false);
    ReadReport report = d.reports().get(0);
    assertThat(report.file()).isEqualTo(MALFORMED.toString());
    assertThat(report.linesRead()).isEqualTo(18);
    assertThat(report.linesKept()).isEqualTo(7);
    assertThat(report.skipped())
        .containsExactly(
            Map.entry(Defect.EMPTY_LINE, 1L),
            Map.entry(Defect.WRONG_FIELD_COUNT, 2L),
            Map.entry(Defect.INVALID_UTF8, 2L),
            Map.entry(Defect.EMPTY_USER, 1L),
            Map.entry(Defect.EMPTY_ARTIST, 1L),
            Map.entry(Defect.PLAYS_NOT_INTEGER, 3L),
            Map.entry(Defect.PLAYS_OUT_OF_RANGE, 1L));
    assertThat(report.linesKept() + report.linesSkipped()).isEqualTo(report.linesRead());
    assertThat(report.examples())
        .extracting(SkippedLine::line)
        .containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
    assertThat(report.examples().get(1))
        .isEqualTo(new SkippedLine(6, Defect.WRONG_FIELD_COUNT, "u2\tradiohead\t4"));
    assertThat(report.examples().get(3).text()).isEqualTo("u2\t\tbad\uFFFD name\t4");

    // Every good line is in the matrix (the zero-play line 17 is kept but stores nothing).
    Map<String, Map<String, Double>> expected = new TreeMap<>();
    expected.put("the beatles", Map.of("u1", 10.0));
    expected.put("guns n' roses", Map.of("u1", 5.0));
    expected.put("the \"best\" band", Map.of("u1", 3.0));
    expected.put("\"quoted at start", Map.of("u2", 7.0));
    expected.put("radiohead", Map.of("u2", 2147483647.0));
    expected.put("植松伸夫", Map.of("u3", 12.0));
    assertThat(entries(d)).isEqualTo(expected);
    // Ranking: radiohead (2147483647) first; u2 has the most plays.
    assertThat(d.artists().key(0)).isEqualTo("radiohead");
    assertThat(d.users().keys()).containsExactly("u2", "u1", "u3");
  }

  @ParameterizedTest(name = "line {0}: {1}")
  @CsvSource({
    "5, EMPTY_LINE", "6, WRONG_FIELD_COUNT", "7, WRONG_FIELD_COUNT", "8, INVALID_UTF8",
    "9, INVALID_UTF8", "10, EMPTY_USER", "11, EMPTY_ARTIST", "12, PLAYS_NOT_INTEGER",
    "13, PLAYS_NOT_INTEGER", "14, PLAYS_NOT_INTEGER", "15, PLAYS_OUT_OF_RANGE"
  })
  void read_strictBadLine_throwsWithFileLineAndReason(int line, Defect defect) throws IOException {
    // The four good lines of the fixture, then its bad line number `line`.
    List<byte[]> lines = fixtureLines();
    Path file = tmp.resolve("strict-" + line + ".tsv");
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int i = 0; i < 4; i++) {
        out.write(lines.get(i));
        out.write('\n');
      }
      out.write(lines.get(line - 1));
      out.write('\n');
      out.write(lines.get(0));
    }
    assertThatThrownBy(() -> readAll(file, true))
        .isInstanceOfSatisfying(
            LastfmFormatException.class,
            e -> {
              assertThat(e.file()).isEqualTo(file.toString());
              assertThat(e.line()).isEqualTo(5);
              assertThat(e.defect()).isEqualTo(defect);
              assertThat(e.getMessage())
                  .startsWith(file + ", line 5: " + defect.description() + " (" + defect + ")");
            });
    // Lenient reading of the same file skips exactly that line.
    ReadReport report = readAll(file, false).reports().get(0);
    assertThat(report.linesRead()).isEqualTo(6);
    assertThat(report.skipped()).containsExactly(Map.entry(defect, 1L));
  }

  @Test
  void read_strictFirstBadLine_isTheOneReported() {
    assertThatThrownBy(() -> readAll(MALFORMED, true))
        .isInstanceOf(LastfmFormatException.class)
        .hasMessage(MALFORMED + ", line 5: empty line (EMPTY_LINE)");
  }

  @Test
  void read_gzipAndPlain_giveIdenticalResults() throws IOException {
    LastfmDataset plain = readAll(MALFORMED, false);
    LastfmDataset gzip = readAll(MALFORMED_GZ, false);
    assertThat(entries(gzip)).isEqualTo(entries(plain));
    assertThat(gzip.artists().keys()).isEqualTo(plain.artists().keys());
    assertThat(gzip.users().keys()).isEqualTo(plain.users().keys());
    ReadReport a = plain.reports().get(0);
    ReadReport b = gzip.reports().get(0);
    assertThat(b.skipped()).isEqualTo(a.skipped());
    assertThat(b.examples()).isEqualTo(a.examples());
    assertThat(b.linesRead()).isEqualTo(a.linesRead());
    assertThat(b.bytesRead()).isEqualTo(a.bytesRead()).isEqualTo(Files.size(MALFORMED));
  }

  @Test
  void read_gzipContentWithPlainName_isDetectedByMagic() throws IOException {
    Path renamed = tmp.resolve("plays.tsv");
    Files.copy(MALFORMED_GZ, renamed);
    assertThat(entries(readAll(renamed, false))).isEqualTo(entries(readAll(MALFORMED, false)));
  }

  @Test
  void read_gzNameWithoutGzipContent_throwsNotGzip() throws IOException {
    Path fake = tmp.resolve("plays.tsv.gz");
    Files.copy(MALFORMED, fake);
    assertThatThrownBy(() -> readAll(fake, false))
        .isInstanceOfSatisfying(
            LastfmFormatException.class,
            e -> {
              assertThat(e.defect()).isEqualTo(Defect.NOT_GZIP);
              assertThat(e.file()).isEqualTo(fake.toString());
              assertThat(e.getMessage())
                  .isEqualTo(fake + ": file name ends in .gz but the content is not gzip (NOT_GZIP)");
            });
  }

  private static byte[] gzipLines(int from, int to) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      for (int i = from; i < to; i++) {
        out.write(("user" + (i % 977) + "\t\tartist " + (i * 31 % 5003) + "\t" + i + "\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void read_concatenatedGzipMembers_readsEveryMember() throws IOException {
    // As `cat a.gz b.gz` makes: small members (inside one read buffer) and large ones.
    for (int lines : new int[] {10, 100_000}) {
      Path file = tmp.resolve("members-" + lines + ".tsv.gz");
      Files.write(file, concat(gzipLines(0, lines), gzipLines(lines, 2 * lines)));
      assertThat(readAll(file, true).reports().get(0).linesKept()).isEqualTo(2 * lines);
    }
  }

  @Test
  void read_gzipFollowedByGarbageOrADamagedMember_throwsCorruptGzipInsteadOfStopping()
      throws IOException {
    // The JDK's gzip stream ends silently at anything after a member that is not a valid gzip
    // header: every line after the first member would be lost without a report.
    for (int lines : new int[] {10, 100_000}) {
      byte[] first = gzipLines(0, lines);
      byte[] second = gzipLines(lines, 2 * lines);
      byte[] damaged = second.clone();
      damaged[2] = 7; // compression method 7, not deflate (8): not a valid header
      byte[] badMagic = second.clone();
      badMagic[0] = 0;
      byte[][] tails = {
        damaged, badMagic, {1}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new byte[100], new byte[70_000]
      };
      for (int t = 0; t < tails.length; t++) {
        Path file = tmp.resolve("tail-" + lines + "-" + t + ".tsv.gz");
        Files.write(file, concat(first, tails[t]));
        assertThatThrownBy(() -> readAll(file, false))
            .as("%d lines, tail %d (%d bytes)", lines, t, tails[t].length)
            .isInstanceOfSatisfying(
                LastfmFormatException.class,
                e -> assertThat(e.defect()).isEqualTo(Defect.CORRUPT_GZIP));
      }
    }
  }

  @Test
  void read_truncatedGzip_throwsCorruptGzip() throws IOException {
    // A gzip file large enough to span several buffers, cut in the middle.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      for (int i = 0; i < 200_000; i++) {
        out.write(("user" + (i % 977) + "\t\tartist " + (i * 31 % 5003) + "\t" + i + "\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    byte[] full = bytes.toByteArray();
    for (int cut : new int[] {5, full.length / 2, full.length - 4}) {
      Path truncated = tmp.resolve("truncated-" + cut + ".tsv.gz");
      Files.write(truncated, Arrays.copyOf(full, cut));
      assertThatThrownBy(() -> readAll(truncated, false))
          .as("cut at %d of %d bytes", cut, full.length)
          .isInstanceOfSatisfying(
              LastfmFormatException.class,
              e -> {
                assertThat(e.defect()).isEqualTo(Defect.CORRUPT_GZIP);
                assertThat(e.getMessage()).startsWith(truncated + ": truncated or corrupt gzip");
              });
    }
    Path whole = tmp.resolve("whole.tsv.gz");
    Files.write(whole, full);
    assertThat(readAll(whole, true).reports().get(0).linesKept()).isEqualTo(200_000);
  }

  @Test
  void read_crlfAndLf_giveIdenticalResults() throws IOException {
    byte[] lf = Files.readAllBytes(MALFORMED);
    ByteArrayOutputStream crlf = new ByteArrayOutputStream();
    for (int i = 0; i < lf.length; i++) {
      if (lf[i] == '\n' && lf[i - 1] != '\r') {
        crlf.write('\r'); // line 2 already ends in CRLF; only one CR is a line end
      }
      crlf.write(lf[i]);
    }
    Path file = tmp.resolve("crlf.tsv");
    Files.write(file, crlf.toByteArray());
    LastfmDataset a = readAll(MALFORMED, false);
    LastfmDataset b = readAll(file, false);
    assertThat(entries(b)).isEqualTo(entries(a));
    assertThat(b.reports().get(0).skipped()).isEqualTo(a.reports().get(0).skipped());
  }

  @Test
  void read_lineLongerThanLimit_isSkippedAndNextLineKept() throws IOException {
    Path file = tmp.resolve("long.tsv");
    byte[] name = new byte[LineScanner.MAX_LINE + 10];
    Arrays.fill(name, (byte) 'x');
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write("u1\t\ta\t1\nu1\t\t".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.write(name);
      out.write("\t2\nu2\t\tb\t3\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    LastfmDataset d = readAll(file, false);
    ReadReport r = d.reports().get(0);
    assertThat(r.linesRead()).isEqualTo(3);
    assertThat(r.skipped()).containsExactly(Map.entry(Defect.LINE_TOO_LONG, 1L));
    assertThat(r.examples().get(0).line()).isEqualTo(2);
    assertThat(r.examples().get(0).text()).hasSize(ReadReport.MAX_TEXT).endsWith("...");
    assertThat(entries(d)).isEqualTo(Map.of("a", Map.of("u1", 1.0), "b", Map.of("u2", 3.0)));
  }

  @Test
  void read_lineOfExactlyTheLimit_isKeptWhereverTheReadBufferEnds() throws IOException {
    // The reader fills a 4 MiB buffer (one range: files under 32 MiB are not split). Filler lines
    // put the long line's start where the first fill ends just before its line feed: after its
    // last byte (LF), or after its CR (CR LF).
    int buffer = 4 << 20;
    for (String end : List.of("\n", "\r\n")) {
      Path file = tmp.resolve("limit.tsv");
      byte[] prefix = "u2\t\t".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] suffix = "\t7".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] name = new byte[LineScanner.MAX_LINE - prefix.length - suffix.length];
      Arrays.fill(name, (byte) 'y');
      byte[] filler = "u1\t\ta\t1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      int fillerBytes = buffer - LineScanner.MAX_LINE - (end.length() - 1);
      try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
        int written = 0;
        // Whole filler lines, then one padded line (a longer user name) to land exactly.
        while (fillerBytes - written >= 2 * filler.length) {
          out.write(filler);
          written += filler.length;
        }
        int pad = fillerBytes - written - filler.length;
        out.write(("u1" + "z".repeat(pad) + "\t\ta\t1\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.write(prefix);
        out.write(name);
        out.write(suffix);
        out.write(end.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.write("u3\t\tb\t3\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      assertThat(Files.size(file)).isEqualTo((long) buffer + 1 + "u3\t\tb\t3\n".length());
      ReadReport r = readAll(file, false).reports().get(0);
      assertThat(r.skipped()).as("line end %s", end.replace("\r", "CR").replace("\n", "LF"))
          .isEmpty();
      assertThat(r.linesRead()).isEqualTo(r.linesKept());
    }
  }

  @Test
  void read_progress_reportsBytesOfTotalUpToFileSize() throws IOException {
    List<long[]> calls = new ArrayList<>();
    LastfmDataset.builder()
        .plays(MALFORMED_GZ)
        .progress((read, total) -> calls.add(new long[] {read, total}))
        .build();
    assertThat(calls).isNotEmpty();
    long size = Files.size(MALFORMED_GZ);
    long previous = 0;
    for (long[] c : calls) {
      assertThat(c[1]).isEqualTo(size);
      assertThat(c[0]).isBetween(previous, size);
      previous = c[0];
    }
    assertThat(previous).isEqualTo(size);
  }

  @Test
  void read_emptyFile_readsNothing() throws IOException {
    Path file = tmp.resolve("empty.tsv");
    Files.write(file, new byte[0]);
    LastfmDataset d = readAll(file, true);
    assertThat(d.reports().get(0).linesRead()).isZero();
    assertThat(d.matrix().rows()).isZero();
    assertThat(d.matrix().columns()).isZero();
  }

  static List<byte[]> fixtureLines() throws IOException {
    byte[] all = Files.readAllBytes(MALFORMED);
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= all.length; i++) {
      if (i == all.length || all[i] == '\n') {
        lines.add(Arrays.copyOfRange(all, start, i));
        start = i + 1;
      }
    }
    return lines;
  }
}
