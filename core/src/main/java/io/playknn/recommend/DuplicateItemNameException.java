package io.playknn.recommend;

/**
 * Two items share one name, so a name could not identify an item. The message names the
 * duplicate and both item indices, e.g. {@code item names must be unique, but "nirvana" is the
 * name of items 3 and 7}.
 */
public final class DuplicateItemNameException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final int first;
  private final int second;

  DuplicateItemNameException(String name, int first, int second) {
    super("item names must be unique, but \"" + name + "\" is the name of items " + first + " and "
        + second);
    this.name = name;
    this.first = first;
    this.second = second;
  }

  /** @return the repeated name */
  public String name() {
    return name;
  }

  /** @return the lower index of an item with that name */
  public int first() {
    return first;
  }

  /** @return the index of the next item with that name, {@code > first()} */
  public int second() {
    return second;
  }
}
