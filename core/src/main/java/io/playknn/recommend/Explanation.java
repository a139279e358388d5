package io.playknn.recommend;

import java.util.List;

/**
 * Why an item was recommended for a history.
 *
 * @param item the recommended item's index
 * @param score its score, the sum of the contributions of every history item (not only those
 *     listed)
 * @param contributions the history items that contributed most, largest contribution first, ties by
 *     lower history-item index; empty for an item no history item reached (score 0)
 */
public record Explanation(int item, double score, List<Contribution> contributions) {
  /**
   * @param item the recommended item's index
   * @param score its score
   * @param contributions the top contributions (copied)
   */
  public Explanation {
    contributions = List.copyOf(contributions);
  }
}
