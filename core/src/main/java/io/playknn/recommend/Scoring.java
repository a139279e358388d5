package io.playknn.recommend;

import io.playknn.internal.Checks;
import java.util.Locale;
import java.util.Objects;

/**
 * How item-kNN turns co-listening into scores: the similarity of a candidate item {@code c} to a
 * history item {@code h}, and whose neighbourhood decides which pairs take part.
 *
 * <p>With {@code dot(c, h) = Σ_u x(c,u) x(h,u)} (users in increasing order), {@code n(i) = Σ_u
 * x(i,u)²} and {@code pop(i)} the number of users with a non-zero value for item {@code i}:
 *
 * <pre>
 * s(c, h) = (dot(c, h) / (n(c)^alpha × n(h)^(1 - alpha) + shrinkage))^exponent × pop(c)^(-beta)
 * </pre>
 *
 * and {@code s(c, h) = 0} when {@code dot(c, h) = 0} (a negative base keeps its sign: {@code
 * -|x|^exponent}). {@code alpha = 0.5}, {@code shrinkage = 0},
 * {@code beta = 0} is the cosine similarity. {@code alpha} is Aiolli's asymmetric cosine (2013):
 * above 0.5 it discounts popular candidates; {@code shrinkage} (λ) pulls similarities resting on few
 * co-listeners towards 0; {@code beta} divides by the candidate's audience as RP3beta does (Paudel
 * et al. 2016); {@code exponent} is Aiolli's locality {@code q}: above 1 it lets the strongest
 * similarities dominate a score. ({@code alpha} weights the candidate's norm: {@code alpha = 0.3}
 * here is {@code alpha = 0.7} in conventions that weight the history item's norm.)
 *
 * <p>Neighbourhoods contain only positive similarities, ranked by descending similarity, ties by
 * lower index ({@code N_k(i)} below is the first {@code k}). With {@link Neighbourhood#HISTORY}
 * the score of a candidate is {@code Σ w(h) s(c, h)} over the history items {@code h} with {@code c}
 * among the {@code k} best candidates {@code c'} of {@code s(c', h)}; with {@link
 * Neighbourhood#CANDIDATE}, over the history items among the {@code k} best {@code h'} of {@code
 * s(c, h')}.
 *
 * <p>{@link #REFERENCE} (cosine, history side) keeps the reference recommender's behaviour exactly:
 * it is served from the cosine index's neighbour lists (similarity {@code 1 - distance}), where
 * every other option is computed by an exact sparse kernel from the item × user matrix.
 *
 * @param shrinkage λ, finite and {@code >= 0}
 * @param alpha the asymmetry, in {@code [0, 1]}
 * @param beta the candidate popularity exponent, finite and {@code >= 0}
 * @param neighbourhood whose {@code k} nearest neighbours take part
 * @param exponent the locality exponent {@code q}, in {@code (0, 10]}
 */
public record Scoring(
    double shrinkage, double alpha, double beta, Neighbourhood neighbourhood, double exponent) {

  /** Whose neighbour list decides whether a (history item, candidate) pair takes part. */
  public enum Neighbourhood {
    /** The candidate must be among the history item's {@code k} nearest (the reference). */
    HISTORY,
    /** The history item must be among the candidate's {@code k} nearest. */
    CANDIDATE;

    /**
     * @param text {@code history} or {@code candidate}, any case
     * @return the side
     * @throws IllegalArgumentException naming the known values if the text is neither
     */
    public static Neighbourhood parse(String text) {
      Objects.requireNonNull(text, "text");
      for (Neighbourhood n : values()) {
        if (n.name().equalsIgnoreCase(text.trim())) {
          return n;
        }
      }
      throw new IllegalArgumentException(
          "neighbourhood must be one of [history, candidate], was \"" + text + "\"");
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Cosine similarity over the history items' neighbourhoods: the reference recommender. */
  public static final Scoring REFERENCE = new Scoring(0, 0.5, 0, Neighbourhood.HISTORY, 1);

  /**
   * @throws IllegalArgumentException if a value is out of its range
   */
  public Scoring {
    Checks.require(
        Double.isFinite(shrinkage) && shrinkage >= 0,
        "shrinkage must be finite and >= 0, was %s",
        shrinkage);
    Checks.require(alpha >= 0 && alpha <= 1, "alpha must be in [0, 1], was %s", alpha);
    Checks.require(
        Double.isFinite(beta) && beta >= 0, "beta must be finite and >= 0, was %s", beta);
    Objects.requireNonNull(neighbourhood, "neighbourhood");
    Checks.require(exponent > 0 && exponent <= 10, "exponent must be in (0, 10], was %s", exponent);
    shrinkage += 0.0; // -0.0 becomes 0.0, so that equal options compare equal
    alpha += 0.0;
    beta += 0.0;
    exponent += 0.0;
  }

  /**
   * The scoring with locality exponent 1.
   *
   * @param shrinkage λ, finite and {@code >= 0}
   * @param alpha the asymmetry, in {@code [0, 1]}
   * @param beta the candidate popularity exponent, finite and {@code >= 0}
   * @param neighbourhood whose {@code k} nearest neighbours take part
   * @throws IllegalArgumentException if a value is out of its range
   */
  public Scoring(double shrinkage, double alpha, double beta, Neighbourhood neighbourhood) {
    this(shrinkage, alpha, beta, neighbourhood, 1);
  }

  /**
   * @param value λ, finite and {@code >= 0}
   * @return a copy with this shrinkage
   */
  public Scoring withShrinkage(double value) {
    return new Scoring(value, alpha, beta, neighbourhood, exponent);
  }

  /**
   * @param value the asymmetry, in {@code [0, 1]}
   * @return a copy with this alpha
   */
  public Scoring withAlpha(double value) {
    return new Scoring(shrinkage, value, beta, neighbourhood, exponent);
  }

  /**
   * @param value the popularity exponent, finite and {@code >= 0}
   * @return a copy with this beta
   */
  public Scoring withBeta(double value) {
    return new Scoring(shrinkage, alpha, value, neighbourhood, exponent);
  }

  /**
   * @param value the side
   * @return a copy with this neighbourhood side
   */
  public Scoring withNeighbourhood(Neighbourhood value) {
    return new Scoring(shrinkage, alpha, beta, value, exponent);
  }

  /**
   * @param value the locality exponent, in {@code (0, 10]}
   * @return a copy with this exponent
   */
  public Scoring withExponent(double value) {
    return new Scoring(shrinkage, alpha, beta, neighbourhood, value);
  }

  /**
   * @return whether this is {@link #REFERENCE} (served from the cosine index's lists)
   */
  public boolean isReference() {
    return equals(REFERENCE);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "alpha=%s, beta=%s, exponent=%s, shrinkage=%s, neighbourhood=%s",
        alpha,
        beta,
        exponent,
        shrinkage,
        neighbourhood);
  }
}
