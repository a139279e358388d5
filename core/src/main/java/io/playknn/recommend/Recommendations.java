package io.playknn.recommend;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * A ranked list of items with scores, best first: descending score, equal scores by lower item
 * index. Primitive arrays inside; immutable.
 */
public final class Recommendations {
  private static final Recommendations EMPTY = new Recommendations(new int[0], new double[0]);

  private final int[] items;
  private final double[] scores;

  private Recommendations(int[] items, double[] scores) {
    this.items = items;
    this.scores = scores;
  }

  /** Wraps arrays the caller built in rank order and gives up. */
  static Recommendations trusted(int[] items, double[] scores) {
    return items.length == 0 ? EMPTY : new Recommendations(items, scores);
  }

  /**
   * @return the empty list
   */
  public static Recommendations empty() {
    return EMPTY;
  }

  /**
   * @return the number of items
   */
  public int size() {
    return items.length;
  }

  /**
   * @param rank a rank in {@code [0, size())}, 0 = best
   * @return the item at that rank
   */
  public int item(int rank) {
    return items[rank];
  }

  /**
   * @param rank a rank in {@code [0, size())}, 0 = best
   * @return the score at that rank
   */
  public double score(int rank) {
    return scores[rank];
  }

  /**
   * @return a copy of the items in rank order
   */
  public int[] items() {
    return items.clone();
  }

  /**
   * @return a copy of the scores in rank order
   */
  public double[] scores() {
    return scores.clone();
  }

  /**
   * @return the list as records (allocates; for convenience)
   */
  public List<ScoredItem> asList() {
    return new AbstractList<>() {
      @Override
      public ScoredItem get(int i) {
        return new ScoredItem(items[i], scores[i]);
      }

      @Override
      public int size() {
        return items.length;
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Recommendations
        && Arrays.equals(items, ((Recommendations) o).items)
        && Arrays.equals(scores, ((Recommendations) o).scores);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(items) + Arrays.hashCode(scores);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Recommendations[");
    for (int i = 0; i < Math.min(items.length, 10); i++) {
      sb.append(i == 0 ? "" : ", ").append(items[i]).append('=').append(scores[i]);
    }
    return sb.append(items.length > 10 ? ", ...]" : "]").toString();
  }
}
