package io.hubgate.console;

import java.util.List;
import java.util.Map;

import io.hubgate.events.RecentEvents;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the console shows, as of {@code at} (epoch ms) on one replica. Counters are totals since the replica started:
 * the page turns them into rates between two snapshots, so that a snapshot stays a pure reading.
 */
@RegisterForReflection
public record ConsoleSnapshot(long at, String limiterMode, List<PortalView> portals, CoalescingView coalescing,
    WebhookView webhooks) {

  /**
   * One portal. {@code usedInWindow}, {@code booked} and {@code dayUsed} are the limiter's own figures (every
   * replica's when it is shared), null when it could not be read; the rest are this replica's.
   */
  @RegisterForReflection
  public record PortalView(String portal, int burstLimit, double windowSeconds, long dailyLimit, Long usedInWindow,
      Long booked, Long dayUsed, double waiting, double permits, double rejections, double hubspot429s,
      double cacheHits, double cacheMisses, double queued, double queueCapacity, Map<String, Integer> queuedByOperation) {
  }

  /** Batches this replica sent: {@code batchSizes} counts batch requests per bucket of inputs ({@code le}). */
  @RegisterForReflection
  public record CoalescingView(Map<String, Double> callsByOperation, double batches, double records,
      double isolationRequests, double queueFullRefusals, List<Bucket> batchSizes) {
  }

  @RegisterForReflection
  public record Bucket(double le, double count) {
  }

  /** Deliveries and events by outcome, publishing (count, total and max ms), the last events published. */
  @RegisterForReflection
  public record WebhookView(Map<String, Double> deliveries, Map<String, Double> events, double published,
      double publishTotalMs, double publishMaxMs, List<RecentEvents.Recent> recent) {
  }
}
