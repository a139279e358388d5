package io.playknn.lastfm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte-array helpers that work eight bytes at a time (SWAR). */
final class Bytes {
  static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  static final long ONES = 0x0101010101010101L;
  static final long HIGHS = 0x8080808080808080L;
  static final long TABS = 0x0909090909090909L;

  private Bytes() {}

  /** @return true if {@code a[aFrom, aTo)} and {@code b[bFrom, bTo)} hold the same bytes */
  static boolean equal(byte[] a, int aFrom, int aTo, byte[] b, int bFrom, int bTo) {
    int n = aTo - aFrom;
    if (n != bTo - bFrom) {
      return false;
    }
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      if ((long) LONGS.get(a, aFrom + i) != (long) LONGS.get(b, bFrom + i)) {
        return false;
      }
    }
    for (; i < n; i++) {
      if (a[aFrom + i] != b[bFrom + i]) {
        return false;
      }
    }
    return true;
  }
}
