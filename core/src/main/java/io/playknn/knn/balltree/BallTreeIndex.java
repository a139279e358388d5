package io.playknn.knn.balltree;

import io.playknn.knn.spi.NeighborOrder;
import io.playknn.internal.Checks;
import io.playknn.internal.ScratchPool;
import io.playknn.internal.SparseMath;
import io.playknn.knn.KnnOptions;
import io.playknn.knn.Metric;
import io.playknn.knn.NearestNeighbors;
import io.playknn.knn.spi.NeighborHeap;
import io.playknn.knn.Neighbors;
import io.playknn.matrix.SparseVector;
import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An exact ball tree; see {@link BallTreeProvider}. Rows are stored in tree order: node {@code v}
 * holds rows {@code [start[v], end[v])}, and {@code items[row]} is the item index of a row. Rows
 * the tree does not hold (for cosine: rows whose normalised length is not 1, such as zero rows)
 * follow the tree's rows and are scanned on every query. Immutable and thread-safe.
 */
final class BallTreeIndex implements NearestNeighbors {
  /** A normalised row is searched through the tree when its squared length is this close to 1. */
  private static final double UNIT_TOLERANCE = 1e-10;
  /** Cosine distances reported may fall below the chord bound by this much (rounding, length). */
  private static final double COSINE_SLACK = 1e-9;
  /** Relative slack on Euclidean bounds for the rounding of reported distances. */
  private static final double EUCLIDEAN_SLACK = 1e-11;

  private final KnnOptions options;
  private final boolean cosine;
  private final int size;
  private final int dimension;
  private final int leafSize;
  private final Points points;
  private final int[] items;
  private final int[] rowOfItem;
  private final int treeRows;
  // Nodes, in pre-order; node 0 is the root when treeRows > 0.
  private final int[] start;
  private final int[] end;
  private final int[] left;
  private final int[] right;
  private final double[] radius;
  // Dense points: one centre per node. Sparse points: the centres' non-zeros by feature, as
  // compressed columns: feature f's entries are [featureStart[f], featureStart[f + 1]) of
  // centreNodes (ascending) and centreValues, so memory follows the stored values, not nodes x
  // features.
  private final double[][] centres;
  private final int[] featureStart;
  private final int[] centreNodes;
  private final double[] centreValues;
  private final double[] centreSquaredNorms;
  // Dense points only: each node's bounding box, boxLow[v * dimension + j] .. boxHigh[...].
  private final double[] boxLow;
  private final double[] boxHigh;
  private final ScratchPool<Workspace> workspaces;

  /**
   * @param points the item vectors in item order, already normalised for cosine; owned
   * @param options the fit options
   * @param leafSize the most rows a leaf holds, {@code >= 1}
   */
  BallTreeIndex(Points points, KnnOptions options, int leafSize) {
    this.options = options;
    this.cosine = options.metric() == Metric.COSINE;
    this.size = points.size();
    this.dimension = points.dimension();
    this.leafSize = leafSize;
    IntArrayList inTree = new IntArrayList(size);
    IntArrayList outside = new IntArrayList();
    for (int i = 0; i < size; i++) {
      if (!cosine || Math.abs(points.squaredNorm(i) - 1) <= UNIT_TOLERANCE) {
        inTree.add(i);
      } else {
        outside.add(i);
      }
    }
    this.treeRows = inTree.size();
    int[] order = new int[size];
    inTree.getElements(0, order, 0, treeRows);
    outside.getElements(0, order, treeRows, outside.size());
    Builder b = new Builder(points, order, leafSize);
    if (treeRows > 0) {
      b.build(0, treeRows);
    }
    this.start = b.start.toIntArray();
    this.end = b.end.toIntArray();
    this.left = b.left.toIntArray();
    this.right = b.right.toIntArray();
    this.radius = b.radius.toDoubleArray();
    if (b.sparse) {
      this.centres = null;
      int entries = b.centreFeatures.size();
      int[] features = b.centreFeatures.elements();
      this.featureStart = new int[dimension + 1];
      for (int e = 0; e < entries; e++) {
        featureStart[features[e] + 1]++;
      }
      for (int f = 0; f < dimension; f++) {
        featureStart[f + 1] += featureStart[f];
      }
      // A stable counting sort by feature: nodes were appended in increasing order.
      int[] next = Arrays.copyOf(featureStart, dimension);
      int[] byNode = b.centreNodes.elements();
      double[] values = b.centreValues.elements();
      this.centreNodes = new int[entries];
      this.centreValues = new double[entries];
      for (int e = 0; e < entries; e++) {
        int at = next[features[e]]++;
        centreNodes[at] = byNode[e];
        centreValues[at] = values[e];
      }
    } else {
      this.centres = b.centres.toArray(new double[0][]);
      this.featureStart = null;
      this.centreNodes = null;
      this.centreValues = null;
    }
    this.boxLow = b.boxLow == null ? null : b.boxLow.toDoubleArray();
    this.boxHigh = b.boxHigh == null ? null : b.boxHigh.toDoubleArray();
    this.centreSquaredNorms = b.centreSquaredNorms.toDoubleArray();
    this.items = order;
    this.rowOfItem = new int[size];
    for (int row = 0; row < size; row++) {
      rowOfItem[order[row]] = row;
    }
    this.points = points.reorder(order);
    int d = dimension;
    int nodes = start.length;
    this.workspaces = new ScratchPool<>(options.threads(), () -> new Workspace(d, nodes));
  }

