package io.playknn.recommend;

import java.util.List;

/**
 * An item name that matches no item, neither exactly nor case- and accent-insensitively. Carries
 * the closest known names so a caller can say "did you mean …".
 */
public final class UnknownItemException extends IllegalArgumentException {
  private final String name;
  private final List<String> suggestions;

  /**
   * @param name the name that was looked up
   * @param suggestions the closest known names, closest first (possibly empty)
   */
  public UnknownItemException(String name, List<String> suggestions) {
    super("unknown item name \"" + name + "\""
        + (suggestions.isEmpty() ? "" : "; closest names: " + suggestions));
    this.name = name;
    this.suggestions = List.copyOf(suggestions);
  }

  /**
   * @return the name that was looked up
   */
  public String name() {
    return name;
  }

  /**
   * @return the closest known names, closest first (possibly empty, never null)
   */
  public List<String> suggestions() {
    return suggestions;
  }
}
