package io.playknn.knn.brute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.spi.NeighborHeap;
import io.playknn.knn.Neighbors;
import io.playknn.matrix.SparseMatrix;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link HeadFirstQuery} gives bit for bit the one-pass dense form's result, whether its bound
 * skips the tail or the tail is scattered in a second pass, and the index uses it only for the
 * items it chose.
 */
class HeadFirstQueryTest {
  /** Head items of {@link #skewed}. */
  private static final int HEAD = 600;
  /** Users of {@link #skewed}. */
  private static final int USERS = 1_000;
  /** Items of {@link #skewed} listened by one user only, per user. */
  private static final int OWN_PER_USER = 5;

  /**
   * A play matrix shaped like the full-scale data, in miniature. Items in popularity order:
   *
   * <ul>
   *   <li>items 0 to 2 listed by four users in five with value 1 (so their normalised values are
   *       small, as a very popular artist's are);
   *   <li>the other head items drawn with weight {@code (i + 2)^-2}, values up to 50;
   *   <li>then {@link #OWN_PER_USER} items per user that only that user lists;
   *   <li>then one item listed by 40 of item 0's users with values up to 50, whose bound cannot
   *       skip it and whose dot product has enough terms for the order of the sum to matter;
   *   <li>and last five items copying a head item's row, so that they tie with it.
   * </ul>
   */
  private static SparseMatrix skewed(long seed, boolean signed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] cdf = new double[HEAD];
    double sum = 0;
    for (int i = 0; i < HEAD; i++) {
      sum += Math.pow(i + 2, -2);
      cdf[i] = sum;
    }
    int wide = HEAD + USERS * OWN_PER_USER;
    int items = wide + 1 + 5;
    double[][] values = new double[items][USERS];
    for (int u = 0; u < USERS; u++) {
      for (int popular = 0; popular < 3; popular++) {
        if (random.nextInt(5) != 0) {
          values[popular][u] = 1;
        }
      }
      int wanted = 5 + random.nextInt(26);
      for (int c = 0; c < wanted; c++) {
        int i = Arrays.binarySearch(cdf, random.nextDouble() * sum);
        i = Math.min(HEAD - 1, i >= 0 ? i : -i - 1);
        if (i >= 3) {
          values[i][u] = sign(random, signed) * (1 + random.nextInt(50));
        }
      }
      for (int own = 0; own < OWN_PER_USER; own++) {
        values[HEAD + u * OWN_PER_USER + own][u] = sign(random, signed) * (1 + random.nextInt(50));
      }
    }
    for (int u = 0, listed = 0; u < USERS && listed < 40; u++) {
      if (values[0][u] != 0) {
        values[wide][u] = 1 + random.nextInt(50);
        listed++;
      }
    }
    for (int copy = wide + 1; copy < items; copy++) {
      values[copy] = values[50 + random.nextInt(100)].clone();
    }
    SparseMatrix.Builder b = SparseMatrix.builder(items, USERS);
    for (int i = 0; i < items; i++) {
      for (int u = 0; u < USERS; u++) {
        if (values[i][u] != 0) {
          b.add(i, u, values[i][u]);
        }
      }
    }
    return b.build();
  }

  private static int sign(SplittableRandom random, boolean signed) {
    return signed && random.nextInt(4) == 0 ? -1 : 1;
  }

  /** The head items, every 97th own item, the wide item and the copies. */
  private static int[] sample(int size) {
    IntStream own = IntStream.iterate(HEAD, i -> i < size - 6, i -> i + 97);
    return IntStream.concat(
            IntStream.concat(IntStream.range(0, HEAD), own), IntStream.range(size - 6, size))
        .toArray();
  }

  private static Neighbors onePass(IndexLists l, int item, int k, double[] dots) {
    NeighborHeap heap = new NeighborHeap(Math.min(k, l.items() - 1));
    Scatter.query(l, l.row(item), dots, null, null);
    CandidateSelection.denseSelect(item, 0, l.items(), dots, heap);
    return completeOrNull(heap);
  }

  private static Neighbors twoPhase(
      IndexLists l, HeadFirstQuery query, int item, int k, double[] dots, double[] spread) {
    NeighborHeap heap = new NeighborHeap(Math.min(k, l.items() - 1));
    query.search(l.row(item), dots, spread, heap);
    return completeOrNull(heap);
  }

  /** The heap's result, or null when the caller would have to finish it. */
  private static Neighbors completeOrNull(NeighborHeap heap) {
    return CandidateSelection.complete(heap) ? heap.drain() : null;
  }

  private static void assertSame(Neighbors expected, Neighbors actual, String what) {
    if (expected == null) {
      assertThat(actual).as(what).isNull();
      return;
    }
    assertThat(actual).as(what).isNotNull();
    assertThat(actual.size()).as(what).isEqualTo(expected.size());
    for (int r = 0; r < expected.size(); r++) {
      assertThat(actual.index(r)).as("%s rank %d", what, r).isEqualTo(expected.index(r));
      assertThat(Double.doubleToRawLongBits(actual.distance(r)))
          .as("%s rank %d distance", what, r)
          .isEqualTo(Double.doubleToRawLongBits(expected.distance(r)));
    }
  }

  private static boolean allZero(double[] values) {
    for (double v : values) {
      if (Double.doubleToRawLongBits(v) != 0) {
        return false;
      }
    }
    return true;
  }

  @Test
  void sampledItemsGiveTheOnePassResultBitForBitForEveryK() {
    for (boolean signed : new boolean[] {false, true}) {
      for (long seed = 1; seed <= 3; seed++) {
        IndexLists l = IndexLists.of(skewed(seed, signed).normalizeRows());
        double[] dots = new double[l.items()];
        double[] spread = new double[l.features()];
        for (int split : new int[] {1, 16, 60, 200, HEAD}) {
          HeadFirstQuery query = new HeadFirstQuery(l, split, new int[0]);
          for (int item : sample(l.items())) {
            for (int k : new int[] {1, 4, 12, 40, 100}) {
              String what = "seed " + seed + " signed " + signed + " split " + split
                  + " item " + item + " k " + k;
              Neighbors expected = onePass(l, item, k, dots);
              Neighbors actual = twoPhase(l, query, item, k, dots, spread);
              assertSame(expected, actual, what);
              assertThat(allZero(dots) && allZero(spread)).as("scratch left zero, " + what).isTrue();
            }
          }
        }
      }
    }
  }

  /**
   * The popular items' bound skips the tail (they are chosen), the others' does not: both
   * paths of {@link HeadFirstQuery#search} run in the test above.
   */
  @Test
  void choosesThePopularItemsOnly() {
    IndexLists l = IndexLists.of(skewed(1, false).normalizeRows());
    HeadFirstQuery query = new HeadFirstQuery(l, HEAD, sample(l.items()));
    assertThat(query.chosen()).contains(0, 1, 2);
    assertThat(query.chosen().length).isLessThan(HEAD / 4);
    assertThat(query.serves(0, HeadFirstQuery.EVALUATED_K)).isTrue();
    assertThat(query.serves(0, HeadFirstQuery.EVALUATED_K + 1)).isFalse();
  }

  /**
   * 1,100 users who all list item 0, each of 511 other head items with probability 1/10, and
   * 1,000 items of their own; then 5 items listed by 400 users each. Item 0 reaches {@link
   * HeadFirstQuery#MIN_UPDATES} multiply-adds (about 1.16M); its bound skips the own items, whose
   * rows have a single entry, and leaves the last 5, which are gathered and enter its top 100.
   */
  private static SparseMatrix popularItemMatrix() {
    int users = 1_100;
    int head = 512;
    int ownPerUser = 1_000;
    int wide = head + users * ownPerUser;
    SplittableRandom random = new SplittableRandom(7);
    SparseMatrix.Builder b = SparseMatrix.builder(wide + 5, users);
    for (int u = 0; u < users; u++) {
      b.add(0, u, 1 + random.nextInt(9));
      for (int i = 1; i < head; i++) {
        if (random.nextInt(10) == 0) {
          b.add(i, u, 1 + random.nextInt(9));
        }
      }
      for (int t = 0; t < ownPerUser; t++) {
        b.add(head + u * ownPerUser + t, u, 1 + random.nextInt(9));
      }
    }
    for (int w = 0; w < 5; w++) {
      for (int u = 100 * w; u < 100 * w + 400; u++) {
        b.add(wide + w, u, 1 + random.nextInt(50));
      }
    }
    return b.build();
  }

  private static BruteForceIndex index(SparseMatrix m, int split) {
    return new BruteForceIndex(
        m,
        KnnOptions.builder().metric(Metric.COSINE).algorithm("brute").build(),
        new QueryPlan.Tuning(QueryPlan.Kernel.AUTO, HeadBlock.DEFAULT_HEAD, split));
  }

  /**
   * Through the provider: item 0 is chosen, and its queries (and every other's) equal those of
   * an index with the two-phase query off (split 0).
   */
  @Test
  void theIndexServesAPopularItemWithTheSameResults() {
    SparseMatrix m = popularItemMatrix();
    BruteForceIndex twoPhase = index(m, 512);
    BruteForceIndex onePass = index(m, 0);
    assertThat(twoPhase.twoPhaseItems()).contains(0);
    assertThat(twoPhase.takesTwoPhases(0, 100)).isTrue();
    assertThat(twoPhase.takesTwoPhases(0, 101)).isFalse();
    assertThat(twoPhase.takesTwoPhases(-1, 10)).isFalse();
    assertThat(onePass.twoPhaseItems()).isEmpty();
    assertThat(onePass.takesTwoPhases(0, 100)).isFalse();
    for (int item : new int[] {0, 1, 511, 512, m.rows() - 6, m.rows() - 1}) {
      for (int k : new int[] {1, 50, 100, 101, 600}) {
        assertSame(onePass.kneighbors(item, k), twoPhase.kneighbors(item, k), item + " k " + k);
      }
    }
    // The gathered items are in item 0's result.
    assertThat(twoPhase.kneighbors(0, 100).indices()).contains(m.rows() - 5, m.rows() - 1);
  }

  /**
   * Four threads query the chosen item and others of one fitted index at once and all get the
   * one-pass results: each thread has its own scratch arrays, the spread-out query of the
   * gathered items among them.
   */
  @Test
  void concurrentQueriesOfAChosenItemGiveTheOnePassResults() throws Exception {
    SparseMatrix m = popularItemMatrix();
    BruteForceIndex twoPhase = index(m, 512);
    BruteForceIndex onePass = index(m, 0);
    int[] items = {0, 1, 0, 600};
    Neighbors[] expected = new Neighbors[items.length];
    for (int i = 0; i < items.length; i++) {
      expected[i] = onePass.kneighbors(items[i], 100);
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = t;
        done.add(
            pool.submit(
                () -> {
                  for (int r = 0; r < 25; r++) {
                    int i = (first + r) % items.length;
                    assertSame(expected[i], twoPhase.kneighbors(items[i], 100), "item " + items[i]);
                  }
                }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aNegativeSplitIsRejected() {
    SparseMatrix m = SparseMatrix.builder(2, 2).add(0, 0, 1).add(1, 1, 1).build();
    assertThatThrownBy(() -> index(m, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("querySplit must be >= 0, was -1");
  }

  /**
   * The bound covers the rounding of a dot product, not only of the sum it scales: with every
   * product of one sign and a query value that is not a power of two, the computed dot product
   * exceeds {@code max|q| · Σ|x|} by many units in the last place for long rows.
   */
  @Test
  void boundTimesTheLargestQueryValueCoversTheComputedDotProduct() {
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 2_000; trial++) {
      int n = 1 + random.nextInt(3_000);
      double[] x = random.doubles(n, -1, 1).toArray();
      double scale = random.nextDouble(0.01, 1);
      double dot = 0;
      for (double v : x) {
        dot += (Math.signum(v) * scale) * v;
      }
      double bound = scale * HeadFirstQuery.absSumBound(x, 0, n);
      assertThat(dot).as("trial %d, n %d", trial, n).isLessThanOrEqualTo(bound);
    }
  }

  @Test
  void boundCoversTheExactAbsoluteSum() {
    SplittableRandom random = new SplittableRandom(3);
    for (int n = 1; n < 2_000; n += 97) {
      double[] values = random.doubles(n, -1, 1).toArray();
      BigDecimal exact = BigDecimal.ZERO;
      for (double v : values) {
        exact = exact.add(new BigDecimal(Math.abs(v)));
      }
      double bound = HeadFirstQuery.absSumBound(values, 0, n);
      assertThat(new BigDecimal(bound)).isGreaterThan(exact);
    }
  }
}
