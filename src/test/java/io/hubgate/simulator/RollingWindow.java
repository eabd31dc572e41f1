package io.hubgate.simulator;

import java.util.ArrayDeque;

/**
 * HubSpot's rolling window as an exact log of arrival times: a request is admitted when fewer than
 * {@code max} admitted requests arrived in the {@code windowNanos} before it. Unlike fixed windows or token
 * buckets this never lets more than {@code max} through in any window, including across window edges, so a
 * limiter that overshoots is caught.
 */
final class RollingWindow {

  private final long windowNanos;
  private final ArrayDeque<Long> arrivals = new ArrayDeque<>();

  RollingWindow(long windowNanos) {
    this.windowNanos = windowNanos;
  }

  /** What the window said about one arrival. {@code retryAfterNanos} is 0 when admitted. */
  record Decision(boolean admitted, int remaining, long retryAfterNanos) {}

  synchronized Decision tryAcquire(long nowNanos, int max, boolean countRejected) {
    expire(nowNanos);
    boolean admitted = arrivals.size() < max;
    if (admitted || countRejected) {
      arrivals.addLast(nowNanos);
    }
    int remaining = Math.max(0, max - arrivals.size());
    long retryAfter = admitted ? 0 : Math.max(0, arrivals.peekFirst() + windowNanos - nowNanos);
    return new Decision(admitted, remaining, retryAfter);
  }

  /** How many arrivals the window holds now. */
  synchronized int used(long nowNanos) {
    expire(nowNanos);
    return arrivals.size();
  }

  synchronized void clear() {
    arrivals.clear();
  }

  private void expire(long nowNanos) {
    while (!arrivals.isEmpty() && nowNanos - arrivals.peekFirst() >= windowNanos) {
      arrivals.removeFirst();
    }
  }
}
