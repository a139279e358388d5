package io.playknn.lastfm;

import io.playknn.internal.Checks;
import io.playknn.recommend.UnknownItemException;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

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
   * The index of a key, for keys known to be mapped; {@link #find} for keys that may not be. The
   * same contract as {@code ItemNames.index}, without its case- and accent-insensitive matching:
   * keys here are exact (user hashes, MBIDs, names as read).
   *
   * @param key a key
   * @return its index
   * @throws UnknownItemException if the key is not mapped
   */
  public int index(String key) {
    int index = indices.getInt(Objects.requireNonNull(key, "key"));
    if (index < 0) {
      throw new UnknownItemException(key, List.of());
    }
    return index;
  }

  /**
   * @param key a key
   * @return its index, or empty if the key is not mapped
   */
  public OptionalInt find(String key) {
    int index = indices.getInt(Objects.requireNonNull(key, "key"));
    return index < 0 ? OptionalInt.empty() : OptionalInt.of(index);
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
