package io.playknn.eval;

import io.playknn.internal.Checks;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import io.playknn.recommend.Scoring;
import java.util.Locale;
import java.util.Objects;

/**
 * One item-kNN configuration: how the training values are read, how many neighbours take part and
 * the {@link Scoring}. {@link #REFERENCE} is the reference recommender (values as given, 100
 * neighbours, cosine over the history items' neighbourhoods).
 *
 * @param values how matrix values (and history weights) are read
 * @param neighbors neighbours per item, {@code >= 1} (capped at {@code items - 1} when fitted)
 * @param scoring the similarity and neighbourhood side
 */
public record ItemKnnConfig(Values values, int neighbors, Scoring scoring) {

  /** How training values and history weights are read before fitting and scoring. */
  public enum Values {
    /** The matrix's own values (for the shipped data: plays scaled by each user's maximum). */
    AS_GIVEN,
    /** 1 for every stored non-zero value. */
    BINARY;

    /**
     * @param m a matrix
     * @return {@code m} read this way
     */
    public SparseMatrix apply(SparseMatrix m) {
      return this == AS_GIVEN ? m : m.mapValues(x -> x == 0 ? 0 : 1);
    }

    /**
     * @param history a history
     * @return {@code history} read this way
     */
    public SparseVector apply(SparseVector history) {
      if (this == AS_GIVEN) {
        return history;
      }
      double[] ones = history.values();
      for (int i = 0; i < ones.length; i++) {
        ones[i] = ones[i] == 0 ? 0 : 1;
      }
      return SparseVector.of(history.dimension(), history.indices(), ones);
    }

    @Override
    public String toString() {
      return this == AS_GIVEN ? "as given" : "binary";
    }
  }

  /** The reference recommender's configuration. */
  public static final ItemKnnConfig REFERENCE =
      new ItemKnnConfig(Values.AS_GIVEN, 100, Scoring.REFERENCE);

  /**
   * @throws IllegalArgumentException if {@code neighbors < 1}
   */
  public ItemKnnConfig {
    Objects.requireNonNull(values, "values");
    Checks.atLeast("neighbors", neighbors, 1);
    Objects.requireNonNull(scoring, "scoring");
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "values=%s, neighbours=%s, %s",
        values,
        neighbors == Integer.MAX_VALUE ? "all" : Integer.toString(neighbors),
        scoring);
  }
}
