package io.playknn.lastfm;

import io.playknn.matrix.SparseMatrix;
import java.util.Objects;

/** The implementations of {@link Weighting}. */
final class Weightings {
  static final Weighting RAW = new Named("raw", m -> m);
  static final Weighting MAX_SCALED = new Named("maxScaled", SparseMatrix::scaleColumnsByMax);
  static final Weighting LOG1P = new Named("log1p", m -> m.mapValues(Math::log1p));
  static final Weighting BINARY = new Named("binary", m -> m.mapValues(x -> 1.0));
  static final Weighting TFIDF =
      new Named(
          "tfidf",
          m -> {
            double[] idf = idf(m);
            return rebuild(m, (r, c, x) -> Math.sqrt(x) * idf[c]);
          });

  private Weightings() {}

  /** A value function of (row, column, value). */
  interface Cell {
    double apply(int row, int column, double value);
  }

  static double[] idf(SparseMatrix m) {
    int[] df = new int[m.columns()];
    for (int p = 0; p < m.nonZeros(); p++) {
      df[m.columnAt(p)]++;
    }
    double logN = Math.log(m.rows());
    double[] idf = new double[df.length];
    for (int c = 0; c < df.length; c++) {
      idf[c] = logN - Math.log1p(df[c]);
    }
    return idf;
  }

  static SparseMatrix rebuild(SparseMatrix m, Cell f) {
    int[] pointers = m.copyRowPointers();
    int[] columns = m.copyColumnIndices();
    double[] values = m.copyValues();
    for (int r = 0; r < m.rows(); r++) {
      for (int p = pointers[r]; p < pointers[r + 1]; p++) {
        values[p] = f.apply(r, columns[p], values[p]);
      }
    }
    return SparseMatrix.fromCsr(m.rows(), m.columns(), pointers, columns, values);
  }

  static final class Named implements Weighting {
    private final String name;
    private final java.util.function.UnaryOperator<SparseMatrix> f;

    Named(String name, java.util.function.UnaryOperator<SparseMatrix> f) {
      this.name = name;
      this.f = f;
    }

    @Override
    public SparseMatrix apply(SparseMatrix artistByUser) {
      return f.apply(Objects.requireNonNull(artistByUser, "artistByUser"));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final class Bm25 implements Weighting {
    private final double k1;
    private final double b;

    Bm25(double k1, double b) {
      this.k1 = k1;
      this.b = b;
    }

    @Override
    public SparseMatrix apply(SparseMatrix m) {
      Objects.requireNonNull(m, "artistByUser");
      double[] idf = idf(m);
      double[] len = m.rowSums();
      double avg = 0;
      for (double l : len) {
        avg += l;
      }
      avg /= Math.max(1, len.length);
      double[] norm = new double[len.length];
      for (int r = 0; r < len.length; r++) {
        norm[r] = avg == 0 ? 1 : (1 - b) + b * len[r] / avg;
      }
      return rebuild(m, (r, c, x) -> x * (k1 + 1) / (k1 * norm[r] + x) * idf[c]);
    }

    @Override
    public String toString() {
      return "bm25(k1=" + k1 + ", b=" + b + ")";
    }
  }
}
