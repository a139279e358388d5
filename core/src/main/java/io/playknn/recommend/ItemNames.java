package io.playknn.recommend;

import io.playknn.internal.Checks;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The id mapping between item names (artist names) and dense item indices in {@code [0, size())}:
 * index {@code i} is row {@code i} of the item × user matrix.
 *
 * <p>Lookup by name is exact first; failing that, it compares normalised names: Unicode NFD
 * decomposition, combining marks removed, lower case ({@link Locale#ROOT}), surrounding white space
 * trimmed. So {@code "beyonce"} finds {@code "beyoncé"} and {@code "Sigur Ros"} finds {@code "sigur
 * rós"}. When several items share a normalised name, the lowest index wins. A name that matches
 * nothing fails with {@link UnknownItemException} listing the closest names by edit distance
 * between normalised names.
 *
 * <p>Immutable and thread-safe.
 */
public final class ItemNames {
  /** How many names an {@link UnknownItemException} suggests. */
  public static final int SUGGESTIONS = 5;

  private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");

  private final String[] names;
  private final String[] normalised;
  private final Map<String, Integer> exact;
  private final Map<String, Integer> folded;

  private ItemNames(String[] names) {
    this.names = names;
    this.normalised = new String[names.length];
    this.exact = exactIndex(names);
    this.folded = new HashMap<>(names.length * 2);
    for (int i = 0; i < names.length; i++) {
      normalised[i] = normalise(names[i]);
      folded.putIfAbsent(normalised[i], i);
    }
  }

  /** @return name → index; throws on the first repeated name, in index order */
  private static Map<String, Integer> exactIndex(String[] names) {
    Map<String, Integer> exact = new HashMap<>(names.length * 2);
    for (int i = 0; i < names.length; i++) {
      Integer previous = exact.putIfAbsent(names[i], i);
      if (previous != null) {
        throw new DuplicateItemNameException(names[i], previous, i);
      }
    }
    return exact;
  }

  /**
   * Checks that no two items share a name (compared exactly, as {@link #of} requires), without
   * building the case- and accent-insensitive lookup.
   *
   * @param names the names, each non-null
   * @throws DuplicateItemNameException for the first name, in index order, that repeats an
   *     earlier one; it names the duplicate and both indices
   * @throws NullPointerException if the list or an element is null
   */
  public static void requireUnique(List<String> names) {
    exactIndex(copy(names));
  }

  /**
   * Creates the mapping; element {@code i} is the name of item {@code i}.
   *
   * @param names the names, each non-null; unique
   * @return the mapping
   * @throws DuplicateItemNameException if a name repeats (the message names it and both indices)
   * @throws NullPointerException if the list or an element is null
   */
  public static ItemNames of(List<String> names) {
    return new ItemNames(copy(names));
  }

  private static String[] copy(List<String> names) {
    Objects.requireNonNull(names, "names");
    String[] copy = new String[names.size()];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = Objects.requireNonNull(names.get(i), "names[" + i + "]");
    }
    return copy;
  }

  /**
   * Reads an {@code index<TAB>name} file such as the shipped {@code artists.tsv}: UTF-8, an
   * optional header line whose first field is {@code index}, then one line per item whose index is
   * its line's ordinal ({@code 0, 1, 2, ...}); the name is everything after the first tab.
   *
   * @param file the file
   * @return the mapping
   * @throws java.nio.charset.MalformedInputException if the file is not UTF-8
   * @throws IOException if the file cannot be read, or a line has no tab or an index out of order
   *     (the message names the file, the line and the rule)
   * @throws IllegalArgumentException if a name repeats (the message names it and both indices)
   */
  public static ItemNames read(Path file) throws IOException {
    List<String> names = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        int tab = line.indexOf('\t');
        if (number == 1 && line.startsWith("index") && (tab < 0 || tab == "index".length())) {
          continue;
        }
        String expected = Integer.toString(names.size());
        if (tab < 0 || !line.substring(0, tab).equals(expected)) {
          throw new IOException(String.format(Locale.ROOT,
              "%s line %d: must be \"%s<TAB>name\" (indices in order from 0), was \"%s\"",
              file, number, expected, line.length() > 80 ? line.substring(0, 80) + "..." : line));
        }
        names.add(line.substring(tab + 1));
      }
    }
    return of(names);
  }

  /**
   * The form names are compared in when the exact name is unknown: NFD, combining marks removed,
   * lower case in {@link Locale#ROOT}, trimmed.
   *
   * @param name a name
   * @return its normalised form
   */
  public static String normalise(String name) {
    String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD);
    return COMBINING_MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT).strip();
  }

  /**
   * @return the number of items
   */
  public int size() {
    return names.length;
  }

  /**
   * @param index an item index in {@code [0, size())}
   * @return its name
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  public String name(int index) {
    return names[Checks.index("index", index, names.length, "items")];
  }

  /**
   * @return all names in index order (an unmodifiable view)
   */
  public List<String> names() {
    return Collections.unmodifiableList(Arrays.asList(names));
  }

  /**
   * Finds an item by name: exact match first, then by normalised name (lowest index on a tie).
   *
   * @param name the name to look up
   * @return the item's index, or empty if no name matches
   */
  public OptionalInt find(String name) {
    Objects.requireNonNull(name, "name");
    Integer i = exact.get(name);
    if (i == null) {
      i = folded.get(normalise(name));
    }
    return i == null ? OptionalInt.empty() : OptionalInt.of(i);
  }

  /**
   * Like {@link #find(String)}, but an unknown name is an error.
   *
   * @param name the name to look up
   * @return the item's index
   * @throws UnknownItemException if no name matches; it carries the {@value #SUGGESTIONS} closest
   *     names
   */
  public int index(String name) {
    OptionalInt i = find(name);
    if (i.isEmpty()) {
      throw new UnknownItemException(name, closest(name, SUGGESTIONS));
    }
    return i.getAsInt();
  }

  /**
   * The names closest to {@code name}: smallest Levenshtein distance between normalised names
   * (counted in code points), ties by lower index.
   *
   * @param name any string
   * @param limit how many names at most, {@code >= 0}
   * @return up to {@code limit} names, closest first
   * @throws IllegalArgumentException if {@code limit < 0}
   */
  public List<String> closest(String name, int limit) {
    Objects.requireNonNull(name, "name");
    Checks.atLeast("limit", limit, 0);
    int[] query = normalise(name).codePoints().toArray();
    int[] distance = new int[names.length];
    Integer[] order = new Integer[names.length];
    for (int i = 0; i < names.length; i++) {
      distance[i] = levenshtein(query, normalised[i].codePoints().toArray());
      order[i] = i;
    }
    Arrays.sort(
        order,
        (a, b) ->
            distance[a] != distance[b]
                ? Integer.compare(distance[a], distance[b])
                : Integer.compare(a, b));
    List<String> out = new ArrayList<>(Math.min(limit, names.length));
    for (int r = 0; r < Math.min(limit, names.length); r++) {
      out.add(names[order[r]]);
    }
    return out;
  }

  /** Edit distance with unit costs for insertion, deletion and substitution; two rows of memory. */
  static int levenshtein(int[] a, int[] b) {
    int[] previous = new int[b.length + 1];
    int[] current = new int[b.length + 1];
    for (int j = 0; j <= b.length; j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length; i++) {
      current[0] = i;
      for (int j = 1; j <= b.length; j++) {
        int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length];
  }

  @Override
  public String toString() {
    return "ItemNames[" + names.length + " items]";
  }
}
