package io.playknn.recommend;

import io.playknn.knn.NeighborTable;

/**
 * What each history item adds to the scores: for history item {@code h}, the candidates {@code
 * index(h, r)} and the weights {@code weight(h, r)}, {@code r < count(h)}; a history weighted
 * {@code w} adds {@code w × weight(h, r)} to candidate {@code index(h, r)}. Candidates of one list
 * are distinct. Immutable and thread-safe.
 */
interface ItemLists {
  /**
   * @param h an item
   * @return the length of its list
   */
  int count(int h);

  /**
   * @param h an item
   * @param r a position in {@code [0, count(h))}
   * @return the candidate at that position
   */
  int index(int h, int r);

  /**
   * @param h an item
   * @param r a position in {@code [0, count(h))}
   * @return the weight of the candidate at that position
   */
  double weight(int h, int r);

  /**
   * The first {@code neighbors} entries of each row of a cosine neighbour table, weighted by
   * similarity {@code 1 - distance}.
   */
  static ItemLists of(NeighborTable table, int neighbors) {
    return new ItemLists() {
      @Override
      public int count(int h) {
        return Math.min(table.count(h), neighbors);
      }

      @Override
      public int index(int h, int r) {
        return table.index(h, r);
      }

      @Override
      public double weight(int h, int r) {
        return 1.0 - table.distance(h, r);
      }
    };
  }

  /**
   * Every other item of a dense row-major {@code n × n} weight matrix: row {@code h} lists the
   * items {@code c != h} in increasing order with weight {@code weights[h * n + c]} ({@code n² <=
   * Integer.MAX_VALUE}).
   */
  static ItemLists dense(int n, double[] weights) {
    return new ItemLists() {
      @Override
      public int count(int h) {
        return n - 1;
      }

      @Override
      public int index(int h, int r) {
        return r < h ? r : r + 1;
      }

      @Override
      public double weight(int h, int r) {
        return weights[h * n + index(h, r)];
      }
    };
  }
}
