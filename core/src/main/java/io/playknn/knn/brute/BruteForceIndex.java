package io.playknn.knn.brute;

import io.playknn.knn.spi.NeighborOrder;
import io.playknn.knn.spi.NeighborTableWriter;
import io.playknn.internal.Checks;
import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.internal.Parallel;
import io.playknn.knn.spi.NeighborHeap;
import io.playknn.knn.NeighborTable;
import io.playknn.knn.ProgressListener;
import io.playknn.knn.Neighbors;
import io.playknn.matrix.SparseMatrix;
import io.playknn.matrix.SparseVector;
import java.util.Objects;

/** Sparse brute-force index; see {@link BruteForceProvider}. Immutable and thread-safe. */
final class BruteForceIndex implements NearestNeighbors {
  /**
   * Option: the batch kernel for cosine, {@code "auto"} (default: {@code "gram"} when the item ×
   * item matrix fits 32 MiB and the batch covers at least an eighth of the items, else {@code
   * "tiled"}), {@code "gram"} or {@code "tiled"}. All give identical results.
   */
  static final String BATCH_KERNEL = "batch_kernel";

  /**
   * Option: when the tiled kernel answers every item in index order (the all-items table), the
   * number of first (most popular) items computed as a {@link HeadBlock}; 0 turns it off
   * (tuning and tests). Results are identical either way.
   */
  static final String HEAD_SIZE = "head_size";

  /**
   * Option: {@code "on"} lets a single cosine query whose multiply-adds reach {@link
   * #PREFETCH_UPDATES} use a second thread that reads the user lists ahead of it ({@link
   * ListPrefetcher}); {@code "off"} (default). Results are identical either way. Worth it only
   * when a core is idle while such queries run.
   */
  static final String QUERY_PREFETCH = "query_prefetch";

  /**
   * Option: the first tail item of {@link HeadFirstQuery}, which answers the single cosine
   * queries of the few most popular items (default {@link HeadFirstQuery#DEFAULT_SPLIT}; 0 turns
   * it off). Used only when the index has at least twice as many items. Results are identical
   * either way.
   */
  static final String QUERY_SPLIT = "query_split";

  /** Multiply-adds from which a single dense query uses the prefetching helper, if on. */
  static final long PREFETCH_UPDATES = 1L << 20;

  /** Option: candidate items per tile of the batch kernel (tuning and tests). */
  static final String TILE_SIZE = "tile_size";

  /** Relative margin within which Euclidean candidates are recomputed exactly. */
  private static final double EUCLIDEAN_MARGIN = 1e-9;

  private final KnnOptions options;
  private final Metric metric;
  private final int size;
  private final int dimension;
  // Items × features, CSR; values normalised for cosine, raw for Euclidean.
  private final int[] itemPointers;
  private final int[] itemFeatures;
  private final double[] itemValues;
  // Features × items (the transpose), same values.
  private final int[] featurePointers;
  private final int[] featureItems;
  private final double[] featureValues;
  // Squared L2 norms of the raw rows (Euclidean only).
  private final double[] squaredNorms;
  private final ThreadLocal<Workspace> workspaces;
  // The batch kernel (cosine only).
  private final TiledCosineBatch batch;
  // Head items of the all-items build (see HEAD_SIZE).
  private final int headSize;
  private final boolean prefetch;
  // Two-phase single queries of popular items, or null (see QUERY_SPLIT).
  private final HeadFirstQuery headFirst;

