package io.hubgate.portals;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.hubgate.config.HubSpotTier;
import io.hubgate.config.HubgateConfig;
import io.hubgate.ratelimit.PortalBudget;
import io.hubgate.ratelimit.PortalBudgets;

/**
 * Each portal's HubSpot budget from configuration: {@code burst-limit} and {@code daily-limit} when set, else its
 * {@code tier}'s published limits, else {@code hubgate.ratelimit.default-tier}'s. HubSpot's token endpoint has a budget of its
 * own under a key no portal has ({@code hubgate.oauth.token-endpoint-burst-limit}).
 */
public final class ConfiguredPortalBudgets implements PortalBudgets {

  /** The limiter key of HubSpot's token endpoint: never a HubSpot portal id (those are numbers). */
  public static final String TOKEN_ENDPOINT = "oauth-token";

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
    if (TOKEN_ENDPOINT.equals(portalId)) {
      return PortalBudget.of(config.oauth().tokenEndpointBurstLimit(), 0);
    }
    HubgateConfig.Portal portal = config.portals().get(portalId);
    HubSpotTier tier = portal == null ? config.ratelimit().defaultTier()
        : portal.tier().orElse(config.ratelimit().defaultTier());
    int burst = portal == null ? tier.burstLimit() : portal.burstLimit().orElse(tier.burstLimit());
    long daily = portal == null ? tier.dailyLimit() : portal.dailyLimit().orElse(tier.dailyLimit());
    return PortalBudget.of(burst, daily);
  }
}
