package io.hubgate.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * HubSpot's three limits: burst per (portal, app) over a rolling 10 s, daily per portal shared by all apps,
 * and search per portal over a rolling second. Windows run on {@link System#nanoTime()}, never on the test
 * clock; the daily count follows the test clock's UTC day so that a test can roll it over (HubSpot resets at
 * midnight in the portal's time zone).
 */
final class RateLimits {

  static final long TEN_SECONDS_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final long ONE_SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);

  enum Policy { TEN_SECONDLY_ROLLING, DAILY, SECONDLY }

  /** The outcome of one request against the limits, with what the rate headers report. */
  record Verdict(Policy rejectedBy, int max, int remaining, long dailyMax, long dailyRemaining,
      long retryAfterNanos) {
    boolean admitted() {
      return rejectedBy == null;
    }
  }

  private final SimulatorOptions options;
  private final Portals portals;
  private final Map<String, RollingWindow> burst = new ConcurrentHashMap<>();
  private final Map<Long, RollingWindow> search = new ConcurrentHashMap<>();
  private final Map<Long, DailyCount> daily = new ConcurrentHashMap<>();

  RateLimits(SimulatorOptions options, Portals portals) {
    this.options = options;
    this.portals = portals;
  }

  Verdict acquire(long portalId, long appId, Credential.Kind kind, long nowNanos, Instant wallNow) {
    LocalDate day = LocalDate.ofInstant(wallNow, ZoneOffset.UTC);
    PortalSettings settings = portals.settings(portalId);
    DailyCount today = daily.computeIfAbsent(portalId, id -> new DailyCount());
    long dailyMax = settings.dailyLimit();
    if (today.used(day) >= dailyMax) {
      return new Verdict(Policy.DAILY, settings.burstLimitFor(appId, kind), 0, dailyMax, 0, untilMidnight(wallNow));
    }
    int max = settings.burstLimitFor(appId, kind);
    RollingWindow.Decision decision = burstWindow(portalId, appId)
        .tryAcquire(nowNanos, max, options.rejectedCountInWindow());
    if (!decision.admitted()) {
      return new Verdict(Policy.TEN_SECONDLY_ROLLING, max, 0, dailyMax, dailyMax - today.used(day),
          decision.retryAfterNanos());
    }
    long used = today.increment(day);
    return new Verdict(null, max, decision.remaining(), dailyMax, Math.max(0, dailyMax - used), 0);
  }

  /** Search has its own per-portal budget and no burst accounting; it still counts toward the day. */
  Verdict acquireSearch(long portalId, long nowNanos, Instant wallNow) {
    LocalDate day = LocalDate.ofInstant(wallNow, ZoneOffset.UTC);
    PortalSettings settings = portals.settings(portalId);
    DailyCount today = daily.computeIfAbsent(portalId, id -> new DailyCount());
    if (today.used(day) >= settings.dailyLimit()) {
      return new Verdict(Policy.DAILY, 0, 0, settings.dailyLimit(), 0, untilMidnight(wallNow));
    }
    RollingWindow.Decision decision = search.computeIfAbsent(portalId, id -> new RollingWindow(ONE_SECOND_NANOS))
        .tryAcquire(nowNanos, options.searchPerSecond(), options.rejectedCountInWindow());
    if (!decision.admitted()) {
      return new Verdict(Policy.SECONDLY, options.searchPerSecond(), 0, settings.dailyLimit(), 0,
          decision.retryAfterNanos());
    }
    today.increment(day);
    return new Verdict(null, options.searchPerSecond(), decision.remaining(), settings.dailyLimit(), 0, 0);
  }

  /** The daily budget returns at the next UTC midnight of the simulator's clock. */
  private static long untilMidnight(Instant wallNow) {
    Instant midnight = LocalDate.ofInstant(wallNow, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return Duration.between(wallNow, midnight).toNanos();
  }

  RollingWindow burstWindow(long portalId, long appId) {
    return burst.computeIfAbsent(portalId + ":" + appId, key -> new RollingWindow(TEN_SECONDS_NANOS));
  }

  long dailyUsed(long portalId, LocalDate day) {
    DailyCount count = daily.get(portalId);
    return count == null ? 0 : count.used(day);
  }

  void reset() {
    burst.clear();
    search.clear();
    daily.clear();
  }

  /** A per-portal counter that starts again when the day changes. */
  private static final class DailyCount {
    private LocalDate day;
    private long used;

    synchronized long used(LocalDate today) {
      return today.equals(day) ? used : 0;
    }

    synchronized long increment(LocalDate today) {
      if (!today.equals(day)) {
        day = today;
        used = 0;
      }
      return ++used;
    }
  }
}