  BruteForceIndex(SparseMatrix items, KnnOptions options) {
    this.options = options;
    this.metric = options.metric();
    String kernel = options.parameters().getOrDefault(BATCH_KERNEL, "auto");
    Checks.require(
        kernel.equals("auto") || kernel.equals("tiled")
            || (kernel.equals("gram") && GramCosineBatch.fits(items.rows())),
        "parameter %s must be auto, tiled or (for at most 2,048 items) gram, was %s",
        BATCH_KERNEL,
        kernel);
    this.headSize = options.intParameter(HEAD_SIZE, HeadBlock.DEFAULT_HEAD);
    Checks.require(
        headSize >= 0 && headSize <= HeadBlock.MAX_HEAD,
        "parameter %s must be in [0, %d], was %d",
        HEAD_SIZE,
        HeadBlock.MAX_HEAD,
        headSize);
    String prefetchOption = options.parameters().getOrDefault(QUERY_PREFETCH, "off");
    Checks.require(
        prefetchOption.equals("on") || prefetchOption.equals("off"),
        "parameter %s must be on or off, was %s",
        QUERY_PREFETCH,
        prefetchOption);
    this.prefetch = prefetchOption.equals("on");
    int querySplit = options.intParameter(QUERY_SPLIT, HeadFirstQuery.DEFAULT_SPLIT);
    Checks.require(
        querySplit >= 0, "parameter %s must be >= 0, was %d", QUERY_SPLIT, querySplit);
    Checks.require(
        options.intParameter(TILE_SIZE, TiledCosineBatch.DEFAULT_TILE) >= 1,
        "parameter %s must be >= 1, was %d",
        TILE_SIZE,
        options.intParameter(TILE_SIZE, TiledCosineBatch.DEFAULT_TILE));
    this.size = items.rows();
    this.dimension = items.columns();
    IndexLists lists =
        IndexLists.of(metric == Metric.COSINE ? items.normalizeRows() : items);
    this.itemPointers = lists.itemPointers();
    this.itemFeatures = lists.itemFeatures();
    this.itemValues = lists.itemValues();
    this.featurePointers = lists.featurePointers();
    this.featureItems = lists.featureItems();
    this.featureValues = lists.featureValues();
    if (metric == Metric.EUCLIDEAN) {
      double[] norms = items.rowNorms();
      for (int i = 0; i < norms.length; i++) {
        norms[i] = squaredNorm(itemValues, itemPointers[i], itemPointers[i + 1]);
      }
      this.squaredNorms = norms;
    } else {
      this.squaredNorms = null;
    }
    this.headFirst = metric == Metric.COSINE ? HeadFirstQuery.over(lists, querySplit) : null;
    int n = size;
    this.workspaces = ThreadLocal.withInitial(() -> new Workspace(n));
    this.batch =
        metric == Metric.COSINE
            ? new TiledCosineBatch(
                size,
                options.intParameter(TILE_SIZE, TiledCosineBatch.DEFAULT_TILE),
                itemPointers,
                itemFeatures,
                itemValues,
                featurePointers,
                featureItems,
                featureValues)
            : null;
  }

