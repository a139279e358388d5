package io.playknn.eval;

import io.playknn.matrix.SparseVector;

/**
 * A recommender under evaluation, already fitted on training data. Implementations must be
 * thread-safe and deterministic: the list may depend only on {@code (user, history, k)}, never on
 * call order or thread, so that an evaluation gives the same numbers on any number of threads.
 */
public interface Algorithm {
  /**
   * @return a short display name, unique within a report
   */
  String name();

  /**
   * Recommends items for a user.
   *
   * @param user the user's column index (lets seeded algorithms draw per user)
   * @param history the user's training history over the item space
   * @param k how many, {@code >= 1}
   * @return at most {@code k} distinct items, best first, none of them stored in {@code history};
   *     exactly {@code min(k, items - history.size())} for every built-in {@link Baselines}
   *     except {@link Baselines#favouriteItem}, which returns none for a history without a positive
   *     play
   */
  int[] recommend(int user, SparseVector history, int k);
}