  /**
   * Builds the nodes top-down, permuting {@code order} so each node's rows are contiguous: a node's
   * centre is the mean of its rows and its radius the largest distance from the centre (rounded
   * up); a node of more than {@code leafSize} rows is split at the median of the rows' projections,
   * ties broken by item index, so construction is deterministic. Dense rows are projected on the
   * dimension of greatest spread (as scikit-learn), and dense nodes also keep their bounding box,
   * a second lower bound that is tighter than the ball's along the split axes; sparse rows, whose single dimensions say
   * little, on the line through two far-apart pivots (the row farthest from the centre, then the
   * row farthest from it).
   */
  private static final class Builder {
    /** Most centre non-zeros sparse points may keep (the largest Java array). */
    static final long MAX_CENTRE_ENTRIES = Integer.MAX_VALUE - 8;

    final Points points;
    final int[] order;
    final int leafSize;
    final boolean sparse;
    final IntArrayList start = new IntArrayList();
    final IntArrayList end = new IntArrayList();
    final IntArrayList left = new IntArrayList();
    final IntArrayList right = new IntArrayList();
    final DoubleArrayList radius = new DoubleArrayList();
    // Dense points: each node's centre. Sparse points: the non-zeros of each node's centre, node
    // after node (at most the node's stored values, so about nonZeros x depth in all), computed in
    // one scratch array.
    final List<double[]> centres = new ArrayList<>();
    final IntArrayList centreNodes = new IntArrayList();
    final IntArrayList centreFeatures = new IntArrayList();
    final DoubleArrayList centreValues = new DoubleArrayList();
    final double[] centreScratch;
    final DoubleArrayList centreSquaredNorms = new DoubleArrayList();
    final DoubleArrayList boxLow;
    final DoubleArrayList boxHigh;
    final double[] pivot;
    final double[] direction;
    final double[] projection;

    Builder(Points points, int[] order, int leafSize) {
      this.points = points;
      this.order = order;
      this.leafSize = leafSize;
      this.pivot = new double[points.dimension()];
      this.direction = new double[points.dimension()];
      this.projection = new double[order.length];
      boolean dense = points instanceof DensePoints;
      this.sparse = !dense;
      this.centreScratch = sparse ? new double[points.dimension()] : null;
      this.boxLow = dense ? new DoubleArrayList() : null;
      this.boxHigh = dense ? new DoubleArrayList() : null;
    }

