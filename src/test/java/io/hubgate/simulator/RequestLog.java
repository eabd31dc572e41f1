package io.hubgate.simulator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/** Every request the simulator answered (or chose not to), for assertions; {@link #clear()} between tests. */
public final class RequestLog {

  private final ConcurrentLinkedQueue<RequestLogEntry> entries = new ConcurrentLinkedQueue<>();
  private final boolean enabled;

  RequestLog(boolean enabled) {
    this.enabled = enabled;
  }

  void add(RequestLogEntry entry) {
    if (enabled) {
      entries.add(entry);
    }
  }

  public List<RequestLogEntry> entries() {
    return List.copyOf(entries);
  }

  public List<RequestLogEntry> entries(Predicate<RequestLogEntry> filter) {
    return entries.stream().filter(filter).toList();
  }

  public int size() {
    return entries.size();
  }

  public void clear() {
    entries.clear();
  }

  public long count(int status) {
    return entries.stream().filter(e -> e.status() == status).count();
  }

  public long count429() {
    return count(429);
  }

  public long count429(String policyName) {
    return entries.stream().filter(e -> e.status() == 429 && policyName.equals(e.policyName())).count();
  }

  public long countFor(long portalId) {
    return entries.stream().filter(e -> e.portalId() == portalId).count();
  }

  /**
   * The most requests by one app on one portal that arrived within any window of the given length, sliding
   * over every arrival (not fixed buckets). Every request counts, including those HubSpot answered with 429,
   * because a limiter that keeps its promise never sends them.
   */
  public int maxInAnyWindow(long portalId, long appId, Duration window) {
    return maxInAnyWindow(window, e -> e.portalId() == portalId && e.appId() == appId);
  }

  /** As {@link #maxInAnyWindow(long, long, Duration)}, counting only HubSpot-accepted (non-429) requests. */
  public int maxAcceptedInAnyWindow(long portalId, long appId, Duration window) {
    return maxInAnyWindow(window, e -> e.portalId() == portalId && e.appId() == appId && e.status() != 429);
  }

  public int maxInAnyWindow(Duration window, Predicate<RequestLogEntry> filter) {
    long[] arrivals = entries.stream().filter(filter).mapToLong(RequestLogEntry::arrivalNanos).sorted().toArray();
    long windowNanos = window.toNanos();
    int best = 0;
    int start = 0;
    for (int end = 0; end < arrivals.length; end++) {
      while (arrivals[end] - arrivals[start] >= windowNanos) {
        start++;
      }
      best = Math.max(best, end - start + 1);
    }
    return best;
  }
}
