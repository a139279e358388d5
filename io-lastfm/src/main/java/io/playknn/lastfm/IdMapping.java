package io.playknn.lastfm;

import io.playknn.internal.Checks;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A bijection between external keys (artist names, MBIDs, user hashes) and dense indices {@code
 * [0, size())}. Immutable and thread-safe.
 */
public final class IdMapping {
  private final List<String> keys;
  private final Object2IntOpenHashMap<String> indices;

  private IdMapping(String[] keys) {
    this.keys = Collections.unmodifiableList(Arrays.asList(keys));
    this.indices = new Object2IntOpenHashMap<>(keys.length);
    this.indices.defaultReturnValue(-1);
    for (int i = 0; i < keys.length; i++) {
      String previous = keys[i];
      int before = indices.putIfAbsent(previous, i);
      if (before != -1) {
        throw new IllegalArgumentException(
            "keys must be distinct, key \"" + previous + "\" is at indices " + before + " and " + i);
      }
    }
  }

  /**
   * @param keys the key of each index, in index order; distinct
   * @return the mapping
   * @throws IllegalArgumentException if two keys are equal
   * @throws NullPointerException if {@code keys} or a key is null
   */
  public static IdMapping of(List<String> keys) {
    String[] copy = keys.toArray(new String[0]);
    for (int i = 0; i < copy.length; i++) {
      Objects.requireNonNull(copy[i], "keys[" + i + "]");
    }
    return new IdMapping(copy);
  }

  /** @return the number of indices */
  public int size() {
    return keys.size();
  }

  /**
   * @param index an index in {@code [0, size())}
   * @return its key
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  public String key(int index) {
    Checks.index("index", index, keys.size(), "size");
    return keys.get(index);
  }

  /**
   * @param key a key
   * @return its index, or -1 if the key is not mapped
   */
  public int index(String key) {
    return indices.getInt(Objects.requireNonNull(key, "key"));
  }

  /** @return every key in index order; unmodifiable */
  public List<String> keys() {
    return keys;
  }

  @Override
  public String toString() {
    return "IdMapping[" + keys.size() + " keys]";
  }
}
