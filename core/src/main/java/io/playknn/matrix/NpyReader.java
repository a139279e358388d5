package io.playknn.matrix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one NumPy {@code .npy} array (format versions 1.0, 2.0 and 3.0) from the stream of a zip
 * entry. Every problem with the content is an {@link NpzFormatException} naming the array.
 *
 * <p>Memory is bounded by what the entry really contains: the header is capped at {@link
 * #MAX_HEADER_BYTES}, and the payload is read in chunks into arrays that grow with the bytes
 * actually present (never more than the header declares), so a forged shape cannot trigger a huge
 * allocation. Only after the whole payload has been read is its size compared with the header.
 */
final class NpyReader {
  /** Longest header accepted, the same default limit as NumPy's {@code max_header_size}. */
  static final int MAX_HEADER_BYTES = 10_000;

  /** Most elements an array may have: the largest Java array. */
  static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  /** Longest string accepted for the {@code format} array, in characters. */
  static final int MAX_FORMAT_CHARS = 16;

  private static final int CHUNK_BYTES = 1 << 16;
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Set<String> HEADER_KEYS = Set.of("descr", "fortran_order", "shape");

  private NpyReader() {}

  /** A parsed {@code descr}: byte order character, kind character and the number in the code. */
  record Dtype(char order, char kind, int size) {
    /** Bytes per element. */
    int itemSize() {
      return kind == 'U' ? 4 * size : size;
    }

    String code() {
      return "" + kind + size;
    }

    ByteOrder byteOrder() {
      return order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    @Override
    public String toString() {
      return "'" + order + kind + size + "'";
    }
  }

  /** A parsed and validated header. */
  record Header(Dtype dtype, long[] shape) {
    String shapeText() {
      StringBuilder s = new StringBuilder("(");
      for (int i = 0; i < shape.length; i++) {
        s.append(shape[i])
            .append(i == 0 && shape.length == 1 ? "," : i + 1 < shape.length ? ", " : "");
      }
      return s.append(')').toString();
    }
  }

  /**
   * Reads an index array ({@code indices} or {@code indptr}): 1-D, int32 or int64.
   *
   * @throws NpzFormatException if the array is malformed or a value does not fit in an {@code int}
   */
  static int[] readIndexArray(String name, InputStream in) throws IOException {
    Header h = readHeader(name, in);
    requireDtype(name, h, "int32 or int64", "i4", "i8");
    long n = oneDimensional(name, h);
    int[] out = new int[initialCapacity(n)];
    int size = 0;
    boolean wide = h.dtype().size() == 8;
    ByteBuffer bb = chunkBuffer(h);
    long expected = n * h.dtype().itemSize();
    for (long read = 0; read < expected; ) {
      int count = fill(name, h, in, bb, read, expected);
      read += count * (long) h.dtype().itemSize();
      out = ensureCapacity(out, size + count, n);
      for (int i = 0; i < count; i++, size++) {
        long v = wide ? bb.getLong() : bb.getInt();
        if (v != (int) v) {
          throw new NpzFormatException(
              name,
              String.format(
                  Locale.ROOT,
                  "value %d at position %d does not fit in a 32-bit int index",
                  v,
                  size));
        }
        out[size] = (int) v;
      }
    }
    requireEnd(name, h, in, expected);
    return out;
  }

  /**
   * Reads the {@code data} array: 1-D, float32, float64, int32, int64 or bool, converted to double
   * (int64 values beyond 2<sup>53</sup> are rounded; bool is 1.0 or 0.0).
   */
  static double[] readDataArray(String name, InputStream in) throws IOException {
    Header h = readHeader(name, in);
    requireDtype(name, h, "float32, float64, int32, int64 or bool", "f4", "f8", "i4", "i8", "b1");
    long n = oneDimensional(name, h);
    double[] out = new double[initialCapacity(n)];
    int size = 0;
    ByteBuffer bb = chunkBuffer(h);
    char kind = h.dtype().kind();
    int itemSize = h.dtype().itemSize();
    long expected = n * itemSize;
    for (long read = 0; read < expected; ) {
      int count = fill(name, h, in, bb, read, expected);
      read += count * (long) itemSize;
      out = ensureCapacity(out, size + count, n);
      for (int i = 0; i < count; i++, size++) {
        double v;
        if (kind == 'f') {
          v = itemSize == 8 ? bb.getDouble() : bb.getFloat();
        } else if (kind == 'i') {
          v = itemSize == 8 ? bb.getLong() : bb.getInt();
        } else {
          v = bb.get() != 0 ? 1.0 : 0.0;
        }
        out[size] = v;
      }
    }
    requireEnd(name, h, in, expected);
    return out;
  }

  /** Reads the {@code shape} array: int32 or int64, exactly two elements. */
  static long[] readShapeArray(String name, InputStream in) throws IOException {
    Header h = readHeader(name, in);
    requireDtype(name, h, "int64 or int32", "i8", "i4");
    long n = oneDimensional(name, h);
    if (n != 2) {
      throw new NpzFormatException(
          name, "expected 2 elements (rows, columns), header shape is " + h.shapeText());
    }
    ByteBuffer bb = chunkBuffer(h);
    long expected = 2L * h.dtype().itemSize();
    fill(name, h, in, bb, 0, expected);
    long[] out = new long[2];
    for (int i = 0; i < 2; i++) {
      out[i] = h.dtype().size() == 8 ? bb.getLong() : bb.getInt();
    }
    requireEnd(name, h, in, expected);
    return out;
  }

  /** Reads the {@code format} array: a 0-d byte string ({@code |S}) or unicode ({@code U}). */
  static String readFormatArray(String name, InputStream in) throws IOException {
    Header h = readHeader(name, in);
    if (h.dtype().kind() != 'S' && h.dtype().kind() != 'U') {
      throw new NpzFormatException(
          name, "unsupported dtype " + h.dtype() + " (expected a byte string such as '|S3')");
    }
    if (h.dtype().size() > MAX_FORMAT_CHARS) {
      throw new NpzFormatException(
          name,
          "string dtype "
              + h.dtype()
              + " is longer than the "
              + MAX_FORMAT_CHARS
              + " characters a sparse format name can have");
    }
    if (h.shape().length != 0) {
      throw new NpzFormatException(
          name, "expected a 0-d array (a scalar), header shape is " + h.shapeText());
    }
    int itemSize = h.dtype().itemSize();
    ByteBuffer bb = chunkBuffer(h);
    if (itemSize > 0) {
      fill(name, h, in, bb, 0, itemSize);
    }
    requireEnd(name, h, in, itemSize);
    StringBuilder s = new StringBuilder();
    if (h.dtype().kind() == 'S') {
      for (int i = 0; i < itemSize; i++) {
        int b = bb.get() & 0xff;
        if (b == 0) {
          break;
        }
        if (b >= 0x80) {
          throw new NpzFormatException(
              name, String.format(Locale.ROOT, "byte 0x%02x at position %d is not ASCII", b, i));
        }
        s.append((char) b);
      }
    } else {
      for (int i = 0; i < h.dtype().size(); i++) {
        int cp = bb.getInt();
        if (cp == 0) {
          break;
        }
        if (!Character.isValidCodePoint(cp)) {
          throw new NpzFormatException(
              name, String.format(Locale.ROOT, "0x%x is not a unicode code point", cp));
        }
        s.appendCodePoint(cp);
      }
    }
    return s.toString();
  }

  // ---------------------------------------------------------------- header

  /** Reads magic, version, header length and header, and parses the header dictionary. */
  static Header readHeader(String name, InputStream in) throws IOException {
    byte[] magic = in.readNBytes(MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new NpzFormatException(
          name, "not a .npy array: bad magic " + hex(magic) + ", expected 93 4e 55 4d 50 59");
    }
    byte[] version = in.readNBytes(2);
    if (version.length < 2) {
      throw new NpzFormatException(name, "truncated .npy header: the entry ends in the version");
    }
    int major = version[0] & 0xff;
    int minor = version[1] & 0xff;
    if (major < 1 || major > 3 || minor != 0) {
      throw new NpzFormatException(
          name,
          String.format(
              Locale.ROOT,
              "unsupported .npy format version %d.%d (supported: 1.0, 2.0, 3.0)",
              major,
              minor));
    }
    int lengthBytes = major == 1 ? 2 : 4;
    byte[] lb = in.readNBytes(lengthBytes);
    if (lb.length < lengthBytes) {
      throw new NpzFormatException(
          name, "truncated .npy header: the entry ends in the header length");
    }
    long length = 0;
    for (int i = lengthBytes - 1; i >= 0; i--) {
      length = (length << 8) | (lb[i] & 0xff);
    }
    if (length > MAX_HEADER_BYTES) {
      throw new NpzFormatException(
          name,
          String.format(
              Locale.ROOT,
              ".npy header length must be <= %d bytes, was %d",
              MAX_HEADER_BYTES,
              length));
    }
    byte[] hb = in.readNBytes((int) length);
    if (hb.length < length) {
      throw new NpzFormatException(
          name,
          String.format(
              Locale.ROOT,
              "truncated .npy header: declared %d bytes, the entry holds %d",
              length,
              hb.length));
    }
    String text;
    if (major == 3) {
      try {
        text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(hb))
                .toString();
      } catch (CharacterCodingException e) {
        throw new NpzFormatException(name, "version 3.0 .npy header is not valid UTF-8", e);
      }
    } else {
      text = new String(hb, StandardCharsets.ISO_8859_1);
    }
    return parseHeader(name, text);
  }

  /** Parses and validates the header dictionary: exactly descr, fortran_order and shape. */
  static Header parseHeader(String name, String text) throws NpzFormatException {
    Map<String, Object> dict = new HeaderParser(name, text).dict();
    for (String key : HEADER_KEYS) {
      if (!dict.containsKey(key)) {
        throw badHeader(name, text, "key '" + key + "' is missing");
      }
    }
    for (String key : dict.keySet()) {
      if (!HEADER_KEYS.contains(key)) {
        throw badHeader(
            name, text, "unexpected key '" + key + "' (allowed: descr, fortran_order, shape)");
      }
    }
    if (!(dict.get("descr") instanceof String)) {
      throw badHeader(
          name, text, "'descr' must be a dtype string (structured dtypes are unsupported)");
    }
    if (!(dict.get("fortran_order") instanceof Boolean)) {
      throw badHeader(name, text, "'fortran_order' must be True or False");
    }
    if (!(dict.get("shape") instanceof long[])) {
      throw badHeader(name, text, "'shape' must be a tuple of non-negative integers");
    }
    Dtype dtype = parseDtype(name, (String) dict.get("descr"));
    long[] shape = (long[]) dict.get("shape");
    // fortran_order only changes the layout of arrays with 2 or more dimensions, which every
    // array of a sparse .npz rejects; for 0-d and 1-D arrays both orders are the same bytes.
    return new Header(dtype, shape);
  }

  private static Dtype parseDtype(String name, String descr) throws NpzFormatException {
    if (descr.length() < 3 || descr.length() > 10) {
      throw new NpzFormatException(name, "unsupported dtype '" + descr + "'");
    }
    char order = descr.charAt(0);
    char kind = descr.charAt(1);
    String digits = descr.substring(2);
    if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')
        || (digits.length() > 1 && digits.charAt(0) == '0')) {
      throw new NpzFormatException(name, "unsupported dtype '" + descr + "'");
    }
    int size = Integer.parseInt(digits);
    if (order == '=') {
      throw new NpzFormatException(
          name,
          "dtype '"
              + descr
              + "' has native byte order '=', which a file cannot state; expected '<',"
              + " '>' or '|'");
    }
    if (order != '<' && order != '>' && order != '|') {
      throw new NpzFormatException(
          name, "dtype '" + descr + "' must start with a byte order '<', '>' or '|'");
    }
    Dtype dtype = new Dtype(order, kind, size);
    if (order == '|' && dtype.itemSize() > 1 && kind != 'S') {
      throw new NpzFormatException(
          name,
          "dtype '"
              + descr
              + "' has no byte order ('|'), which only one-byte and byte-string dtypes may omit");
    }
    return dtype;
  }

  private static NpzFormatException badHeader(String name, String text, String reason) {
    String shown = text.strip();
    if (shown.length() > 200) {
      shown = shown.substring(0, 200) + "...";
    }
    return new NpzFormatException(name, "bad .npy header: " + reason + " in " + shown);
  }

  /**
   * A strict parser for the Python literal NumPy writes: a dict of string keys to strings, {@code
   * True}/{@code False} and tuples of non-negative integers, followed only by whitespace.
   */
  private static final class HeaderParser {
    private final String name;
    private final String text;
    private int pos;

    HeaderParser(String name, String text) {
      this.name = name;
      this.text = text;
    }

    Map<String, Object> dict() throws NpzFormatException {
      Map<String, Object> out = new HashMap<>();
      skipSpace();
      expect('{');
      skipSpace();
      while (peek() != '}') {
        String key = string();
        skipSpace();
        expect(':');
        skipSpace();
        Object value = value();
        if (out.put(key, value) != null) {
          throw fail("duplicate key '" + key + "'");
        }
        skipSpace();
        if (peek() == ',') {
          pos++;
          skipSpace();
        } else if (peek() != '}') {
          throw fail("expected ',' or '}' at position " + pos);
        }
      }
      pos++;
      skipSpace();
      if (pos != text.length()) {
        throw fail("unexpected text after the dictionary at position " + pos);
      }
      if (!text.endsWith("\n")) {
        throw fail("the header must end with a newline");
      }
      return out;
    }

    private Object value() throws NpzFormatException {
      char c = peek();
      if (c == '\'' || c == '"') {
        return string();
      }
      if (c == '(') {
        return tuple();
      }
      if (text.startsWith("True", pos)) {
        pos += 4;
        return Boolean.TRUE;
      }
      if (text.startsWith("False", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      throw fail("expected a string, True, False or a tuple at position " + pos);
    }

    private String string() throws NpzFormatException {
      char quote = peek();
      if (quote != '\'' && quote != '"') {
        throw fail("expected a quoted string at position " + pos);
      }
      int start = ++pos;
      while (pos < text.length() && text.charAt(pos) != quote) {
        char c = text.charAt(pos);
        if (c == '\\' || c == '\n') {
          throw fail("unsupported character in a string at position " + pos);
        }
        pos++;
      }
      if (pos >= text.length()) {
        throw fail("unterminated string starting at position " + (start - 1));
      }
      return text.substring(start, pos++);
    }

    private long[] tuple() throws NpzFormatException {
      expect('(');
      skipSpace();
      long[] values = new long[0];
      boolean trailingComma = false;
      while (peek() != ')') {
        values = Arrays.copyOf(values, values.length + 1);
        values[values.length - 1] = integer();
        skipSpace();
        trailingComma = false;
        if (peek() == ',') {
          pos++;
          trailingComma = true;
          skipSpace();
        } else if (peek() != ')') {
          throw fail("expected ',' or ')' in the tuple at position " + pos);
        }
        if (values.length > 32) {
          throw fail("a shape has at most 32 dimensions");
        }
      }
      pos++;
      if (values.length == 1 && !trailingComma) {
        throw fail("(" + values[0] + ") is not a tuple (a 1-tuple needs a trailing comma)");
      }
      return values;
    }

    private long integer() throws NpzFormatException {
      int start = pos;
      while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
        pos++;
      }
      String digits = text.substring(start, pos);
      if (digits.isEmpty()) {
        throw fail("expected a non-negative integer at position " + start);
      }
      if (digits.length() > 1 && digits.charAt(0) == '0') {
        throw fail("integer with a leading zero at position " + start);
      }
      try {
        return Long.parseLong(digits);
      } catch (NumberFormatException e) {
        throw fail("integer " + digits + " is too large");
      }
    }

    private char peek() throws NpzFormatException {
      if (pos >= text.length()) {
        throw fail("unexpected end of the header");
      }
      return text.charAt(pos);
    }

    private void expect(char c) throws NpzFormatException {
      if (peek() != c) {
        throw fail(
            "expected '" + c + "' at position " + pos + ", found '" + text.charAt(pos) + "'");
      }
      pos++;
    }

    private void skipSpace() {
      while (pos < text.length()
          && (text.charAt(pos) == ' '
              || text.charAt(pos) == '\t'
              || text.charAt(pos) == '\n'
              || text.charAt(pos) == '\r')) {
        pos++;
      }
    }

    private NpzFormatException fail(String reason) {
      return badHeader(name, text, reason);
    }
  }

  // ---------------------------------------------------------------- payload

  private static void requireDtype(String name, Header h, String expected, String... codes)
      throws NpzFormatException {
    Dtype d = h.dtype();
    if (!Arrays.asList(codes).contains(d.code())) {
      throw new NpzFormatException(name, "unsupported dtype " + d + " (expected " + expected + ")");
    }
  }

  /** Checks the shape is 1-D and returns its element count, within {@link #MAX_ELEMENTS}. */
  private static long oneDimensional(String name, Header h) throws NpzFormatException {
    if (h.shape().length != 1) {
      throw new NpzFormatException(name, "expected a 1-D array, header shape is " + h.shapeText());
    }
    long n = h.shape()[0];
    if (n > MAX_ELEMENTS) {
      throw new NpzFormatException(
          name,
          String.format(
              Locale.ROOT,
              "header shape %s has more elements than the %d a Java array can hold",
              h.shapeText(),
              MAX_ELEMENTS));
    }
    return n;
  }

  private static int initialCapacity(long n) {
    return (int) Math.min(n, CHUNK_BYTES);
  }

  private static int[] ensureCapacity(int[] a, int needed, long max) {
    return needed <= a.length ? a : Arrays.copyOf(a, grow(a.length, needed, max));
  }

  private static double[] ensureCapacity(double[] a, int needed, long max) {
    return needed <= a.length ? a : Arrays.copyOf(a, grow(a.length, needed, max));
  }

  /** Grows by half, never beyond the declared element count. */
  private static int grow(int length, int needed, long max) {
    return (int) Math.min(max, Math.max(needed, length + (long) (length >> 1)));
  }

  /** A buffer of whole elements: about 64 KiB of numbers, or one string. */
  private static ByteBuffer chunkBuffer(Header h) {
    int itemSize = Math.max(1, h.dtype().itemSize());
    int bytes =
        h.dtype().kind() == 'S' || h.dtype().kind() == 'U'
            ? itemSize
            : CHUNK_BYTES - CHUNK_BYTES % itemSize;
    return ByteBuffer.allocate(bytes).order(h.dtype().byteOrder());
  }

  /**
   * Reads the next chunk (whole elements) of the payload into {@code bb}, positioned at 0.
   *
   * @return the number of elements in the chunk
   */
  private static int fill(
      String name, Header h, InputStream in, ByteBuffer bb, long read, long expected)
      throws IOException {
    int want = (int) Math.min(bb.capacity(), expected - read);
    int got = in.readNBytes(bb.array(), 0, want);
    if (got < want) {
      throw new NpzFormatException(
          name,
          String.format(
              Locale.ROOT,
              "truncated: header shape %s of dtype %s needs %d bytes of data, the entry holds %d",
              h.shapeText(),
              h.dtype(),
              expected,
              read + got));
    }
    bb.clear();
    bb.limit(got);
    return got / Math.max(1, h.dtype().itemSize());
  }

  private static void requireEnd(String name, Header h, InputStream in, long expected)
      throws IOException {
    if (in.read() != -1) {
      throw new NpzFormatException(
          name,
          String.format(
              Locale.ROOT,
              "the entry holds more than the %d bytes of data that header shape %s of dtype %s"
                  + " needs",
              expected,
              h.shapeText(),
              h.dtype()));
    }
  }

  private static String hex(byte[] bytes) {
    if (bytes.length == 0) {
      return "(empty entry)";
    }
    StringBuilder s = new StringBuilder();
    for (byte b : bytes) {
      s.append(s.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02x", b & 0xff));
    }
    return s.toString();
  }
}