  @Override
  public NeighborTable kneighbors(int[] items, int k, ProgressListener progress) {
    Objects.requireNonNull(progress, "progress");
    if (batch == null) {
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
    int[] indices = table.indices();
    double[] distances = table.distances();
    String kernel = options.parameters().getOrDefault(BATCH_KERNEL, "auto");
    boolean gram =
        kernel.equals("gram")
            || (kernel.equals("auto")
                && GramCosineBatch.fits(size)
                && queries.length >= size / 8);
    if (gram) {
      GramCosineBatch.run(
          size,
          itemPointers,
          itemFeatures,
          featurePointers,
          featureItems,
          featureValues,
          queries,
          perRow,
          options.threads(),
          indices,
          distances);
      progress.update(queries.length, queries.length);
      return table.build();
    }
    TiledCosineBatch.Fallback fallback =
        (item, outIndices, outDistances, offset) -> {
          // Already on the batch's threads: no prefetching helper.
          Neighbors n =
              search(itemFeatures, itemValues, itemPointers[item], itemPointers[item + 1], item, k,
                  -1, false);
          for (int r = 0; r < n.size(); r++) {
            outIndices[offset + r] = n.index(r);
            outDistances[offset + r] = n.distance(r);
          }
        };
    int head = isEveryItemInOrder(queries) ? headSize : 0;
    batch.run(
        queries, k, perRow, head, options.threads(), indices, distances, fallback,
        progress::update);
    return table.build();
  }

  /** The items whose single queries take {@link HeadFirstQuery}'s two phases (tests). */
  int[] twoPhaseItems() {
    return headFirst == null ? new int[0] : headFirst.chosen();
  }

  /**
   * @return whether the cosine top-{@code k} of item {@code self} (-1 for an ad-hoc query) takes
   *     {@link HeadFirstQuery}'s two phases, which come before the prefetching helper
   */
  boolean takesTwoPhases(int self, int k) {
    return headFirst != null && self >= 0 && headFirst.serves(self, k);
  }

  private boolean isEveryItemInOrder(int[] queries) {
    if (queries.length != size) {
      return false;
    }
    for (int i = 0; i < queries.length; i++) {
      if (queries[i] != i) {
        return false;
      }
    }
    return true;
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
    return search(
        itemFeatures, itemValues, itemPointers[item], itemPointers[item + 1], item, k, -1,
        prefetch);
  }

  @Override
  public Neighbors kneighbors(SparseVector query, int k) {
    Checks.atLeast("k", k, 1);
    Query q = prepare(query);
    return search(q.features, q.values, 0, q.features.length, -1, k, -1, prefetch);
  }

  @Override
  public Neighbors radiusNeighbors(int item, double radius) {
    Checks.index("item", item, size, "indexed items");
    checkRadius(radius);
    return search(
        itemFeatures, itemValues, itemPointers[item], itemPointers[item + 1], item, -1, radius,
        false);
  }

  @Override
  public Neighbors radiusNeighbors(SparseVector query, double radius) {
    checkRadius(radius);
    Query q = prepare(query);
    return search(q.features, q.values, 0, q.features.length, -1, -1, radius, false);
  }

  private static void checkRadius(double radius) {
    Checks.require(radius >= 0, "radius must be >= 0, was %s", radius);
  }

  private record Query(int[] features, double[] values) {}

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
      io.playknn.internal.SparseMath.normalize(values, 0, values.length);
    }
    return new Query(query.indices(), values);
  }

  /**
   * The one search routine. Exactly one of {@code k >= 1} (k-nearest) or {@code radius >= 0}
   * (radius query, {@code k == -1}) is in force. {@code self} is the excluded item or -1. {@code
   * mayPrefetch}: a dense query of at least {@link #PREFETCH_UPDATES} may use {@link
   * ListPrefetcher}.
   */
  private Neighbors search(
      int[] qFeatures,
      double[] qValues,
      int from,
      int to,
      int self,
      int k,
      double radius,
      boolean mayPrefetch) {
    Workspace w = workspaces.get();
    boolean cosineKnn = metric == Metric.COSINE && k > 0;
    long updates = cosineKnn ? updates(featurePointers, qFeatures, from, to) : 0;
    if (cosineKnn && updates >= size / TiledCosineBatch.DENSE_FRACTION) {
      NeighborHeap heap = w.heap;
      heap.reset(Math.min(k, self >= 0 ? size - 1 : size));
      if (takesTwoPhases(self, k)) {
        headFirst.search(qFeatures, qValues, from, to, self, w.dots, w.spread(dimension), heap);
      } else if (mayPrefetch && updates >= PREFETCH_UPDATES) {
        ListPrefetcher.denseAccumulate(
            qFeatures, qValues, from, to, featurePointers, featureItems, featureValues, w.dots);
        denseSelect(self, size, w.dots, heap);
      } else {
        denseAccumulate(
            qFeatures, qValues, from, to, featurePointers, featureItems, featureValues, w.dots);
        denseSelect(self, size, w.dots, heap);
      }
      if (complete(heap)) {
        return heap.drain();
      }
      // Items at distance 1 are needed: the sparse path below ranks them.
    }
    int touchedCount = accumulate(w, qFeatures, qValues, from, to);
    try {
      if (metric == Metric.COSINE) {
        return k > 0 ? cosineTopK(w, touchedCount, self, k) : cosineRadius(w, touchedCount, self, radius);
      }
      double qSquared = squaredNorm(qValues, from, to);
      return euclidean(w, qFeatures, qValues, from, to, qSquared, self, k, radius);
    } finally {
      w.clear(touchedCount);
    }
  }

  /**
   * @return the multiply-adds of a query (the summed lengths of its features' item lists), which
   *     decides between the dense and the sparse accumulation
   */
  static long updates(int[] featurePointers, int[] qFeatures, int from, int to) {
    long sum = 0;
    for (int p = from; p < to; p++) {
      sum += featurePointers[qFeatures[p] + 1] - featurePointers[qFeatures[p]];
    }
    return sum;
  }

  /** Adds {@code q · row} into the workspace (see the static form). */
  private int accumulate(Workspace w, int[] qFeatures, double[] qValues, int from, int to) {
    return accumulate(
        featurePointers, featureItems, featureValues, qFeatures, qValues, from, to, w.dots, w.seen,
        w.touched);
  }

  /**
   * Adds {@code q · row} into {@code dots} for every row sharing a feature with the query, in
   * increasing feature order (so each sum is formed in the same order as a dense dot product), and
   * lists each newly touched row once. Shared by the single-query path and the batch kernel, which
   * is what keeps the two bit-identical.
   *
   * @return the number of rows appended to {@code touched}
   */
  static int accumulate(
      int[] featurePointers,
      int[] featureItems,
      double[] featureValues,
      int[] qFeatures,
      double[] qValues,
      int from,
      int to,
      double[] dots,
      boolean[] seen,
      int[] touched) {
    int count = 0;
    for (int p = from; p < to; p++) {
      int f = qFeatures[p];
      double qv = qValues[p];
      for (int s = featurePointers[f], end = featurePointers[f + 1]; s < end; s++) {
        int j = featureItems[s];
        if (!seen[j]) {
          seen[j] = true;
          touched[count++] = j;
        }
        dots[j] += qv * featureValues[s];
      }
    }
    return count;
  }

  /**
   * The accumulation half of the dense form of a cosine top-k, for a query whose multiply-adds
   * reach a quarter of the items (see {@link TiledCosineBatch#DENSE_FRACTION}): adds {@code q ·
   * row} into {@code dots} with no touched-list bookkeeping (same products, same order as {@link
   * #accumulate}). {@link #denseSelect} is the other half.
   */
  static void denseAccumulate(
      int[] qFeatures,
      double[] qValues,
      int from,
      int to,
      int[] featurePointers,
      int[] featureItems,
      double[] featureValues,
      double[] dots) {
    for (int p = from; p < to; p++) {
      int f = qFeatures[p];
      double qv = qValues[p];
      for (int s = featurePointers[f], end = featurePointers[f + 1]; s < end; s++) {
        dots[featureItems[s]] += qv * featureValues[s];
      }
    }
  }

  /**
   * The selection half of the dense form (see {@link #denseAccumulate}): scans the accumulator in
   * index order, clearing it, and offers every item with a non-zero dot except {@code self}, each
   * first compared with the heap's worst distance. Items with a zero dot (distance 1) are not
   * offered: the caller must finish a heap that is not full or whose worst distance is at least 1
   * another way.
   *
   * @param heap reset to the wanted capacity by the caller
   */
  static void denseSelect(int self, int size, double[] dots, NeighborHeap heap) {
    denseSelect(self, 0, size, dots, heap);
  }

  /**
   * {@link #denseSelect(int, int, double[], NeighborHeap)} over the items {@code [from, to)},
   * continuing with whatever the heap already holds (the two phases of {@link HeadFirstQuery}).
   */
  static void denseSelect(int self, int from, int to, double[] dots, NeighborHeap heap) {
    double worst =
        heap.isFull() && heap.size() > 0 ? heap.worstDistance() : Double.POSITIVE_INFINITY;
    for (int j = from; j < to; j++) {
      double dot = dots[j];
      if (dot != 0) {
        dots[j] = 0;
        double d = cosineDistance(dot);
        if (d <= worst && j != self) {
          heap.offer(j, d);
          worst = heap.isFull() ? heap.worstDistance() : Double.POSITIVE_INFINITY;
        }
      }
    }
  }

  /**
   * Offers the touched items' cosine distances, except {@code self}'s, each first compared with
   * the heap's worst distance (so only pairs that can stay enter the heap). Leaves the accumulator
   * as it is.
   */
  static void offerTouched(int self, int[] touched, int count, double[] dots, NeighborHeap heap) {
    double worst = heap.isFull() ? heap.worstDistance() : Double.POSITIVE_INFINITY;
    for (int t = 0; t < count; t++) {
      int j = touched[t];
      double d = cosineDistance(dots[j]);
      if (d <= worst && j != self) {
        heap.offer(j, d);
        worst = heap.isFull() ? heap.worstDistance() : Double.POSITIVE_INFINITY;
      }
    }
  }

  /** Zeroes the touched items' accumulator slots and flags. */
  static void clear(int[] touched, int count, double[] dots, boolean[] seen) {
    for (int t = 0; t < count; t++) {
      int j = touched[t];
      dots[j] = 0;
      seen[j] = false;
    }
  }

  /** @return whether a cosine top-k heap is final: full, and every kept distance below 1 */
  static boolean complete(NeighborHeap heap) {
    return heap.isFull() && (heap.size() == 0 || heap.worstDistance() < 1.0);
  }

  static double cosineDistance(double dot) {
    double d = 1.0 - dot;
    return d < 0 ? 0 : (d > 2 ? 2 : d);
  }

  private Neighbors cosineTopK(Workspace w, int touchedCount, int self, int k) {
    int available = self >= 0 ? size - 1 : size;
    NeighborHeap heap = w.heap;
    heap.reset(Math.min(k, available));
    offerTouched(self, w.touched, touchedCount, w.dots, heap);
    // Items sharing no feature are at distance exactly 1; offer them in index order until one
    // is refused (every later one would be refused too).
    if (!complete(heap)) {
      for (int j = 0; j < size; j++) {
        if (j == self || w.seen[j]) {
          continue;
        }
        if (!heap.accepts(j, 1.0)) {
          break;
        }
        heap.offer(j, 1.0);
      }
    }
    return heap.drain();
  }

  private Neighbors cosineRadius(Workspace w, int touchedCount, int self, double radius) {
    int n = 0;
    int[] idx = w.candidateIndices;
    double[] dist = w.candidateDistances;
    if (radius >= 1.0) {
      for (int j = 0; j < size; j++) {
        if (j == self) {
          continue;
        }
        double d = w.seen[j] ? cosineDistance(w.dots[j]) : 1.0;
        if (d <= radius) {
          idx[n] = j;
          dist[n++] = d;
        }
      }
    } else {
      for (int t = 0; t < touchedCount; t++) {
        int j = w.touched[t];
        double d = cosineDistance(w.dots[j]);
        if (j != self && d <= radius) {
          idx[n] = j;
          dist[n++] = d;
        }
      }
    }
    return NeighborOrder.sorted(idx, dist, n);
  }

  /**
   * Euclidean k-nearest ({@code k > 0}) or radius search: rank all items by the dot-product form
   * of the squared distance, then recompute exactly every item whose approximate squared distance
   * lies within a rounding margin of the cut-off.
   */
  private Neighbors euclidean(
      Workspace w,
      int[] qFeatures,
      double[] qValues,
      int from,
      int to,
      double qSquared,
      int self,
      int k,
      double radius) {
    double[] approx = w.candidateDistances;
    double maxSquared = 0;
    for (int j = 0; j < size; j++) {
      double s = qSquared + squaredNorms[j] - 2 * w.dots[j];
      approx[j] = s < 0 ? 0 : s;
      maxSquared = Math.max(maxSquared, squaredNorms[j]);
    }
    double margin = EUCLIDEAN_MARGIN * (qSquared + maxSquared);
    double cutoff;
    if (k > 0) {
      int available = self >= 0 ? size - 1 : size;
      NeighborHeap heap = w.heap;
      heap.reset(Math.min(k, available));
      for (int j = 0; j < size; j++) {
        if (j != self) {
          heap.offer(j, approx[j]);
        }
      }
      cutoff = heap.size() == 0 ? -1 : heap.worstDistance() + margin;
    } else {
      cutoff = radius * radius + margin;
    }
    // Exact recomputation of every plausible candidate.
    int[] idx = w.candidateIndices;
    int n = 0;
    double[] exact = new double[Math.max(16, Math.min(size, k > 0 ? 2 * k + 16 : size))];
    for (int j = 0; j < size; j++) {
      if (j == self || approx[j] > cutoff) {
        continue;
      }
      double d =
          io.playknn.internal.SparseMath.distance(
              qFeatures, qValues, from, to, itemFeatures, itemValues, itemPointers[j], itemPointers[j + 1]);
      if (k < 0 && d > radius) {
        continue;
      }
      if (n == exact.length) {
        exact = java.util.Arrays.copyOf(exact, Math.min(size, 2 * n));
      }
      idx[n] = j;
      exact[n++] = d;
    }
    Neighbors all = NeighborOrder.sorted(idx, exact, n);
    return k > 0 ? all.head(k) : all;
  }

  private static double squaredNorm(double[] values, int from, int to) {
    double sum = 0;
    for (int p = from; p < to; p++) {
      sum += values[p] * values[p];
    }
    return sum;
  }

  /** Per-thread scratch space, cleared after each query. */
  private static final class Workspace {
    final double[] dots;
    final boolean[] seen;
    final int[] touched;
    final int[] candidateIndices;
    final double[] candidateDistances;
    final NeighborHeap heap = new NeighborHeap(0);
    // The query spread out over the features (HeadFirstQuery), allocated on first use.
    private double[] spread;

    Workspace(int n) {
      dots = new double[n];
      seen = new boolean[n];
      touched = new int[n];
      candidateIndices = new int[n];
      candidateDistances = new double[n];
    }

    void clear(int touchedCount) {
      BruteForceIndex.clear(touched, touchedCount, dots, seen);
    }

    double[] spread(int features) {
      if (spread == null) {
        spread = new double[features];
      }
      return spread;
    }
  }

  @Override
  public String toString() {
    return "BruteForceIndex[" + size + " items x " + dimension + " features, " + metric.id() + "]";
  }
}