    /** Builds the node over {@code order[from, to)} and its subtree; returns its number. */
    int build(int from, int to) {
      int node = start.size();
      int count = to - from;
      start.add(from);
      end.add(to);
      left.add(-1);
      right.add(-1);
      int d = points.dimension();
      double[] c;
      if (sparse) {
        c = centreScratch;
        Arrays.fill(c, 0.0);
      } else {
        c = new double[d];
      }
      for (int i = from; i < to; i++) {
        points.addTo(order[i], c);
      }
      double cc = 0;
      for (int j = 0; j < d; j++) {
        c[j] /= count;
        cc += c[j] * c[j];
      }
      int a = farthest(from, to, c, cc);
      double farthest = points.squaredDistanceUpper(a, c, cc);
      // A squared distance that overflows (values beyond about 1e154) is NaN or infinite: the
      // radius is then infinite, so the node is never pruned.
      radius.add(farthest >= 0 ? Math.sqrt(farthest) * (1 + 1e-12) : Double.POSITIVE_INFINITY);
      if (sparse) {
        keepNonZeros(node, c);
      } else {
        centres.add(c);
      }
      centreSquaredNorms.add(cc);
      int axis = boxLow != null ? box(from, to) : -1;
      // Zero-dimensional points all coincide: nothing to split on.
      if (count <= leafSize || d == 0) {
        return node;
      }
      if (axis >= 0) {
        java.util.Arrays.fill(direction, 0.0);
        direction[axis] = 1.0;
      } else {
        points.copyTo(a, pivot);
        int b = farthest(from, to, pivot, points.squaredNorm(a));
        points.copyTo(b, direction);
        for (int j = 0; j < d; j++) {
          direction[j] -= pivot[j];
        }
      }
      for (int i = from; i < to; i++) {
        projection[i] = points.dot(order[i], direction);
      }
      int mid = from + count / 2;
      select(from, to, mid);
      int l = build(from, mid);
      int r = build(mid, to);
      left.set(node, l);
      right.set(node, r);
      return node;
    }

    /** Appends the non-zeros of a sparse node's centre (its zeros add nothing to a bound). */
    private void keepNonZeros(int node, double[] c) {
      for (int f = 0; f < c.length; f++) {
        if (c[f] != 0) {
          Checks.require(
              centreValues.size() < MAX_CENTRE_ENTRIES,
              "ball_tree's node centres hold more than %d non-zeros; raise parameter leaf_size"
                  + " (was %d) or use algorithm brute",
              MAX_CENTRE_ENTRIES,
              leafSize);
          centreNodes.add(node);
          centreFeatures.add(f);
          centreValues.add(c[f]);
        }
      }
    }

    /**
     * Appends the bounding box of the rows and returns the dimension along which they spread most
     * (largest max - min; ties to the lower dimension).
     */
    private int box(int from, int to) {
      int d = points.dimension();
      double[] min = new double[d];
      double[] max = new double[d];
      java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
      java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
      for (int i = from; i < to; i++) {
        points.copyTo(order[i], pivot);
        for (int j = 0; j < d; j++) {
          min[j] = Math.min(min[j], pivot[j]);
          max[j] = Math.max(max[j], pivot[j]);
        }
      }
      int axis = 0;
      for (int j = 0; j < d; j++) {
        boxLow.add(min[j]);
        boxHigh.add(max[j]);
        if (max[j] - min[j] > max[axis] - min[axis]) {
          axis = j;
        }
      }
      return axis;
    }

    /**
     * Quickselect: reorders {@code [from, to)} so that position {@code k} holds the row of rank
     * {@code k} by (projection, item index), those before it rank lower and those after higher.
     */
    private void select(int from, int to, int k) {
      int lo = from;
      int hi = to - 1;
      while (hi > lo) {
        swap((lo + hi) >>> 1, hi);
        int store = lo;
        for (int i = lo; i < hi; i++) {
          if (before(i, hi)) {
            swap(i, store++);
          }
        }
        swap(store, hi);
        if (store == k) {
          return;
        } else if (k < store) {
          hi = store - 1;
        } else {
          lo = store + 1;
        }
      }
    }

    private boolean before(int x, int y) {
      int c = Double.compare(projection[x], projection[y]);
      return c != 0 ? c < 0 : order[x] < order[y];
    }

    private void swap(int x, int y) {
      double p = projection[x];
      projection[x] = projection[y];
      projection[y] = p;
      int o = order[x];
      order[x] = order[y];
      order[y] = o;
    }

    /**
     * The row of {@code order[from, to)} farthest from {@code p}, ties to the lower item; a NaN
     * distance (an overflow) counts as the farthest.
     */
    private int farthest(int from, int to, double[] p, double pp) {
      int best = -1;
      double bestDistance = -1;
      for (int i = from; i < to; i++) {
        int row = order[i];
        double s = points.squaredDistanceUpper(row, p, pp);
        if (Double.isNaN(s)) {
          s = Double.POSITIVE_INFINITY;
        }
        if (best < 0 || s > bestDistance || (s == bestDistance && row < best)) {
          best = row;
          bestDistance = s;
        }
      }
      return best;
    }
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

  /** @return the scratch buffers kept between queries now (a test hook) */
  int scratchKept() {
    return workspaces.kept();
  }

