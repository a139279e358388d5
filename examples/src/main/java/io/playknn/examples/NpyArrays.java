package io.playknn.examples;

import io.playknn.matrix.SparseVector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * NumPy's {@code .npy} format for request and answer bodies ({@code application/x-npy}, what the
 * SageMaker SDK's {@code NumpySerializer} sends and {@code NumpyDeserializer} reads).
 *
 * <p>The reader is strict: format version 1.0, 2.0 or 3.0; a header that is exactly the Python
 * dictionary {@code np.save} writes ({@code 'descr'}, {@code 'fortran_order'}, {@code 'shape'},
 * each once), padded with spaces to a multiple of 16 bytes and ended by a newline; dtype {@code
 * <f4}, {@code <f8}, {@code >f4} or {@code >f8}; C order; shape {@code (columns,)} or {@code
 * (rows, columns)}; and a payload of exactly rows × columns × item size bytes. The shape is checked
 * against the model's column count and the row limit before any row is built, so a forged header
 * cannot make it allocate.
 */
final class NpyArrays {
  /** Longest header accepted, NumPy's default {@code max_header_size}. */
  static final int MAX_HEADER_BYTES = 10_000;

  static final String MEDIA_TYPE = "application/x-npy";

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private NpyArrays() {}

  /**
   * Reads the feature rows of an {@code .npy} body.
   *
   * @param body the whole body
   * @param columns values per row the model needs
   * @param maxRows most rows accepted
   * @return the rows, at least one
   * @throws RequestException 400 naming the field and rule for a malformed array, 413 for more
   *     than {@code maxRows} rows
   */
  static List<SparseVector> readRows(byte[] body, int columns, int maxRows) {
    ByteBuffer in = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
    if (body.length < MAGIC.length + 2) {
      throw bad("body of " + body.length + " bytes is shorter than the .npy preamble");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (body[i] != MAGIC[i]) {
        throw bad("body must start with the .npy magic \\x93NUMPY");
      }
    }
    int major = body[6] & 0xff;
    int minor = body[7] & 0xff;
    if (major < 1 || major > 3 || minor != 0) {
      throw bad("format version must be 1.0, 2.0 or 3.0, was " + major + "." + minor);
    }
    int lengthBytes = major == 1 ? 2 : 4;
    int start = 8 + lengthBytes;
    if (body.length < start) {
      throw bad("body of " + body.length + " bytes ends inside the header length");
    }
    long headerLength = major == 1 ? in.getShort(8) & 0xffff : in.getInt(8) & 0xffffffffL;
    if (headerLength > MAX_HEADER_BYTES) {
      throw bad("header must be at most " + MAX_HEADER_BYTES + " bytes, was " + headerLength);
    }
    if (start + headerLength > body.length) {
      throw bad("header of " + headerLength + " bytes runs past the body's " + body.length);
    }
    if ((start + headerLength) % 16 != 0) {
      throw bad("header must end on a 16-byte boundary as np.save pads it, ended at byte "
          + (start + headerLength));
    }
    Header h = Header.parse(new String(body, start, (int) headerLength, StandardCharsets.ISO_8859_1));
    long rows = h.shape.length == 1 ? 1 : h.shape[0];
    long width = h.shape[h.shape.length - 1];
    if (width != columns) {
      throw bad("shape " + h.shapeText() + " must have " + columns
          + " columns (one per user), had " + width);
    }
    if (rows > maxRows) {
      throw new RequestException(413, "a request may hold at most " + maxRows + " rows, shape "
          + h.shapeText() + " has " + rows);
    }
    if (rows == 0) {
      throw bad("shape " + h.shapeText() + " holds no rows; send at least one");
    }
    long payload = rows * width * h.itemSize;
    long present = body.length - start - headerLength;
    if (present != payload) {
      throw bad("shape " + h.shapeText() + " of " + h.descr + " needs " + payload
          + " bytes of data, the body has " + present);
    }
    in.order(h.order).position((int) (start + headerLength));
    FeatureRows out = new FeatureRows(columns, maxRows, "row");
    for (long r = 0; r < rows; r++) {
      out.startRow(r);
      for (long c = 0; c < width; c++) {
        out.add(r, h.itemSize == 4 ? in.getFloat() : in.getDouble());
      }
      out.endRow(r);
    }
    return out.rows();
  }

  /**
   * Writes a 2-D C-order little-endian int64 array ({@code <i8}), as {@code np.save} would write
   * the neighbour indices that {@code kneighbors} returns, in format version 1.0.
   *
   * @param rows rows of the array, all of length {@code columns}
   * @param columns the array's second dimension
   * @return the {@code .npy} bytes
   */
  static byte[] writeInt64(int[][] rows, int columns) {
    String dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (" + rows.length + ", "
        + columns + "), }";
    int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(padding) + "\n";
    ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + header.length()
            + rows.length * columns * Long.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length())
        .put(header.getBytes(StandardCharsets.ISO_8859_1));
    for (int[] row : rows) {
      for (int v : row) {
        out.putLong(v);
      }
    }
    return out.array();
  }

