package io.hubgate.ratelimit;

import java.time.Duration;

/**
 * Tuning shared by every portal.
 *
 * @param safetyMargin            δ: the window is widened to W + δ to absorb jitter between our decision and HubSpot's
 *                                count; saturated utilisation is W / (W + δ) (98 % at 0.2 s)
 * @param maxWait                 the longest an interactive or search caller is scheduled ahead; beyond it the caller
 *                                gets {@link RateLimitExceededException} and nothing is reserved
 * @param bulkMaxWait             the same for the bulk lane
 * @param interactiveReserve      the fraction of the window bulk may never take (0.2 = bulk stops at 80 %)
 * @param maxReplicas             the most replicas that may run at once (HPA maxReplicas): during a Redis outage each
 *                                replica admits budget ÷ maxReplicas
 * @param redisTimeout            how long a script call may take before Redis counts as unreachable
 * @param probeInterval           during an outage, how often a busy replica checks whether Redis is back
 * @param searchCountsTowardBurst whether a search also takes a slot in the (app, portal) window; HubSpot does not say,
 *                                so the safe default is yes
 * @param keyPrefix               prefix of every Redis key
 * @param spacing                 slots of one lane are at least this fraction of W / L apart (0 = none): a window's
 *                                worth of calls released at one instant reaches HubSpot spread over longer than δ on
 *                                busy cores (the next window, released on time, then overlaps it), and callers who come
 *                                back late leave slots unused; pacing removes both without changing the long-run rate
 *                                (L per W + δ); never more than δ / 4
 * @param sendLagShare            the part of δ a call may spend leaving: a permit is good until this much of δ after its
 *                                slot, and a call not written by then is not sent on it (it gives the slot back and
 *                                takes the earliest free one); the rest of δ covers the way to HubSpot
 */
public record LimiterSettings(
    Duration safetyMargin,
    Duration maxWait,
    Duration bulkMaxWait,
    double interactiveReserve,
    int maxReplicas,
    Duration redisTimeout,
    Duration probeInterval,
    boolean searchCountsTowardBurst,
    String keyPrefix,
    double spacing,
    double sendLagShare) {

  public LimiterSettings {
    if (interactiveReserve < 0 || interactiveReserve >= 1) {
      throw new IllegalArgumentException("interactiveReserve must be in [0, 1)");
    }
    if (maxReplicas < 1) {
      throw new IllegalArgumentException("maxReplicas must be at least 1");
    }
    if (spacing < 0 || spacing > 1) {
      throw new IllegalArgumentException("spacing must be in [0, 1]");
    }
    if (sendLagShare <= 0 || sendLagShare > 1) {
      throw new IllegalArgumentException("sendLagShare must be in (0, 1]");
    }
    if (safetyMargin.isNegative()) {
      throw new IllegalArgumentException("safetyMargin must not be negative");
    }
  }

  /** δ = 0.2 s (¾ of it for the send lag), max wait 10 s (bulk 20 s), 20 % reserved for interactive work, up to 3 replicas, spacing ¼ W / L. */
  public static LimiterSettings defaults() {
    return new LimiterSettings(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(20), 0.2, 3,
        Duration.ofSeconds(1), Duration.ofMillis(250), true, "hubgate:rl:", 0.25, 0.75);
  }

  public LimiterSettings withSafetyMargin(Duration d) {
    return new LimiterSettings(d, maxWait, bulkMaxWait, interactiveReserve, maxReplicas, redisTimeout, probeInterval,
        searchCountsTowardBurst, keyPrefix, spacing, sendLagShare);
  }

  public LimiterSettings withMaxWait(Duration interactive, Duration bulk) {
    return new LimiterSettings(safetyMargin, interactive, bulk, interactiveReserve, maxReplicas, redisTimeout,
        probeInterval, searchCountsTowardBurst, keyPrefix, spacing, sendLagShare);
  }

  public LimiterSettings withInteractiveReserve(double r) {
    return new LimiterSettings(safetyMargin, maxWait, bulkMaxWait, r, maxReplicas, redisTimeout, probeInterval,
        searchCountsTowardBurst, keyPrefix, spacing, sendLagShare);
  }

  public LimiterSettings withReplicas(int n) {
    return new LimiterSettings(safetyMargin, maxWait, bulkMaxWait, interactiveReserve, n, redisTimeout, probeInterval,
        searchCountsTowardBurst, keyPrefix, spacing, sendLagShare);
  }

  public LimiterSettings withRedisTimeouts(Duration timeout, Duration probe) {
    return new LimiterSettings(safetyMargin, maxWait, bulkMaxWait, interactiveReserve, maxReplicas, timeout, probe,
        searchCountsTowardBurst, keyPrefix, spacing, sendLagShare);
  }

  public LimiterSettings withSearchCountsTowardBurst(boolean counts) {
    return new LimiterSettings(safetyMargin, maxWait, bulkMaxWait, interactiveReserve, maxReplicas, redisTimeout,
        probeInterval, counts, keyPrefix, spacing, sendLagShare);
  }

  public LimiterSettings withKeyPrefix(String prefix) {
    return new LimiterSettings(safetyMargin, maxWait, bulkMaxWait, interactiveReserve, maxReplicas, redisTimeout,
        probeInterval, searchCountsTowardBurst, prefix, spacing, sendLagShare);
  }

  public LimiterSettings withSpacing(double fraction) {
    return new LimiterSettings(safetyMargin, maxWait, bulkMaxWait, interactiveReserve, maxReplicas, redisTimeout,
        probeInterval, searchCountsTowardBurst, keyPrefix, fraction, sendLagShare);
  }

  public LimiterSettings withSendLagShare(double share) {
    return new LimiterSettings(safetyMargin, maxWait, bulkMaxWait, interactiveReserve, maxReplicas, redisTimeout,
        probeInterval, searchCountsTowardBurst, keyPrefix, spacing, share);
  }

  /**
   * How long after its slot a permit is good: δ × sendLagShare. δ = 0 (no margin, for tests of other things) leaves
   * nothing for the send lag, so then permits do not expire: the guarantee needs a margin.
   */
  Duration permitValidity() {
    return safetyMargin.isZero() ? Duration.ofNanos(Long.MAX_VALUE)
        : Duration.ofNanos((long) (safetyMargin.toNanos() * sendLagShare));
  }

  /** The longest any lane reserves ahead: no slot granted by anyone lies further in the future than this. */
  Duration horizon() {
    return maxWait.compareTo(bulkMaxWait) >= 0 ? maxWait : bulkMaxWait;
  }

  Duration maxWait(Lane lane) {
    return lane == Lane.BULK ? bulkMaxWait : maxWait;
  }
}
