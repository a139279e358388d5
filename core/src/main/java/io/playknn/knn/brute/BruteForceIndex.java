package io.playknn.knn.brute;

import io.playknn.internal.Checks;
import io.playknn.internal.SparseMath;
import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborTable;
import io.playknn.knn.Neighbors;
import io.playknn.knn.ProgressListener;
import io.playknn.knn.spi.NeighborHeap;
import io.playknn.knn.spi.NeighborOrder;
import io.playknn.knn.spi.NeighborTableWriter;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import java.util.Objects;

/**
 * Sparse brute-force index; see {@link BruteForceProvider}. Immutable and thread-safe. Its paths
 * and the choice among them are {@link QueryPlan}'s.
 */
final class BruteForceIndex implements NearestNeighbors {
  /** Relative margin within which Euclidean candidates are recomputed exactly. */
  private static final double EUCLIDEAN_MARGIN = 1e-9;

  private final KnnOptions options;
  private final Metric metric;
  private final int size;
  private final int dimension;
  private final IndexLists lists; // values normalised for cosine, raw for Euclidean
  private final double[] squaredNorms; // of the rows, Euclidean only
  private final QueryPlan plan; // cosine only
  private final Scratch.Pool scratch;

  BruteForceIndex(SparseMatrix items, KnnOptions options, QueryPlan.Tuning tuning) {
    this.options = options;
    this.metric = options.metric();
    this.size = items.rows();
    this.dimension = items.columns();
    this.lists = IndexLists.of(metric == Metric.COSINE ? items.normalizeRows() : items);
    int[] rows = lists.itemPointers();
    this.squaredNorms = metric == Metric.COSINE ? null : new double[size];
    for (int i = 0; squaredNorms != null && i < size; i++) {
      squaredNorms[i] = squaredNorm(lists.itemValues(), rows[i], rows[i + 1]);
    }
    this.plan = metric == Metric.COSINE ? new QueryPlan(lists, tuning) : null;
    this.scratch = new Scratch.Pool(size, options.threads());
  }

  @Override
  public NeighborTable kneighbors(int[] items, int k, ProgressListener progress) {
    Objects.requireNonNull(progress, "progress");
    if (plan == null) {
      return NearestNeighbors.super.kneighbors(items, k, progress);
    }
    int[] queries = items.clone();
    for (int item : queries) {
      Checks.index("item", item, size, "indexed items");
    }
    Checks.atLeast("k", k, 1);
    // An empty index answers nothing (no queries can name an item), with rows of width 0.
    int perRow = Math.max(0, Math.min(k, size - 1));
    NeighborTableWriter table = NeighborTableWriter.of(queries, perRow);
    RowBatch.Batch batch =
        new RowBatch.Batch(
            queries, perRow, options.executor(), options.threads(), table.indices(), table.distances(),
            (item, outIndices, outDistances, offset) -> {
              Neighbors n = sparseTopK(lists.row(item), k);
              for (int r = 0; r < n.size(); r++) {
                outIndices[offset + r] = n.index(r);
                outDistances[offset + r] = n.distance(r);
              }
            });
    if (plan.kernel(queries.length) == QueryPlan.Kernel.GRAM) {
      GramCosineBatch.run(lists, batch);
      progress.update(queries.length, queries.length);
    } else {
      RowBatch.run(plan, lists, batch, plan.headRows(queries), progress::update);
    }
    return table.build();
  }

  /** The items whose single queries take {@link QueryPlan.Path#TWO_PHASE} (tests). */
  int[] twoPhaseItems() {
    return plan == null ? new int[0] : plan.twoPhaseItems();
  }

  /** @return whether the top-{@code k} of {@code self} (-1: ad hoc) is two-phase (tests) */
  boolean takesTwoPhases(int self, int k) {
    return plan != null && plan.single(self, k, 0) == QueryPlan.Path.TWO_PHASE;
  }

