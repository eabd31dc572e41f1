package io.hubgate.config;

/**
 * HubSpot's published API limits by plan (HUBSPOT.md §5.1): requests per rolling 10 s per (app, portal), and requests
 * per day per portal (0: none stated). Professional's daily cap is 625,000 on the limits page (650,000 in the
 * changelog): the lower one is used.
 */
public enum HubSpotTier {
  FREE(100, 250_000),
  STARTER(100, 250_000),
  PROFESSIONAL(190, 625_000),
  ENTERPRISE(190, 1_000_000),
  /** Enterprise with one API limit increase pack: 250 per 10 s (packs do not stack) and +1,000,000 a day. */
  API_LIMIT_INCREASE(250, 2_000_000),
  /** A public (marketplace) OAuth app: 110 per 10 s per installing portal, no daily cap stated. */
  PUBLIC_APP(110, 0);

  private final int burstLimit;
  private final long dailyLimit;

  HubSpotTier(int burstLimit, long dailyLimit) {
    this.burstLimit = burstLimit;
    this.dailyLimit = dailyLimit;
  }

  public int burstLimit() {
    return burstLimit;
  }

  public long dailyLimit() {
    return dailyLimit;
  }
}
