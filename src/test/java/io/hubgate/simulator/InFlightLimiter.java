package io.hubgate.simulator;

import java.util.ArrayDeque;

/** At most {@code max} tasks running at once; the rest wait in arrival order. Tasks call {@link #release()}. */
final class InFlightLimiter {

  private final int max;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int running;
  private int peak;

  InFlightLimiter(int max) {
    this.max = max;
  }

  void submit(Runnable task) {
    synchronized (this) {
      if (running >= max) {
        waiting.addLast(task);
        return;
      }
      running++;
      peak = Math.max(peak, running);
    }
    task.run();
  }

  void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.pollFirst();
      if (next == null) {
        running--;
        return;
      }
    }
    next.run();
  }

  synchronized int peak() {
    return peak;
  }
}