  @Override
  public Neighbors kneighbors(int item, int k) {
    Checks.index("item", item, size, "indexed items");
    Checks.atLeast("k", k, 1);
    Workspace w = workspaces.borrow();
    Query q = w.query;
    points.loadQuery(q, rowOfItem[item]);
    try {
      return nearest(w, item, k);
    } finally {
      q.clear();
      workspaces.release(w);
    }
  }

  @Override
  public Neighbors kneighbors(SparseVector query, int k) {
    Checks.atLeast("k", k, 1);
    Workspace w = workspaces.borrow();
    load(w.query, query);
    try {
      return nearest(w, -1, k);
    } finally {
      w.query.clear();
      workspaces.release(w);
    }
  }

  @Override
  public Neighbors radiusNeighbors(int item, double radius) {
    Checks.index("item", item, size, "indexed items");
    checkRadius(radius);
    Workspace w = workspaces.borrow();
    points.loadQuery(w.query, rowOfItem[item]);
    try {
      return within(w, item, radius);
    } finally {
      w.query.clear();
      workspaces.release(w);
    }
  }

  @Override
  public Neighbors radiusNeighbors(SparseVector query, double radius) {
    checkRadius(radius);
    Workspace w = workspaces.borrow();
    load(w.query, query);
    try {
      return within(w, -1, radius);
    } finally {
      w.query.clear();
      workspaces.release(w);
    }
  }

  private static void checkRadius(double radius) {
    Checks.require(radius >= 0, "radius must be >= 0, was %s", radius);
  }

  /** Checks the dimension and loads an ad-hoc vector, normalised for cosine as brute force does. */
  private void load(Query q, SparseVector query) {
    Objects.requireNonNull(query, "query");
    Checks.require(
        query.dimension() == dimension,
        "query dimension must equal the index's %d features, was %d",
        dimension,
        query.dimension());
    double[] values = query.values();
    if (cosine) {
      SparseMath.normalize(values, 0, values.length);
    }
    q.setSparse(query.indices(), values, 0, values.length);
  }

  /** Whether the query can be searched through the tree (for cosine: it has length 1). */
  private boolean searchable(Query q) {
    return !cosine || Math.abs(q.squaredNorm - 1) <= UNIT_TOLERANCE;
  }

  private Neighbors nearest(Workspace w, int self, int k) {
    int available = self >= 0 ? size - 1 : size;
    NeighborHeap heap = w.heap;
    heap.reset(Math.min(k, available));
    if (heap.isFull()) {
      return heap.drain();
    }
    Query q = w.query;
    int scanFrom = 0;
    if (treeRows > 0 && searchable(q)) {
      prepareBounds(w);
      nearest(w, self, 0, bound(w, 0));
      scanFrom = treeRows;
    }
    for (int row = scanFrom; row < size; row++) {
      offer(q, heap, self, row);
    }
    return heap.drain();
  }

  private void nearest(Workspace w, int self, int node, double lowerBound) {
    NeighborHeap heap = w.heap;
    if (heap.isFull() && lowerBound > heap.worstDistance()) {
      return;
    }
    int l = left[node];
    if (l < 0) {
      for (int row = start[node]; row < end[node]; row++) {
        offer(w.query, heap, self, row);
      }
      return;
    }
    int r = right[node];
    double lb = bound(w, l);
    double rb = bound(w, r);
    if (lb <= rb) {
      nearest(w, self, l, lb);
      nearest(w, self, r, rb);
    } else {
      nearest(w, self, r, rb);
      nearest(w, self, l, lb);
    }
  }

  private void offer(Query q, NeighborHeap heap, int self, int row) {
    int item = items[row];
    if (item == self) {
      return;
    }
    double bound = heap.isFull() ? heap.worstDistance() : Double.POSITIVE_INFINITY;
    double d = points.distance(q, row, cosine, bound);
    // +Infinity means "above the bound", unless there is no bound: then it is the real distance
    // (a squared difference that overflows), which brute reports too.
    if (d != Double.POSITIVE_INFINITY || bound == Double.POSITIVE_INFINITY) {
      heap.offer(item, d);
    }
  }

