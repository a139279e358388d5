package io.playknn.recommend;

/**
 * What one history item added to a recommended item's score.
 *
 * @param historyItem the history item's index
 * @param weight its weight in the history
 * @param similarity the history item's weight for the recommended item: {@code 1 - cosine distance}
 *     for the reference item-kNN, the {@link Scoring} similarity for its variants, {@code W(h, c)}
 *     for {@link Rp3Beta}, {@code B(h, c)} for {@link Ease}
 * @param coListeners the number of users who played both items (stored, non-zero entries in both
 *     rows of the item × user matrix)
 */
public record Contribution(int historyItem, double weight, double similarity, int coListeners) {
  /**
   * @return {@code weight × similarity}, this history item's share of the score
   */
  public double contribution() {
    return weight * similarity;
  }
}
