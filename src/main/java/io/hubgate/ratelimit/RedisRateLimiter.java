package io.hubgate.ratelimit;

import io.quarkus.logging.Log;
import io.hubgate.config.LuaScript;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The shared limiter: one {@link LimiterScripts#ACQUIRE} call per acquisition, Redis's clock, relative waits.
 * Used alone it fails when Redis does; {@link FailoverRateLimiter} adds the outage fallback.
 */
final class RedisRateLimiter extends ScheduledRateLimiter {

  private final Redis redis;
  private final PortalBudgets budgets;

  RedisRateLimiter(Redis redis, PortalBudgets budgets, LimiterSettings settings, PermitScheduler scheduler) {
    super(settings, scheduler);
    this.redis = redis;
    this.budgets = budgets;
  }

  @Override
  public Uni<Permit> acquire(String portalId, String appId, Lane lane, int permits) {
    return Uni.createFrom().deferred(() -> {
      long asked = scheduler.nanoTime();
      return reserve(portalId, appId, lane, permits, 0)
          .onItem().transformToUni(d -> scheduler.schedule(d, portalId, appId, lane, permits, LimiterMode.REDIS, asked));
    });
  }

  /** Used alone (tests): a renewal is one script call. */
  @Override
  public Uni<Permit> renew(Permit expired) {
    return Uni.createFrom().deferred(() -> {
      long asked = scheduler.nanoTime();
      return renewal(expired).onItem().transformToUni(d -> scheduler.schedule(d, expired.portalId(),
          expired.appId(), expired.lane(), expired.permits(), LimiterMode.REDIS, asked));
    });
  }

  /** Gives the expired permit's slot back and takes the earliest free one (see {@link AdmissionModel#reserve}). */
  Uni<Decision> renewal(Permit expired) {
    return reserveAt(OptionalLong.empty(), expired.portalId(), expired.appId(), expired.lane(), expired.permits(), 0,
        expired.slotUs());
  }

  Uni<Decision> reserve(String portalId, String appId, Lane lane, int permits, long notBeforeUs) {
    return reserveAt(OptionalLong.empty(), portalId, appId, lane, permits, notBeforeUs);
  }

  /** With {@code nowUs} present the script uses it instead of Redis TIME: for the property tests only. */
  Uni<Decision> reserveAt(OptionalLong nowUs, String portalId, String appId, Lane lane, int permits,
      long notBeforeUs) {
    return reserveAt(nowUs, portalId, appId, lane, permits, notBeforeUs, AdmissionModel.NEW);
  }

  /** {@code renewedSlotUs}: the slot of an expired permit given back in the same call, or {@link AdmissionModel#NEW}. */
  Uni<Decision> reserveAt(OptionalLong nowUs, String portalId, String appId, Lane lane, int permits,
      long notBeforeUs, long renewedSlotUs) {
    LocalRateLimiter.checkPermits(permits);
    var a = AdmissionLimits.of(budgets.forPortal(portalId), settings, lane);
    var keys = RedisKeys.of(settings.keyPrefix(), portalId, appId);
    return eval(LimiterScripts.ACQUIRE, List.of(keys.log(), keys.app(), keys.portal(), keys.search()), List.of(
        Integer.toString(permits),
        lane == Lane.INTERACTIVE ? "I" : lane == Lane.BULK ? "B" : "S",
        Integer.toString(a.limit()),
        Integer.toString(a.reservedForInteractive()),
        Long.toString(a.windowUs()),
        Long.toString(a.maxWaitUs()),
        Long.toString(a.dailyLimit()),
        Long.toString(a.tzOffsetSeconds()),
        Integer.toString(a.searchLimit()),
        Long.toString(a.searchWindowUs()),
        a.searchCountsTowardBurst() ? "1" : "0",
        Long.toString(Math.max(0, notBeforeUs)),
        override(nowUs),
        Long.toString(a.spacingUs()),
        renewedSlotUs == AdmissionModel.NEW ? "" : Long.toString(renewedSlotUs)))
        .map(RedisRateLimiter::decision);
  }

  @Override
  public Uni<Void> penalize(String portalId, String appId, String policyName, Optional<Duration> retryAfter) {
    return penalizeAt(OptionalLong.empty(), portalId, appId, policyName, retryAfter)
        .invoke(us -> scheduler.listener().penalized(portalId, policyName, Duration.ofNanos(us * 1_000)))
        .replaceWithVoid();
  }

  Uni<Long> penalizeAt(OptionalLong nowUs, String portalId, String appId, String policyName,
      Optional<Duration> retryAfter) {
    var a = AdmissionLimits.of(budgets.forPortal(portalId), settings, Lane.INTERACTIVE);
    var keys = RedisKeys.of(settings.keyPrefix(), portalId, appId);
    OptionalLong coolDown = LocalRateLimiter.micros(retryAfter);
    return eval(LimiterScripts.PENALIZE, List.of(keys.app(), keys.portal()), List.of(
        policyName == null ? "" : policyName,
        coolDown.isPresent() ? Long.toString(coolDown.getAsLong()) : "",
        Long.toString(a.windowUs()),
        Long.toString(a.tzOffsetSeconds()),
        Long.toString(a.searchWindowUs()),
        override(nowUs),
        Integer.toString(a.limit())))
        .map(Response::toLong);
  }

  @Override
  public Uni<Void> observe(String portalId, String appId, RateLimitHeaders headers) {
    return observeAt(OptionalLong.empty(), portalId, appId, headers)
        .invoke(n -> {
          if (n > 0) {
            scheduler.listener().externalUsage(portalId, n);
          }
        })
        .replaceWithVoid();
  }

  Uni<Long> observeAt(OptionalLong nowUs, String portalId, String appId, RateLimitHeaders h) {
    var a = AdmissionLimits.of(budgets.forPortal(portalId), settings, Lane.INTERACTIVE);
    var keys = RedisKeys.of(settings.keyPrefix(), portalId, appId);
    return eval(LimiterScripts.OBSERVE, List.of(keys.log(), keys.app(), keys.portal()), List.of(
        Long.toString(h.max().orElse(-1)),
        Long.toString(h.remaining().orElse(-1)),
        Long.toString(h.intervalMillis().orElse(-1)),
        Long.toString(h.daily().orElse(-1)),
        Long.toString(h.dailyRemaining().orElse(-1)),
        Long.toString(a.windowUs()),
        Long.toString(a.tzOffsetSeconds()),
        override(nowUs),
        Long.toString(a.marginUs())))
        .map(Response::toLong);
  }

  /**
   * Writes one portal's local admissions (µs offsets from now, negative for the past) into the shared logs, and
   * adds the requests admitted locally to the day count (raised first to the count last seen, in case Redis lost it).
   */
  Uni<Long> seed(String portalId, String appId, long[] burstOffsetsUs, long[] searchOffsetsUs, long lastKnownDayCount,
      long admittedLocally) {
    var a = AdmissionLimits.of(budgets.forPortal(portalId), settings, Lane.INTERACTIVE);
    var keys = RedisKeys.of(settings.keyPrefix(), portalId, appId);
    List<String> args = new ArrayList<>();
    args.add(Long.toString(a.windowUs()));
    args.add(Long.toString(a.searchWindowUs()));
    args.add(Long.toString(a.tzOffsetSeconds()));
    args.add(Long.toString(lastKnownDayCount));
    args.add(Long.toString(admittedLocally));
    args.add(Integer.toString(burstOffsetsUs.length));
    for (long o : burstOffsetsUs) {
      args.add(Long.toString(o));
    }
    for (long o : searchOffsetsUs) {
      args.add(Long.toString(o));
    }
    return eval(LimiterScripts.SEED, List.of(keys.log(), keys.portal(), keys.search()), args).map(Response::toLong);
  }

  @Override
  public Uni<BudgetUse> usage(String portalId, String appId) {
    return usageAt(OptionalLong.empty(), portalId, appId);
  }

  Uni<BudgetUse> usageAt(OptionalLong nowUs, String portalId, String appId) {
    PortalBudget budget = budgets.forPortal(portalId);
    var a = AdmissionLimits.of(budget, settings, Lane.INTERACTIVE);
    var keys = RedisKeys.of(settings.keyPrefix(), portalId, appId);
    return eval(LimiterScripts.USAGE, List.of(keys.log(), keys.portal()),
        List.of(Long.toString(budget.window().toNanos() / 1_000), Long.toString(a.tzOffsetSeconds()), override(nowUs)))
        .map(r -> new BudgetUse(r.get(0).toLong(), r.get(1).toLong(), r.get(2).toLong()));
  }

  /** Opens the shared recovery period (or joins the open one); returns the ms left in it. */
  Uni<Long> joinRecovery(long periodMs) {
    return eval(LimiterScripts.RECOVERY, List.of(settings.keyPrefix() + "recovering"),
        List.of(Long.toString(periodMs))).map(Response::toLong);
  }

  Uni<Void> ping() {
    return redis.send(Request.cmd(Command.PING)).replaceWithVoid();
  }

  @Override
  public LimiterMode mode() {
    return LimiterMode.REDIS;
  }

  private Uni<Response> eval(LuaScript script, List<String> keys, List<String> args) {
    return script.run(redis, keys, args);
  }

  private static String override(OptionalLong nowUs) {
    return nowUs.isPresent() ? Long.toString(nowUs.getAsLong()) : "";
  }

  private static Decision decision(Response r) {
    if (r.get(0).toLong() == 0) {
      return Decision.rejected(RejectReason.ofCode(r.get(1).toLong()), r.get(2).toLong(), r.get(3).toLong());
    }
    return Decision.granted(r.get(3).toLong(), r.get(2).toLong(), r.get(1).toLong());
  }

  /** A portal's keys; the {@code {portalId}} hash tag keeps them in one Redis Cluster slot. */
  record RedisKeys(String log, String app, String portal, String search) {

    static RedisKeys of(String prefix, String portalId, String appId) {
      if (portalId.indexOf('{') >= 0 || portalId.indexOf('}') >= 0) {
        throw new IllegalArgumentException("portal id must not contain braces: " + portalId);
      }
      String tag = prefix + "{" + portalId + "}:";
      return new RedisKeys(tag + "log:" + appId, tag + "app:" + appId, tag + "portal", tag + "search");
    }
  }
}
