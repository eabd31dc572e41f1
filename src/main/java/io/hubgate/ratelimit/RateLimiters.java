package io.hubgate.ratelimit;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;

/** The feature's entry point: builds the limiter for the embedded default or for a shared Redis. */
public final class RateLimiters {

  private RateLimiters() {
  }

  /** In-process limiter for a single replica without Redis ({@link LimiterMode#LOCAL}). */
  public static RateLimiter local(PortalBudgets budgets, LimiterSettings settings, RateLimiterListener listener) {
    return new LocalRateLimiter(budgets, settings, new PermitScheduler(SlotTimer.mutiny(), listener), MicroClock.SYSTEM);
  }

  /**
   * Shared limiter on Redis, with the outage fallback (REDIS, LOCAL_FALLBACK, RECOVERING). Callers are scheduled with
   * {@code vertx} timers. The client's pool should allow as many waiting requests as callers may acquire at once
   * ({@code RedisOptions.setMaxPoolWaiting}), and connect within about {@link LimiterSettings#redisTimeout()}.
   */
  public static RateLimiter redis(Vertx vertx, Redis redis, PortalBudgets budgets, LimiterSettings settings,
      RateLimiterListener listener) {
    var scheduler = new PermitScheduler(SlotTimer.vertx(vertx), listener);
    return new FailoverRateLimiter(new RedisRateLimiter(redis, budgets, settings, scheduler), budgets, settings,
        scheduler, MicroClock.SYSTEM);
  }
}