  /** @return how many scratch buffers this index has created (tests) */
  int scratchBuffersCreated() {
    return scratch.created();
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public KnnOptions options() {
    return options;
  }

  @Override
  public Neighbors kneighbors(int item, int k) {
    Checks.index("item", item, size, "indexed items");
    Checks.atLeast("k", k, 1);
    return topK(lists.row(item), k);
  }

  @Override
  public Neighbors kneighbors(SparseVector query, int k) {
    Checks.atLeast("k", k, 1);
    return topK(prepare(query), k);
  }

  @Override
  public Neighbors radiusNeighbors(int item, double radius) {
    Checks.index("item", item, size, "indexed items");
    checkRadius(radius);
    return radius(lists.row(item), radius);
  }

  @Override
  public Neighbors radiusNeighbors(SparseVector query, double radius) {
    checkRadius(radius);
    return radius(prepare(query), radius);
  }

  private static void checkRadius(double radius) {
    Checks.require(radius >= 0, "radius must be >= 0, was %s", radius);
  }

  /** Checks the dimension and brings an ad-hoc query into the index's value space. */
  private Query prepare(SparseVector query) {
    Objects.requireNonNull(query, "query");
    Checks.require(query.dimension() == dimension,
        "query dimension must equal the index's %d features, was %d", dimension, query.dimension());
    double[] values = query.values();
    if (metric == Metric.COSINE) {
      SparseMath.normalize(values, 0, values.length);
    }
    return new Query(query.indices(), values, 0, values.length, Query.NO_ITEM);
  }

  /** @return the query's available neighbours: every item but the query item */
  private int available(Query q) {
    return q.self() == Query.NO_ITEM ? size : size - 1;
  }

  private Neighbors topK(Query q, int k) {
    if (plan == null) {
      return euclidean(q, k, Double.POSITIVE_INFINITY);
    }
    QueryPlan.Path path = plan.single(q.self(), k, lists.updates(q));
    if (path != QueryPlan.Path.SPARSE) {
      Scratch s = scratch.acquire();
      try {
        NeighborHeap heap = s.heap;
        heap.reset(Math.min(k, available(q)));
        if (path == QueryPlan.Path.TWO_PHASE) {
          plan.headFirst().search(q, s.dots, s.spread(dimension), heap);
        } else {
          Scatter.query(lists, q, s.dots, null, null);
          CandidateSelection.denseSelect(q.self(), 0, size, s.dots, heap);
        }
        if (CandidateSelection.complete(heap)) {
          return heap.drain();
        }
      } finally {
        scratch.release(s);
      }
      // Items at distance 1 are needed: the sparse path ranks them.
    }
    return sparseTopK(q, k);
  }

  /** What a path computes from the products in a scratch buffer, {@code count} items touched. */
  @FunctionalInterface
  private interface Accumulated {
    Neighbors select(Scratch s, int count);
  }

  /** Accumulates with the touched list into a pooled buffer, selects, returns it zeroed. */
  private Neighbors accumulated(Query q, Accumulated then) {
    Scratch s = scratch.acquire();
    int count = 0;
    try {
      count = Scatter.query(lists, q, s.dots, s.seen, s.touched);
      return then.select(s, count);
    } finally {
      s.clear(count);
      scratch.release(s);
    }
  }

  /** The cosine top-k on the sparse path, which also ranks the items at distance 1 by index. */
  private Neighbors sparseTopK(Query q, int k) {
    return accumulated(q, (s, count) -> {
      NeighborHeap heap = s.heap;
      heap.reset(Math.min(k, available(q)));
      double worst = heap.isFull() ? heap.worstDistance() : Double.POSITIVE_INFINITY;
      for (int t = 0; t < count; t++) {
        int j = s.touched[t];
        double d = CandidateSelection.cosineDistance(s.dots[j]);
        if (d <= worst && j != q.self()) {
          heap.offer(j, d);
          worst = heap.isFull() ? heap.worstDistance() : Double.POSITIVE_INFINITY;
        }
      }
      // Items sharing no feature are at distance 1: offered in index order until one is refused.
      for (int j = 0; j < size && !CandidateSelection.complete(heap); j++) {
        if (j != q.self() && !s.seen[j]) {
          if (!heap.accepts(j, 1.0)) {
            break;
          }
          heap.offer(j, 1.0);
        }
      }
      return heap.drain();
    });
  }

  private Neighbors radius(Query q, double radius) {
    if (plan == null) {
      return euclidean(q, Integer.MAX_VALUE, radius);
    }
    return accumulated(q, (s, count) -> {
      int n = 0;
      boolean all = radius >= 1.0;
      for (int t = 0, end = all ? size : count; t < end; t++) {
        int j = all ? t : s.touched[t];
        double d = s.seen[j] ? CandidateSelection.cosineDistance(s.dots[j]) : 1.0;
        if (j != q.self() && d <= radius) {
          s.candidateIndices()[n] = j;
          s.candidateDistances()[n++] = d;
        }
      }
      return NeighborOrder.sorted(s.candidateIndices(), s.candidateDistances(), n);
    });
  }

  /**
   * The Euclidean {@code k} nearest within {@code radius}: items ranked by the dot-product form of
   * the squared distance, those within a rounding margin of the cut-off recomputed exactly.
   */
  private Neighbors euclidean(Query q, int k, double radius) {
    return accumulated(q, (s, count) -> {
      double qSquared = squaredNorm(q.values(), q.from(), q.to());
      double[] approx = s.candidateDistances();
      double maxSquared = 0;
      for (int j = 0; j < size; j++) {
        approx[j] = Math.max(0, qSquared + squaredNorms[j] - 2 * s.dots[j]);
        maxSquared = Math.max(maxSquared, squaredNorms[j]);
      }
      double margin = EUCLIDEAN_MARGIN * (qSquared + maxSquared);
      double cutoff = radius * radius + margin;
      if (k < available(q)) {
        NeighborHeap heap = s.heap;
        heap.reset(k);
        for (int j = 0; j < size; j++) {
          if (j != q.self()) {
            heap.offer(j, approx[j]);
          }
        }
        cutoff = Math.min(cutoff, heap.worstDistance() + margin);
      }
      // Exact distances of the plausible candidates, over the approximations read (n <= j).
      int[] idx = s.candidateIndices();
      int n = 0;
      for (int j = 0; j < size; j++) {
        if (j == q.self() || approx[j] > cutoff) {
          continue;
        }
        double d = SparseMath.distance(q.features(), q.values(), q.from(), q.to(),
            lists.itemFeatures(), lists.itemValues(), lists.itemPointers()[j], lists.itemPointers()[j + 1]);
        if (d > radius) {
          continue;
        }
        idx[n] = j;
        approx[n++] = d;
      }
      Neighbors all = NeighborOrder.sorted(idx, approx, n);
      return all.head(k);
    });
  }

  private static double squaredNorm(double[] values, int from, int to) {
    double sum = 0;
    for (int p = from; p < to; p++) {
      sum += values[p] * values[p];
    }
    return sum;
  }

  @Override
  public String toString() {
    return "BruteForceIndex[" + size + " items x " + dimension + " features, " + metric.id() + "]";
  }
}
