package io.playknn.lastfm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns byte strings into dense int ids {@code 0, 1, 2, ...} in order of first appearance, keyed
 * by byte content: an open-addressing (linear probing) hash table over a byte arena, so looking up
 * an existing key allocates nothing and a new key costs one arena copy. Each slot holds the key's
 * hash, id, arena offset and length side by side (two longs in one cache line), so a lookup
 * touches the slot and the key's bytes and nothing else. Not thread-safe.
 */
final class ByteInterner {
  private byte[] arena = new byte[1 << 16];
  private int arenaSize;
  private int[] offsets = new int[1025]; // key id -> start in arena; offsets[size] = arenaSize
  private int[] hashes = new int[1024];
  /** Per slot: {@code [hash << 32 | (id + 1)], [offset << 32 | length]}; id + 1 == 0: empty. */
  private long[] slots = new long[2 * 2048];
  private int mask = 2048 - 1;
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
    int found = probe(b, from, to, h);
    return found >= 0 ? found : add(b, from, to, h, -found - 1);
  }

  /** @return the id of {@code b[from, to)}, or -1 if absent */
  int find(byte[] b, int from, int to) {
    int found = probe(b, from, to, hash(b, from, to));
    return found >= 0 ? found : -1;
  }

  /**
   * Linear probing from the key's home slot.
   *
   * @return the key's id if present, else {@code -(empty slot + 1)} where it would go
   */
  private int probe(byte[] b, int from, int to, int h) {
    int slot = h & mask;
    int len = to - from;
    while (true) {
      long head = slots[2 * slot];
      int idPlusOne = (int) head;
      if (idPlusOne == 0) {
        return -slot - 1;
      }
      if ((int) (head >>> 32) == h) {
        long where = slots[2 * slot + 1];
        int offset = (int) (where >>> 32);
        if ((int) where == len && Bytes.equal(arena, offset, offset + len, b, from, to)) {
          return idPlusOne - 1;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  /** @return the id of {@code key}'s UTF-8 bytes, adding it if absent */
  int intern(String key) {
    byte[] b = key.getBytes(StandardCharsets.UTF_8);
    return intern(b, 0, b.length);
  }

  /** @return the id here of key {@code id} of {@code other}, adding it if absent */
  int intern(ByteInterner other, int id) {
    return intern(other.arena, other.offsets[id], other.offsets[id + 1]);
  }

  /** @return true if key {@code id} equals {@code b[from, to)} */
  boolean equals(int id, byte[] b, int from, int to) {
    return Bytes.equal(arena, offsets[id], offsets[id + 1], b, from, to);
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
    if ((long) arenaSize + len > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("more than 2 GiB of distinct keys");
    }
    if (arenaSize + len > arena.length) {
      arena = Arrays.copyOf(arena, (int) Math.min(Integer.MAX_VALUE - 16,
          Math.max(2L * arena.length, arenaSize + len)));
    }
    int offset = arenaSize;
    System.arraycopy(b, from, arena, offset, len);
    arenaSize += len;
    int id = size;
    if (id >= hashes.length) {
      hashes = Arrays.copyOf(hashes, hashes.length * 2);
      offsets = Arrays.copyOf(offsets, hashes.length + 1);
    }
    hashes[id] = h;
    offsets[id + 1] = arenaSize;
    put(slots, slot, h, id, offset, len);
    size++;
    if (size * 2 > mask + 1) {
      rehash();
    }
    return id;
  }

  private static void put(long[] table, int slot, int h, int id, int offset, int len) {
    table[2 * slot] = ((long) h << 32) | ((id + 1) & 0xffffffffL);
    table[2 * slot + 1] = ((long) offset << 32) | (len & 0xffffffffL);
  }

  private void rehash() {
    int capacity = (mask + 1) * 2;
    long[] bigger = new long[2 * capacity];
    int m = capacity - 1;
    for (int id = 0; id < size; id++) {
      int slot = hashes[id] & m;
      while ((int) bigger[2 * slot] != 0) {
        slot = (slot + 1) & m;
      }
      put(bigger, slot, hashes[id], id, offsets[id], offsets[id + 1] - offsets[id]);
    }
    slots = bigger;
    mask = m;
  }

  /** A 64-bit multiply-xorshift hash over 8-byte words, folded to 32 bits. */
  static int hash(byte[] b, int from, int to) {
    long h = 0x9E3779B97F4A7C15L ^ (to - from);
    int i = from;
    for (; i + 8 <= to; i += 8) {
      h = (h ^ (long) Bytes.LONGS.get(b, i)) * 0xBF58476D1CE4E5B9L;
      h ^= h >>> 29;
    }
    long tail = 0;
    for (int shift = 0; i < to; i++, shift += 8) {
      tail |= (b[i] & 0xffL) << shift;
    }
    h = (h ^ tail) * 0x94D049BB133111EBL;
    h ^= h >>> 31;
    return (int) (h ^ (h >>> 32));
  }
}
