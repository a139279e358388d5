package io.playknn.lastfm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns byte strings into dense int ids {@code 0, 1, 2, ...} in order of first appearance, keyed
 * by byte content: an open-addressing (linear probing) hash table over a byte arena, so looking up
 * an existing key allocates nothing and a new key costs one arena copy. Not thread-safe.
 */
final class ByteInterner {
  private byte[] arena = new byte[1 << 16];
  private int arenaSize;
  private int[] offsets = new int[1025]; // key id -> start in arena; offsets[size] = arenaSize
  private int[] hashes = new int[1024];
  private int[] table = new int[2048]; // slot -> id + 1, 0 = empty
  private int mask = table.length - 1;
  private int size;

  int size() {
    return size;
  }

  /**
   * Returns the id of {@code b[from, to)}, adding it if absent.
   *
   * @return the id, in {@code [0, size())}
   */
  int intern(byte[] b, int from, int to) {
    int h = hash(b, from, to);
    int slot = h & mask;
    while (true) {
      int entry = table[slot];
      if (entry == 0) {
        return add(b, from, to, h, slot);
      }
      int id = entry - 1;
      if (hashes[id] == h && Bytes.equal(arena, offsets[id], offsets[id + 1], b, from, to)) {
        return id;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** @return the id of {@code b[from, to)}, or -1 if absent */
  int find(byte[] b, int from, int to) {
    int h = hash(b, from, to);
    int slot = h & mask;
    while (true) {
      int entry = table[slot];
      if (entry == 0) {
        return -1;
      }
      int id = entry - 1;
      if (hashes[id] == h && Bytes.equal(arena, offsets[id], offsets[id + 1], b, from, to)) {
        return id;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** @return the id of {@code key}'s UTF-8 bytes, adding it if absent */
  int intern(String key) {
    byte[] b = key.getBytes(StandardCharsets.UTF_8);
    return intern(b, 0, b.length);
  }

  /** @return true if key {@code id} equals {@code b[from, to)} */
  boolean equals(int id, byte[] b, int from, int to) {
    return Bytes.equal(arena, offsets[id], offsets[id + 1], b, from, to);
  }

  /** @return the id here of key {@code id} of {@code other}, adding it if absent */
  int intern(ByteInterner other, int id) {
    return intern(other.arena, other.offsets[id], other.offsets[id + 1]);
  }

  /** @return key {@code id} decoded as UTF-8 */
  String key(int id) {
    return new String(arena, offsets[id], offsets[id + 1] - offsets[id], StandardCharsets.UTF_8);
  }

  /** @return the length in bytes of key {@code id} */
  int length(int id) {
    return offsets[id + 1] - offsets[id];
  }

  /** @return the first byte of key {@code id}; the key must not be empty */
  byte firstByte(int id) {
    return arena[offsets[id]];
  }

  /** Compares two keys by unsigned bytes, which for UTF-8 is Unicode code point order. */
  int compare(int id1, int id2) {
    return Arrays.compareUnsigned(
        arena, offsets[id1], offsets[id1 + 1], arena, offsets[id2], offsets[id2 + 1]);
  }

  private int add(byte[] b, int from, int to, int h, int slot) {
    int len = to - from;
    if (arenaSize + len > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaSize + len));
    }
    System.arraycopy(b, from, arena, arenaSize, len);
    arenaSize += len;
    int id = size;
    if (id >= hashes.length) {
      hashes = Arrays.copyOf(hashes, hashes.length * 2);
      offsets = Arrays.copyOf(offsets, hashes.length + 1);
    }
    hashes[id] = h;
    offsets[id + 1] = arenaSize;
    table[slot] = id + 1;
    size++;
    if (size * 2 > table.length) {
      rehash();
    }
    return id;
  }

  private void rehash() {
    int[] bigger = new int[table.length * 2];
    int m = bigger.length - 1;
    for (int id = 0; id < size; id++) {
      int slot = hashes[id] & m;
      while (bigger[slot] != 0) {
        slot = (slot + 1) & m;
      }
      bigger[slot] = id + 1;
    }
    table = bigger;
    mask = m;
  }

  private static int hash(byte[] b, int from, int to) {
    int h = 0;
    int i = from;
    for (; i + 3 < to; i += 4) {
      h = 31 * 31 * 31 * 31 * h
          + 31 * 31 * 31 * b[i]
          + 31 * 31 * b[i + 1]
          + 31 * b[i + 2]
          + b[i + 3];
    }
    for (; i < to; i++) {
      h = 31 * h + b[i];
    }
    h ^= to - from;
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
