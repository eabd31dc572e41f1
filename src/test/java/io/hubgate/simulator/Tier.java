package io.hubgate.simulator;

/**
 * HubSpot's published limit presets (HUBSPOT.md §5.1): burst per app per rolling 10 s, daily per portal.
 * The 2023 values are kept for tests that reproduce older portals.
 */
public enum Tier {
  FREE(100, 250_000),
  STARTER(100, 250_000),
  PROFESSIONAL(190, 625_000),
  ENTERPRISE(190, 1_000_000),
  API_LIMIT_INCREASE(250, 2_000_000),
  /** Public OAuth apps: 110 per installing account; HubSpot states no daily cap, so a large one. */
  PUBLIC_APP(110, Long.MAX_VALUE),
  LEGACY_OAUTH_2023(100, Long.MAX_VALUE),
  LEGACY_PROFESSIONAL_2023(150, 500_000),
  LEGACY_LIMIT_INCREASE_2023(200, 1_000_000);

  private final int burstPer10s;
  private final long daily;

  Tier(int burstPer10s, long daily) {
    this.burstPer10s = burstPer10s;
    this.daily = daily;
  }

  public int burstPer10s() {
    return burstPer10s;
  }

  public long daily() {
    return daily;
  }
}
