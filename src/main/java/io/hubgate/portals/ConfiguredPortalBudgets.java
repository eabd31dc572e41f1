package io.hubgate.portals;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.hubgate.config.HubSpotTier;
import io.hubgate.config.HubgateConfig;
import io.hubgate.ratelimit.PortalBudget;
import io.hubgate.ratelimit.PortalBudgets;

/**
 * Each portal's HubSpot budget from configuration: {@code burst-limit} and {@code daily-limit} when set, else its
 * {@code tier}'s published limits, else {@code hubgate.ratelimit.default-tier}'s.
 */
public final class ConfiguredPortalBudgets implements PortalBudgets {

  private final HubgateConfig config;
  private final Map<String, PortalBudget> resolved = new ConcurrentHashMap<>();

  public ConfiguredPortalBudgets(HubgateConfig config) {
    this.config = config;
  }

  @Override
  public PortalBudget forPortal(String portalId) {
    return resolved.computeIfAbsent(portalId, this::resolve);
  }

  private PortalBudget resolve(String portalId) {
    HubgateConfig.Portal portal = config.portals().get(portalId);
    HubSpotTier tier = portal == null ? config.ratelimit().defaultTier()
        : portal.tier().orElse(config.ratelimit().defaultTier());
    int burst = portal == null ? tier.burstLimit() : portal.burstLimit().orElse(tier.burstLimit());
    long daily = portal == null ? tier.dailyLimit() : portal.dailyLimit().orElse(tier.dailyLimit());
    return PortalBudget.of(burst, daily);
  }

  /** The app id whose (app, portal) window a portal's calls use. */
  public String appId(String portalId) {
    HubgateConfig.Portal portal = config.portals().get(portalId);
    return portal == null ? "private" : portal.appId();
  }
}
