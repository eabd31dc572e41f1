package io.hubgate.ratelimit;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * One portal's HubSpot limits (HUBSPOT.md §5.1).
 *
 * @param burstLimit      requests per rolling {@code window}, per (app, portal): 100, 110, 190 or 250 at HubSpot
 * @param window          HubSpot's rolling window, 10 s ({@code TEN_SECONDLY_ROLLING}); shorter in tests
 * @param dailyLimit      requests per calendar day per portal, shared by all apps; 0 or less means none (public OAuth apps)
 * @param searchPerSecond CRM search requests per second per portal (5)
 * @param dailyResetZone  the portal's time-zone setting: HubSpot resets the daily count at its midnight
 */
public record PortalBudget(int burstLimit, Duration window, long dailyLimit, int searchPerSecond, ZoneId dailyResetZone) {

  public static final Duration HUBSPOT_WINDOW = Duration.ofSeconds(10);

  public PortalBudget {
    if (burstLimit < 1 || searchPerSecond < 1) {
      throw new IllegalArgumentException("burstLimit and searchPerSecond must be at least 1");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive");
    }
  }

  /** HubSpot's shape: {@code burstLimit} per 10 s, {@code dailyLimit} per UTC day, 5 searches a second. */
  public static PortalBudget of(int burstLimit, long dailyLimit) {
    return new PortalBudget(burstLimit, HUBSPOT_WINDOW, dailyLimit, 5, ZoneOffset.UTC);
  }
}
