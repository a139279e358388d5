package io.playknn.knn.brute;

import io.playknn.knn.spi.NeighborHeap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One query's scratch space: 13 bytes per item (an accumulator, seen flags, the touched list),
 * plus 12 per item once a radius or Euclidean query used it (its candidates) and 8 per feature
 * once a two-phase query did (the spread-out query). The accumulator and flags are back to zero
 * when a query returns it.
 */
final class Scratch {
  final double[] dots;
  final boolean[] seen;
  final int[] touched;
  final NeighborHeap heap = new NeighborHeap(0);
  // Allocated on first use.
  private int[] candidateIndices;
  private double[] candidateDistances;
  private double[] spread;

  Scratch(int items) {
    dots = new double[items];
    seen = new boolean[items];
    touched = new int[items];
  }

  /** Zeroes the accumulator slots and flags of the first {@code count} touched items. */
  void clear(int count) {
    for (int t = 0; t < count; t++) {
      int j = touched[t];
      dots[j] = 0;
      seen[j] = false;
    }
  }

  double[] spread(int features) {
    if (spread == null) {
      spread = new double[features];
    }
    return spread;
  }

  int[] candidateIndices() {
    if (candidateIndices == null) {
      candidateIndices = new int[dots.length];
    }
    return candidateIndices;
  }

  double[] candidateDistances() {
    if (candidateDistances == null) {
      candidateDistances = new double[dots.length];
    }
    return candidateDistances;
  }

  /**
   * An index's scratch buffers: at most {@code capacity} exist, created on demand. A query takes
   * one for its duration; a caller that finds all in use waits, not interruptibly (a query holds
   * a buffer only while it computes), until one is returned.
   */
  static final class Pool {
    private final int items;
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<Scratch> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger created = new AtomicInteger();

    Pool(int items, int capacity) {
      this.items = items;
      this.permits = new Semaphore(capacity);
    }

    /** @return a buffer, all zero, to give back with {@link #release} */
    Scratch acquire() {
      permits.acquireUninterruptibly();
      Scratch s = free.poll();
      if (s == null) {
        created.incrementAndGet();
        s = new Scratch(items);
      }
      return s;
    }

    /** Returns a buffer taken by {@link #acquire}, all zero again. */
    void release(Scratch s) {
      free.offer(s);
      permits.release();
    }

    /** @return how many buffers this pool has created (tests) */
    int created() {
      return created.get();
    }
  }
}
