package io.playknn.knn.spi;

import io.playknn.internal.Checks;
import io.playknn.internal.Trusted;
import io.playknn.knn.Neighbors;

/**
 * Selects the {@code k} best (distance, index) pairs of a stream without sorting the stream: a
 * bounded max-heap on primitive arrays whose root is the worst pair kept. "Best" is the result
 * contract's order: smaller distance, then smaller index. Reusable through {@link #reset(int)}; not
 * thread-safe. For provider implementers.
 */
public final class NeighborHeap {
  private int[] indices;
  private double[] distances;
  private int capacity;
  private int size;

  /**
   * @param capacity the number of pairs to keep, {@code >= 0}
   */
  public NeighborHeap(int capacity) {
    Checks.atLeast("capacity", capacity, 0);
    this.indices = new int[capacity];
    this.distances = new double[capacity];
    this.capacity = capacity;
  }

  /**
   * Empties the heap and sets a new capacity, growing storage only when needed.
   *
   * @param newCapacity the number of pairs to keep, {@code >= 0}
   */
  public void reset(int newCapacity) {
    Checks.atLeast("capacity", newCapacity, 0);
    if (newCapacity > indices.length) {
      indices = new int[newCapacity];
      distances = new double[newCapacity];
    }
    capacity = newCapacity;
    size = 0;
  }

  /** @return the number of pairs kept */
  public int size() {
    return size;
  }

  /** @return whether {@code capacity} pairs are kept */
  public boolean isFull() {
    return size == capacity;
  }

  /**
   * @return the largest distance kept (the root); meaningful only when {@link #size()} {@code > 0}
   */
  public double worstDistance() {
    return distances[0];
  }

  /**
   * Whether a pair would be kept if offered now.
   *
   * @param index the item index
   * @param distance its distance
   * @return true if the heap is not full or the pair beats the worst pair kept
   */
  public boolean accepts(int index, double distance) {
    return size < capacity
        || (capacity > 0 && NeighborOrder.compare(distance, index, distances[0], indices[0]) < 0);
  }

  /**
   * Offers a pair; kept if the heap is not full or it beats the worst pair kept.
   *
   * @param index the item index
   * @param distance its distance, not NaN
   */
  public void offer(int index, double distance) {
    if (size < capacity) {
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (NeighborOrder.compare(distances[parent], indices[parent], distance, index) >= 0) {
          break;
        }
        indices[i] = indices[parent];
        distances[i] = distances[parent];
        i = parent;
      }
      indices[i] = index;
      distances[i] = distance;
    } else if (capacity > 0 && NeighborOrder.compare(distance, index, distances[0], indices[0]) < 0) {
      siftDown(index, distance);
    }
  }

  private void siftDown(int index, double distance) {
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size
          && NeighborOrder.compare(distances[right], indices[right], distances[child], indices[child])
              > 0) {
        child = right;
      }
      if (NeighborOrder.compare(distances[child], indices[child], distance, index) <= 0) {
        break;
      }
      indices[i] = indices[child];
      distances[i] = distances[child];
      i = child;
    }
    indices[i] = index;
    distances[i] = distance;
  }

  /**
   * Empties the heap into a result in contract order.
   *
   * @return the kept pairs, best first
   */
  public Neighbors drain() {
    int n = size;
    int[] outIndices = new int[n];
    double[] outDistances = new double[n];
    drainInto(outIndices, outDistances, 0);
    return Trusted.neighbors(outIndices, outDistances);
  }

  /**
   * Empties the heap into arrays in contract order, best first, starting at {@code offset}.
   *
   * @param outIndices receives the indices
   * @param outDistances receives the distances
   * @param offset where the best pair goes
   * @return the number of pairs written
   */
  public int drainInto(int[] outIndices, double[] outDistances, int offset) {
    int n = size;
    for (int k = n - 1; k >= 0; k--) {
      outIndices[offset + k] = indices[0];
      outDistances[offset + k] = distances[0];
      size--;
      if (size > 0) {
        int lastIndex = indices[size];
        double lastDistance = distances[size];
        siftDown(lastIndex, lastDistance);
      }
    }
    return n;
  }
}