  private static RequestException bad(String message) {
    return RequestException.badRequest("malformed .npy body: " + message);
  }

  /** The parsed header dictionary. */
  private record Header(String descr, ByteOrder order, int itemSize, long[] shape) {
    String shapeText() {
      return shape.length == 1 ? "(" + shape[0] + ",)" : "(" + shape[0] + ", " + shape[1] + ")";
    }

    /** Parses {@code {'descr': '<f8', 'fortran_order': False, 'shape': (1, 25), }} and padding. */
    static Header parse(String text) {
      Cursor c = new Cursor(text);
      String descr = null;
      Boolean fortran = null;
      long[] shape = null;
      c.skipSpaces();
      c.expect('{');
      c.skipSpaces();
      while (!c.peek('}')) {
        String key = c.quoted();
        c.skipSpaces();
        c.expect(':');
        c.skipSpaces();
        switch (key) {
          case "descr" -> {
            c.requireUnset(descr, key);
            descr = c.quoted();
          }
          case "fortran_order" -> {
            c.requireUnset(fortran, key);
            fortran = c.bool();
          }
          case "shape" -> {
            c.requireUnset(shape, key);
            shape = c.shape();
          }
          default -> throw bad("header key must be 'descr', 'fortran_order' or 'shape', was '"
              + key + "'");
        }
        c.skipSpaces();
        if (!c.peek('}')) {
          c.expect(',');
          c.skipSpaces();
        }
      }
      c.expect('}');
      c.skipSpaces();
      c.expect('\n');
      c.expectEnd();
      if (descr == null || fortran == null || shape == null) {
        throw bad("header must give 'descr', 'fortran_order' and 'shape', was " + text.trim());
      }
      if (fortran) {
        throw bad("array must be in C order ('fortran_order': False), was Fortran order");
      }
      ByteOrder order;
      int size;
      switch (descr) {
        case "<f4" -> { order = ByteOrder.LITTLE_ENDIAN; size = 4; }
        case "<f8" -> { order = ByteOrder.LITTLE_ENDIAN; size = 8; }
        case ">f4" -> { order = ByteOrder.BIG_ENDIAN; size = 4; }
        case ">f8" -> { order = ByteOrder.BIG_ENDIAN; size = 8; }
        default -> throw bad("dtype must be float32 or float64 ('<f4', '<f8', '>f4', '>f8'), was '"
            + descr + "'");
      }
      if (shape.length != 1 && shape.length != 2) {
        throw bad("shape must be (columns,) or (rows, columns), was a " + shape.length
            + "-dimensional shape");
      }
      return new Header(descr, order, size, shape);
    }
  }

  /** A position in the header text. */
  private static final class Cursor {
    private final String s;
    private int at;

    Cursor(String s) {
      this.s = s;
    }

    boolean peek(char ch) {
      return at < s.length() && s.charAt(at) == ch;
    }

    void expect(char ch) {
      if (!peek(ch)) {
        throw bad("header must have '" + (ch == '\n' ? "\\n" : String.valueOf(ch))
            + "' at character " + at + ", had " + (at < s.length() ? "'" + s.charAt(at) + "'" : "the end"));
      }
      at++;
    }

    void expectEnd() {
      if (at != s.length()) {
        throw bad("header must end with its newline, had " + (s.length() - at) + " more characters");
      }
    }

    void skipSpaces() {
      while (peek(' ')) {
        at++;
      }
    }

    void requireUnset(Object value, String key) {
      if (value != null) {
        throw bad("header key '" + key + "' must appear once, appeared twice");
      }
    }

    String quoted() {
      expect('\'');
      int end = s.indexOf('\'', at);
      if (end < 0 || end - at > 64) {
        throw bad("header must quote keys and dtypes in '...' of at most 64 characters");
      }
      String out = s.substring(at, end);
      at = end + 1;
      return out;
    }

    boolean bool() {
      if (s.startsWith("True", at)) {
        at += 4;
        return true;
      }
      if (s.startsWith("False", at)) {
        at += 5;
        return false;
      }
      throw bad("'fortran_order' must be True or False at character " + at);
    }

    long[] shape() {
      expect('(');
      long[] dims = new long[3];
      int n = 0;
      skipSpaces();
      while (!peek(')')) {
        if (n == dims.length) {
          throw bad("shape must have at most 2 dimensions, had more");
        }
        dims[n++] = number();
        skipSpaces();
        if (!peek(')')) {
          expect(',');
          skipSpaces();
        } else if (n == 1 && s.charAt(at - 1) != ',') {
          throw bad("a 1-dimensional shape must be written (n,), was (" + dims[0] + ")");
        }
      }
      expect(')');
      return java.util.Arrays.copyOf(dims, n);
    }

    long number() {
      int begin = at;
      while (at < s.length() && at - begin < 10 && s.charAt(at) >= '0' && s.charAt(at) <= '9') {
        at++;
      }
      if (at == begin || at - begin >= 10 || (at - begin > 1 && s.charAt(begin) == '0')) {
        throw bad("shape dimensions must be decimal integers below 10^9 at character " + begin);
      }
      return Long.parseLong(s, begin, at, 10);
    }
  }
}
