package io.playknn.knn.brute;

import io.playknn.internal.Checks;
import io.playknn.internal.SparseMath;
import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.NeighborHeap;
import io.playknn.knn.NeighborTable;
import io.playknn.knn.Neighbors;
import io.playknn.knn.ProgressListener;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import java.util.Arrays;
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
  // Values normalised for cosine, raw for Euclidean.
  private final IndexLists lists;
  // Squared L2 norms of the raw rows (Euclidean only).
  private final double[] squaredNorms;
  // Cosine only.
  private final QueryPlan plan;
  private final Scratch.Pool scratch;

  /** One query: its entries {@code [from, to)} of {@code features} and {@code values}. */
  private record Query(int[] features, double[] values, int from, int to, int self) {}

  BruteForceIndex(SparseMatrix items, KnnOptions options, QueryPlan.Tuning tuning) {
    this.options = options;
    this.metric = options.metric();
    this.size = items.rows();
    this.dimension = items.columns();
    this.lists = IndexLists.of(metric == Metric.COSINE ? items.normalizeRows() : items);
    if (metric == Metric.EUCLIDEAN) {
      squaredNorms = new double[size];
      for (int i = 0; i < size; i++) {
        squaredNorms[i] =
            squaredNorm(lists.itemValues(), lists.itemPointers()[i], lists.itemPointers()[i + 1]);
      }
    } else {
      squaredNorms = null;
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
    NeighborTable.Writer table = NeighborTable.writer(queries, perRow);
    RowBatch.Batch batch =
        new RowBatch.Batch(
            queries, perRow, options.threads(), table.indices(), table.distances(),
            (item, outIndices, outDistances, offset) -> {
              Neighbors n = sparseTopK(row(item), k);
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

  /**
   * @return whether the cosine top-{@code k} of item {@code self} (-1 for an ad-hoc query) takes
   *     {@link QueryPlan.Path#TWO_PHASE} (tests)
   */
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
    return topK(row(item), k);
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
    return radius(row(item), radius);
  }

  @Override
  public Neighbors radiusNeighbors(SparseVector query, double radius) {
    checkRadius(radius);
    return radius(prepare(query), radius);
  }

  private static void checkRadius(double radius) {
    Checks.require(radius >= 0, "radius must be >= 0, was %s", radius);
  }

  private Query row(int item) {
    return new Query(
        lists.itemFeatures(), lists.itemValues(), lists.itemPointers()[item],
        lists.itemPointers()[item + 1], item);
  }

  /** Checks the dimension and brings an ad-hoc query into the index's value space. */
  private Query prepare(SparseVector query) {
    Objects.requireNonNull(query, "query");
    Checks.require(
        query.dimension() == dimension,
        "query dimension must equal the index's %d features, was %d",
        dimension,
        query.dimension());
    double[] values = query.values();
    if (metric == Metric.COSINE) {
      double norm = query.norm();
      if (norm != 0) {
        for (int i = 0; i < values.length; i++) {
          values[i] /= norm;
        }
      }
    }
    return new Query(query.indices(), values, 0, values.length, -1);
  }

  /** @return the query's available neighbours: every item but the query item */
  private int available(Query q) {
    return q.self() >= 0 ? size - 1 : size;
  }

  private Neighbors topK(Query q, int k) {
    if (plan == null) {
      return euclidean(q, k, 0);
    }
    QueryPlan.Path path = plan.single(q.self(), k, lists.updates(q.features(), q.from(), q.to()));
    if (path == QueryPlan.Path.SPARSE) {
      return sparseTopK(q, k);
    }
    Scratch s = scratch.acquire();
    try {
      NeighborHeap heap = s.heap;
      heap.reset(Math.min(k, available(q)));
      if (path == QueryPlan.Path.TWO_PHASE) {
        plan.headFirst().search(
            q.features(), q.values(), q.from(), q.to(), q.self(), s.dots, s.spread(dimension),
            heap);
      } else {
        Scatter.query(lists, q.features(), q.values(), q.from(), q.to(), s.dots, null, null);
        CandidateSelection.denseSelect(q.self(), 0, size, s.dots, heap);
      }
      if (CandidateSelection.complete(heap)) {
        return heap.drain();
      }
    } finally {
      scratch.release(s);
    }
    // Items at distance 1 are needed: the sparse path ranks them.
    return sparseTopK(q, k);
  }

  /**
   * The cosine top-k on the {@link QueryPlan.Path#SPARSE} path, which also ranks the items at
   * distance 1 (sharing no feature) by index.
   */
  private Neighbors sparseTopK(Query q, int k) {
    Scratch s = scratch.acquire();
    int count = accumulate(s, q);
    try {
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
      // Items sharing no feature are at distance exactly 1; offer them in index order until one
      // is refused (every later one would be refused too).
      for (int j = 0; j < size && !CandidateSelection.complete(heap); j++) {
        if (j != q.self() && !s.seen[j]) {
          if (!heap.accepts(j, 1.0)) {
            break;
          }
          heap.offer(j, 1.0);
        }
      }
      return heap.drain();
    } finally {
      s.clear(count);
      scratch.release(s);
    }
  }

  /** Adds {@code q · row} into the scratch space, listing the touched items. */
  private int accumulate(Scratch s, Query q) {
    return Scatter.query(lists, q.features(), q.values(), q.from(), q.to(), s.dots, s.seen,
        s.touched);
  }

  private Neighbors radius(Query q, double radius) {
    if (plan == null) {
      return euclidean(q, -1, radius);
    }
    Scratch s = scratch.acquire();
    int count = accumulate(s, q);
    try {
      int n = 0;
      int[] idx = s.candidateIndices;
      double[] dist = s.candidateDistances;
      boolean all = radius >= 1.0;
      for (int t = 0, end = all ? size : count; t < end; t++) {
        int j = all ? t : s.touched[t];
        double d = s.seen[j] ? CandidateSelection.cosineDistance(s.dots[j]) : 1.0;
        if (j != q.self() && d <= radius) {
          idx[n] = j;
          dist[n++] = d;
        }
      }
      return Neighbors.sorted(idx, dist, n);
    } finally {
      s.clear(count);
      scratch.release(s);
    }
  }

  /**
   * Euclidean k-nearest ({@code k > 0}) or radius search ({@code k < 0}): rank all items by the
   * dot-product form of the squared distance, then recompute exactly every item whose approximate
   * squared distance lies within a rounding margin of the cut-off.
   */
  private Neighbors euclidean(Query q, int k, double radius) {
    Scratch s = scratch.acquire();
    int count = accumulate(s, q);
    try {
      double qSquared = squaredNorm(q.values(), q.from(), q.to());
      double[] approx = s.candidateDistances;
      double maxSquared = 0;
      for (int j = 0; j < size; j++) {
        double a = qSquared + squaredNorms[j] - 2 * s.dots[j];
        approx[j] = a < 0 ? 0 : a;
        maxSquared = Math.max(maxSquared, squaredNorms[j]);
      }
      double margin = EUCLIDEAN_MARGIN * (qSquared + maxSquared);
      double cutoff;
      if (k > 0) {
        NeighborHeap heap = s.heap;
        heap.reset(Math.min(k, available(q)));
        for (int j = 0; j < size; j++) {
          if (j != q.self()) {
            heap.offer(j, approx[j]);
          }
        }
        cutoff = heap.size() == 0 ? -1 : heap.worstDistance() + margin;
      } else {
        cutoff = radius * radius + margin;
      }
      // Exact recomputation of every plausible candidate.
      int[] idx = s.candidateIndices;
      int n = 0;
      double[] exact = new double[Math.max(16, Math.min(size, k > 0 ? 2 * k + 16 : size))];
      for (int j = 0; j < size; j++) {
        if (j == q.self() || approx[j] > cutoff) {
          continue;
        }
        double d =
            Math.sqrt(
                SparseMath.squaredDistance(
                    q.features(), q.values(), q.from(), q.to(), lists.itemFeatures(),
                    lists.itemValues(), lists.itemPointers()[j], lists.itemPointers()[j + 1]));
        if (k < 0 && d > radius) {
          continue;
        }
        if (n == exact.length) {
          exact = Arrays.copyOf(exact, Math.min(size, 2 * n));
        }
        idx[n] = j;
        exact[n++] = d;
      }
      Neighbors all = Neighbors.sorted(idx, exact, n);
      return k > 0 ? all.head(k) : all;
    } finally {
      s.clear(count);
      scratch.release(s);
    }
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
