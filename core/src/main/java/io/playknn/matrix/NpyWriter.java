package io.playknn.matrix;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntUnaryOperator;

/**
 * Writes one NumPy {@code .npy} array, format version 1.0, exactly as {@code numpy.save} lays it
 * out: magic, version, little-endian header length, a header dictionary padded with spaces and
 * ending in a newline so that the data starts at a multiple of 64 bytes, then the data.
 */
final class NpyWriter {
  private static final int CHUNK_BYTES = 1 << 16;
  private static final int ALIGN = 64;
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

  private NpyWriter() {}

  /**
   * Writes the header of a 0-d array ({@code length < 0}) or a 1-D array of {@code length}
   * elements. Like NumPy it leaves room for the length to grow to 21 digits before padding.
   */
  static void header(OutputStream out, String descr, long length) throws IOException {
    String shape = length < 0 ? "()" : "(" + length + ",)";
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    if (length >= 0) {
      dict += " ".repeat(GROWTH_AXIS_MAX_DIGITS - Long.toString(length).length());
    }
    int unpadded = MAGIC.length + 2 + dict.length() + 1;
    String text = dict + " ".repeat(ALIGN - unpadded % ALIGN) + "\n";
    out.write(MAGIC);
    out.write(text.length() & 0xff);
    out.write(text.length() >>> 8);
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Writes a 1-D integer array of {@code n} elements; {@code wide} selects int64 over int32. */
  static void ints(OutputStream out, int n, IntUnaryOperator values, boolean wide, ByteOrder order)
      throws IOException {
    header(out, (order == ByteOrder.BIG_ENDIAN ? ">" : "<") + (wide ? "i8" : "i4"), n);
    ByteBuffer bb = ByteBuffer.allocate(CHUNK_BYTES).order(order);
    for (int i = 0; i < n; i++) {
      if (bb.remaining() < 8) {
        drain(out, bb);
      }
      if (wide) {
        bb.putLong(values.applyAsInt(i));
      } else {
        bb.putInt(values.applyAsInt(i));
      }
    }
    drain(out, bb);
  }

  /**
   * Writes a 1-D floating-point array of {@code n} elements; {@code single} selects float32 (each
   * value rounded to the nearest float) over float64.
   */
  static void doubles(
      OutputStream out, int n, IntToDoubleFunction values, boolean single, ByteOrder order)
      throws IOException {
    header(out, (order == ByteOrder.BIG_ENDIAN ? ">" : "<") + (single ? "f4" : "f8"), n);
    ByteBuffer bb = ByteBuffer.allocate(CHUNK_BYTES).order(order);
    for (int i = 0; i < n; i++) {
      if (bb.remaining() < 8) {
        drain(out, bb);
      }
      if (single) {
        bb.putFloat((float) values.applyAsDouble(i));
      } else {
        bb.putDouble(values.applyAsDouble(i));
      }
    }
    drain(out, bb);
  }

  /** Writes a 1-D int64 array. */
  static void longs(OutputStream out, long[] values, ByteOrder order) throws IOException {
    header(out, (order == ByteOrder.BIG_ENDIAN ? ">" : "<") + "i8", values.length);
    ByteBuffer bb = ByteBuffer.allocate(8 * values.length).order(order);
    for (long v : values) {
      bb.putLong(v);
    }
    drain(out, bb);
  }

  /** Writes a 0-d ASCII byte string ({@code |S<n>}), as NumPy stores {@code np.array(b"csr")}. */
  static void byteString(OutputStream out, String ascii) throws IOException {
    header(out, "|S" + ascii.length(), -1);
    out.write(ascii.getBytes(StandardCharsets.US_ASCII));
  }

  private static void drain(OutputStream out, ByteBuffer bb) throws IOException {
    out.write(bb.array(), 0, bb.position());
    bb.clear();
  }
}
