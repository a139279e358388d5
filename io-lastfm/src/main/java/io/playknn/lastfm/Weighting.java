package io.playknn.lastfm;

import io.playknn.internal.Checks;
import io.playknn.matrix.SparseMatrix;


/**
 * How raw play counts become matrix values. Applied to the artist × user matrix {@code X} of
 * summed play counts {@code x(a,u) > 0}; only stored entries change (absent entries stay 0).
 * Notation: {@code A} = number of artists (rows), {@code df(u)} = number of artists user {@code u}
 * played (stored entries of column {@code u}), {@code len(a)} = total plays of artist {@code a}
 * (row sum), {@code avglen} = the mean of {@code len} over all rows. BM25 and TF-IDF follow the
 * {@code implicit} library's {@code bm25_weight}/{@code tfidf_weight} on an item × user matrix:
 * artists are the documents and users the terms. Implementations are immutable and thread-safe.
 */
public sealed interface Weighting permits Weightings.Named, Weightings.Bm25 {

  /**
   * Transforms the matrix.
   *
   * @param artistByUser artist × user play counts (non-negative)
   * @return the weighted matrix, same shape
   */
  SparseMatrix apply(SparseMatrix artistByUser);

  /** @return {@code x}: the summed play counts */
  static Weighting raw() {
    return Weightings.RAW;
  }

  /**
   * The reference's weighting: {@code x(a,u) / max_a' x(a',u)}, each user's column divided by its
   * largest count so values lie in {@code (0, 1]} (scikit-learn min-max scaling with minimum 0,
   * {@link SparseMatrix#scaleColumnsByMax()}).
   *
   * @return the per-user max scaling
   */
  static Weighting maxScaled() {
    return Weightings.MAX_SCALED;
  }

  /** @return {@code ln(1 + x)} */
  static Weighting log1p() {
    return Weightings.LOG1P;
  }

  /** @return {@code 1} for every stored (played) entry */
  static Weighting binary() {
    return Weightings.BINARY;
  }

  /**
   * TF-IDF: {@code sqrt(x) * idf(u)} with {@code idf(u) = ln(A) - ln(1 + df(u))}.
   *
   * @return the TF-IDF weighting
   */
  static Weighting tfidf() {
    return Weightings.TFIDF;
  }

  /**
   * BM25 with {@code k1 = 100}, {@code b = 0.8} (the {@code implicit} library's defaults).
   *
   * @return {@code bm25(100, 0.8)}
   */
  static Weighting bm25() {
    return bm25(100, 0.8);
  }

  /**
   * BM25: {@code x * (k1 + 1) / (k1 * ((1 - b) + b * len(a) / avglen) + x) * idf(u)}, with {@code
   * idf(u) = ln(A) - ln(1 + df(u))} (as {@code implicit}; it is negative for a user who played
   * nearly every artist).
   *
   * @param k1 term-frequency saturation, finite and {@code >= 0}
   * @param b length normalisation, in {@code [0, 1]}
   * @return the BM25 weighting
   * @throws IllegalArgumentException if a parameter is out of range
   */
  static Weighting bm25(double k1, double b) {
    Checks.require(Double.isFinite(k1) && k1 >= 0, "k1 must be finite and >= 0, was %s", k1);
    Checks.require(b >= 0 && b <= 1, "b must be in [0, 1], was %s", b);
    return new Weightings.Bm25(k1, b);
  }
}
