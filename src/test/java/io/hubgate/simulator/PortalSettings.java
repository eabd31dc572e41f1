package io.hubgate.simulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One portal's limits; fluent so that a test reads {@code portals().add(62515).burstLimit(100)}. */
public final class PortalSettings {

  private final long portalId;
  private volatile int burstLimit = Tier.FREE.burstPer10s();
  private volatile long dailyLimit = Tier.FREE.daily();
  private final Map<Long, Integer> appBurstLimits = new ConcurrentHashMap<>();

  PortalSettings(long portalId) {
    this.portalId = portalId;
  }

  public long portalId() {
    return portalId;
  }

  /** Requests per rolling 10 s, for each app on this portal (burst budgets are per app). */
  public PortalSettings burstLimit(int perTenSeconds) {
    this.burstLimit = perTenSeconds;
    return this;
  }

  /** Requests per day shared by all apps on this portal. */
  public PortalSettings dailyLimit(long perDay) {
    this.dailyLimit = perDay;
    return this;
  }

  public PortalSettings tier(Tier tier) {
    return burstLimit(tier.burstPer10s()).dailyLimit(tier.daily());
  }

  /** A different burst budget for one app, e.g. a public OAuth app (110) next to a private app (100). */
  public PortalSettings appBurstLimit(long appId, int perTenSeconds) {
    appBurstLimits.put(appId, perTenSeconds);
    return this;
  }

  public int burstLimit() {
    return burstLimit;
  }

  public int burstLimitFor(long appId) {
    return appBurstLimits.getOrDefault(appId, burstLimit);
  }

  public long dailyLimit() {
    return dailyLimit;
  }
}
