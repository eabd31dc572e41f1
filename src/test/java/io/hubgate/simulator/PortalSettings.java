package io.hubgate.simulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One portal's limits; fluent so that a test reads {@code portals().add(62515).burstLimit(100)}. */
public final class PortalSettings {

  private final long portalId;
  /** Null until set: private apps then get the Free tier's 100 and public OAuth apps HubSpot's 110. */
  private volatile Integer burstLimit;
  private volatile long dailyLimit = Tier.FREE.daily();
  private final Map<Long, Integer> appBurstLimits = new ConcurrentHashMap<>();

  PortalSettings(long portalId) {
    this.portalId = portalId;
  }

  public long portalId() {
    return portalId;
  }

  /**
   * Requests per rolling 10 s, for each app on this portal (burst budgets are per app), private and OAuth
   * alike. Unset, private apps get 100 and public OAuth apps 110, as HubSpot publishes.
   */
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

  /** The private-app burst budget. */
  public int burstLimit() {
    return burstLimit == null ? Tier.FREE.burstPer10s() : burstLimit;
  }

  int burstLimitFor(long appId, Credential.Kind kind) {
    Integer perApp = appBurstLimits.get(appId);
    if (perApp != null) {
      return perApp;
    }
    if (burstLimit != null) {
      return burstLimit;
    }
    return kind == Credential.Kind.OAUTH ? Tier.PUBLIC_APP.burstPer10s() : Tier.FREE.burstPer10s();
  }

  public long dailyLimit() {
    return dailyLimit;
  }
}
