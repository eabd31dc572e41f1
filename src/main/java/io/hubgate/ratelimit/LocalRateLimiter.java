package io.hubgate.ratelimit;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The embedded default (no Redis): the same exact log and lanes in process, for one replica. Decisions take a short
 * per-portal lock (no I/O inside); callers are then scheduled by a timer.
 */
final class LocalRateLimiter extends ScheduledRateLimiter {

  private final AdmissionModel model = new AdmissionModel();
  private final PortalBudgets budgets;
  private final LongSupplier clockUs;

  LocalRateLimiter(PortalBudgets budgets, LimiterSettings settings, PermitScheduler scheduler, LongSupplier clockUs) {
    super(settings, scheduler);
    this.budgets = budgets;
    this.clockUs = clockUs;
  }

  @Override
  public Uni<Permit> acquire(String portalId, String appId, Lane lane, int permits) {
    return Uni.createFrom().deferred(() -> {
      long asked = scheduler.nanoTime();
      Decision d = reserve(portalId, appId, lane, permits);
      return scheduler.schedule(d, portalId, appId, lane, permits, LimiterMode.LOCAL, asked);
    });
  }

  /** The decision alone, without waiting for the slot (tests and the property oracle). */
  Decision reserve(String portalId, String appId, Lane lane, int permits) {
    checkPermits(permits);
    var limits = AdmissionLimits.of(budgets.forPortal(portalId), settings, lane);
    return model.reserve(clockUs.getAsLong(), portalId, appId, lane, permits, limits, 0);
  }

  @Override
  public Uni<BudgetUse> usage(String portalId, String appId) {
    return Uni.createFrom().item(() -> usage(model, clockUs.getAsLong(), budgets, settings, portalId, appId));
  }

  /** Over HubSpot's window (not the limiter's W + δ), so that the console counts as HubSpot does. */
  static BudgetUse usage(AdmissionModel model, long nowUs, PortalBudgets budgets, LimiterSettings settings,
      String portalId, String appId) {
    PortalBudget budget = budgets.forPortal(portalId);
    var limits = AdmissionLimits.of(budget, settings, Lane.INTERACTIVE);
    return model.usage(nowUs, portalId, appId, budget.window().toNanos() / 1_000, limits.tzOffsetSeconds());
  }

  @Override
  public Uni<Void> penalize(String portalId, String appId, String policyName, Optional<Duration> retryAfter) {
    return Uni.createFrom().item(() -> {
      var limits = AdmissionLimits.of(budgets.forPortal(portalId), settings, Lane.INTERACTIVE);
      long coolDown = model.penalize(clockUs.getAsLong(), portalId, appId, policyName, micros(retryAfter), limits);
      scheduler.listener().penalized(portalId, policyName, Duration.ofNanos(coolDown * 1_000));
      return null;
    });
  }

  @Override
  public Uni<Void> observe(String portalId, String appId, RateLimitHeaders headers) {
    return Uni.createFrom().item(() -> {
      var limits = AdmissionLimits.of(budgets.forPortal(portalId), settings, Lane.INTERACTIVE);
      long phantoms = model.observe(clockUs.getAsLong(), portalId, appId, headers, limits);
      if (phantoms > 0) {
        scheduler.listener().externalUsage(portalId, phantoms);
      }
      return null;
    });
  }

  @Override
  public Uni<Permit> renew(Permit expired) {
    return Uni.createFrom().deferred(() -> {
      long asked = scheduler.nanoTime();
      var limits = AdmissionLimits.of(budgets.forPortal(expired.portalId()), settings, expired.lane());
      Decision d = model.reserve(clockUs.getAsLong(), expired.portalId(), expired.appId(), expired.lane(),
          expired.permits(), limits, 0, expired.slotUs());
      return scheduler.schedule(d, expired.portalId(), expired.appId(), expired.lane(), expired.permits(),
          LimiterMode.LOCAL, asked);
    });
  }

  @Override
  public LimiterMode mode() {
    return LimiterMode.LOCAL;
  }

  static OptionalLong micros(Optional<Duration> d) {
    return d.map(x -> OptionalLong.of(x.toNanos() / 1_000)).orElse(OptionalLong.empty());
  }

  static void checkPermits(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be at least 1");
    }
  }
}
