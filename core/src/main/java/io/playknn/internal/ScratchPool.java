package io.playknn.internal;

import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Supplier;

/**
 * Per-query scratch space, borrowed for one query and given back: a free buffer is reused, and a
 * new one is made when none is free. At most {@code capacity} free buffers are kept between
 * queries, however many threads query; a buffer given back while that many are kept is left to
 * the garbage collector. So the scratch memory an index holds is at most {@code capacity} buffers,
 * plus one per query in flight beyond that. Thread-safe. Not API.
 *
 * @param <T> the buffer type; a buffer must be back in its initial state when given back
 */
public final class ScratchPool<T> {
  private final ArrayBlockingQueue<T> free;
  private final Supplier<T> factory;

  /**
   * @param capacity the most free buffers kept, {@code >= 1}
   * @param factory makes a buffer
   */
  public ScratchPool(int capacity, Supplier<T> factory) {
    Checks.atLeast("capacity", capacity, 1);
    this.free = new ArrayBlockingQueue<>(capacity);
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /** @return a free buffer, or a new one */
  public T borrow() {
    T t = free.poll();
    return t != null ? t : factory.get();
  }

  /**
   * Gives a buffer back; it is kept if fewer than the capacity are.
   *
   * @param t a buffer from {@link #borrow()}, in its initial state
   */
  public void release(T t) {
    free.offer(t);
  }

  /** @return the number of free buffers kept now, at most the capacity */
  public int kept() {
    return free.size();
  }

  /** @return the most free buffers kept */
  public int capacity() {
    return free.size() + free.remainingCapacity();
  }
}