  private Neighbors within(Workspace w, int self, double r) {
    Query q = w.query;
    w.found = 0;
    int scanFrom = 0;
    if (treeRows > 0 && searchable(q)) {
      prepareBounds(w);
      within(w, self, 0, r);
      scanFrom = treeRows;
    }
    for (int row = scanFrom; row < size; row++) {
      collect(w, self, row, r);
    }
    return NeighborOrder.sorted(w.foundIndices, w.foundDistances, w.found);
  }

  private void within(Workspace w, int self, int node, double r) {
    if (bound(w, node) > r) {
      return;
    }
    int l = left[node];
    if (l < 0) {
      for (int row = start[node]; row < end[node]; row++) {
        collect(w, self, row, r);
      }
      return;
    }
    within(w, self, l, r);
    within(w, self, right[node], r);
  }

  private void collect(Workspace w, int self, int row, double r) {
    int item = items[row];
    if (item == self) {
      return;
    }
    double d = points.distance(w.query, row, cosine, r);
    if (d <= r) {
      w.add(item, d);
    }
  }

  /**
   * A lower bound on the distance, as reported, from the query to every row of a node: the
   * triangle inequality on the centre distance and the radius (and, for dense points, the distance
   * to the node's bounding box, whichever is larger), made conservative against rounding (for
   * cosine, through {@code 1 - cos = chord² / 2} on unit vectors).
   */
  private double bound(Workspace w, int node) {
    double low =
        centres != null
            ? points.squaredDistanceLower(w.query, centres[node], centreSquaredNorms[node])
            : w.nodeSquaredLower[node];
    double chord = 0;
    if (low > 0) {
      double centre = Math.sqrt(low);
      chord = centre - radius[node] - EUCLIDEAN_SLACK * (centre + radius[node]);
    }
    if (boxLow != null) {
      chord = Math.max(chord, boxBound(w.query.dense, node));
    }
    if (chord <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    return cosine ? chord * chord / 2 - COSINE_SLACK : chord;
  }

  /** A lower bound on the distance from the query to the node's bounding box (dense points). */
  private double boxBound(double[] x, int node) {
    int o = node * dimension;
    double sum = 0;
    for (int j = 0; j < dimension; j++) {
      double v = x[j];
      double lo = boxLow[o + j];
      double hi = boxHigh[o + j];
      double gap = v < lo ? lo - v : (v > hi ? v - hi : 0);
      sum += gap * gap;
    }
    double low = sum * (1 - Points.SQUARED_SLACK);
    return low > 0 ? Math.sqrt(low) * (1 - EUCLIDEAN_SLACK) : 0;
  }

  /**
   * For sparse points: the lower bound on the squared distance from the query to every node's
   * centre, through the query's stored features (the products with each feature's centre
   * non-zeros, in increasing node order; a zero centre entry would add nothing to a sum).
   */
  private void prepareBounds(Workspace w) {
    if (featureStart == null) {
      return;
    }
    Query q = w.query;
    double[] dots = w.nodeSquaredLower;
    int nodes = dots.length;
    Arrays.fill(dots, 0.0);
    for (int p = q.from; p < q.to; p++) {
      double v = q.values[p];
      int f = q.indices[p];
      for (int e = featureStart[f]; e < featureStart[f + 1]; e++) {
        dots[centreNodes[e]] += v * centreValues[e];
      }
    }
    for (int node = 0; node < nodes; node++) {
      dots[node] = SparsePoints.squaredDistanceLower(q.squaredNorm, centreSquaredNorms[node], dots[node]);
    }
  }

  /** One query's scratch space: about {@code 8 × (dimension + nodes)} bytes plus the results. */
  private static final class Workspace {
    final Query query;
    final NeighborHeap heap = new NeighborHeap(0);
    int[] foundIndices = new int[16];
    double[] foundDistances = new double[16];
    int found;

    final double[] nodeSquaredLower;

    Workspace(int dimension, int nodes) {
      this.query = new Query(dimension);
      this.nodeSquaredLower = new double[nodes];
    }

    void add(int item, double distance) {
      if (found == foundIndices.length) {
        foundIndices = Arrays.copyOf(foundIndices, 2 * found);
        foundDistances = Arrays.copyOf(foundDistances, 2 * found);
      }
      foundIndices[found] = item;
      foundDistances[found++] = distance;
    }
  }

  @Override
  public String toString() {
    return "BallTreeIndex["
        + size
        + " items x "
        + dimension
        + " features, "
        + options.metric().id()
        + ", leaf_size "
        + leafSize
        + ", "
        + start.length
        + " nodes]";
  }
}
