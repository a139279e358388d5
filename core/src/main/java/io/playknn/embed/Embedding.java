package io.playknn.embed;

import io.playknn.matrix.DenseMatrix;

/**
 * The result of a {@link TruncatedSvd}: item coordinates {@code U Σ} (rows × d), the singular
 * values, the components {@code Vᵀ} (d × columns), and the variance each component explains.
 * Component {@code j} is the {@code j}-th largest singular direction; its sign is fixed so that the
 * largest-magnitude entry of {@code U}'s column {@code j} is positive (the first such entry on
 * ties). Immutable; accessors return copies.
 */
public final class Embedding {
  private final DenseMatrix coordinates;
  private final DenseMatrix components;
  private final double[] singularValues;
  private final double[] explainedVariance;
  private final double totalVariance;
  private final boolean centered;

  Embedding(
      DenseMatrix coordinates,
      DenseMatrix components,
      double[] singularValues,
      double[] explainedVariance,
      double totalVariance,
      boolean centered) {
    this.coordinates = coordinates;
    this.components = components;
    this.singularValues = singularValues;
    this.explainedVariance = explainedVariance;
    this.totalVariance = totalVariance;
    this.centered = centered;
  }

  /** @return the item coordinates {@code U Σ}: one row per item, one column per component */
  public DenseMatrix coordinates() {
    return coordinates;
  }

  /** @return the components {@code Vᵀ}: one unit row per component, one column per feature */
  public DenseMatrix components() {
    return components;
  }

  /** @return the number of components {@code d} */
  public int dimension() {
    return singularValues.length;
  }

  /** @return whether the columns were centred (PCA) before the decomposition */
  public boolean centered() {
    return centered;
  }

  /** @return the singular values, non-increasing */
  public double[] singularValues() {
    return singularValues.clone();
  }

  /**
   * @return for each component, the sample variance (denominator {@code rows - 1}) of the items'
   *     coordinates along it; for PCA this is {@code σ² / (rows - 1)}
   */
  public double[] explainedVariance() {
    return explainedVariance.clone();
  }

  /**
   * @return the sum over the matrix's columns of their sample variances (denominator {@code rows -
   *     1}): the variance all components together could explain
   */
  public double totalVariance() {
    return totalVariance;
  }

  /** @return each component's explained variance divided by {@link #totalVariance()} (0 if that is 0) */
  public double[] explainedVarianceRatio() {
    double[] out = new double[explainedVariance.length];
    for (int j = 0; j < out.length; j++) {
      out[j] = totalVariance == 0 ? 0 : explainedVariance[j] / totalVariance;
    }
    return out;
  }

  @Override
  public String toString() {
    return "Embedding["
        + coordinates.rows()
        + " items x "
        + dimension()
        + " components"
        + (centered ? ", centred" : "")
        + "]";
  }
}
