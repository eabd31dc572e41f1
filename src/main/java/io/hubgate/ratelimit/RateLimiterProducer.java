package io.hubgate.ratelimit;

import io.hubgate.config.SharedRedis;
import java.time.Duration;
import java.util.List;


import io.hubgate.config.HubgateConfig;
import io.hubgate.portals.ConfiguredPortalBudgets;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/**
 * Chooses the limiter by configuration alone: shared in Redis (with the local fallback during outages) when
 * {@code quarkus.redis.hosts} is set, else in-process for a single replica. The Redis client is looked up lazily, so it
 * is never created without hosts.
 */
@ApplicationScoped
class RateLimiterProducer {

  @Produces
  @ApplicationScoped
  ConfiguredPortalBudgets portalBudgets(HubgateConfig config) {
    return new ConfiguredPortalBudgets(config);
  }

  /** Created at start (on the main thread, where the warm-up may block), not by the first caller on an event loop. */
  @Produces
  @ApplicationScoped
  @Startup
  RateLimiter rateLimiter(HubgateConfig config, ConfiguredPortalBudgets configured, Vertx vertx, Instance<Redis> redis,
      MeterRegistry registry) {
    LimiterSettings settings = settings(config.ratelimit());
    PortalBudgets budgets = BudgetGauges.exporting(configured, registry);
    if (SharedRedis.configured()) {
      Log.infof("HubSpot rate limiter: shared in Redis (safety margin %s, local share 1/%d during outages)",
          settings.safetyMargin(), settings.maxReplicas());
      var listener = new MicrometerRateLimiterListener(registry, LimiterMode.REDIS);
      warmUp(redis.get());
      return RateLimiters.redis(vertx, redis.get(), budgets, settings, listener);
    }
    Log.infof("HubSpot rate limiter: in-process (no quarkus.redis.hosts): one replica only, safety margin %s",
        settings.safetyMargin());
    return RateLimiters.local(budgets, settings, new MicrometerRateLimiterListener(registry, LimiterMode.LOCAL));
  }

  /**
   * Opens the pool's first connection and loads the scripts before the first caller: otherwise the first acquisitions
   * pay connection set-up and EVAL within the limiter's short Redis timeout, and a cold start on a busy node can be
   * taken for an outage (and its quarantine). Runs once while the bean is created; a Redis that is down now is not
   * fatal: the limiter starts in REDIS mode and falls back on its first call.
   */
  private static void warmUp(Redis redis) {
    try {
      redis.send(Request.cmd(Command.PING)).await().atMost(Duration.ofSeconds(5));
      for (var script : List.of(LimiterScripts.ACQUIRE, LimiterScripts.PENALIZE, LimiterScripts.OBSERVE,
          LimiterScripts.SEED, LimiterScripts.RECOVERY, LimiterScripts.USAGE)) {
        redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(script.source())).await().atMost(Duration.ofSeconds(5));
      }
    } catch (RuntimeException e) {
      Log.warnf("Redis did not answer at start (%s): the rate limiter starts and falls back to local shares if needed",
          e.toString());
    }
  }

  static LimiterSettings settings(HubgateConfig.RateLimit c) {
    return new LimiterSettings(c.safetyMargin(), c.maxWait(), c.bulkMaxWait(), c.interactiveReserve(), c.maxReplicas(),
        c.redisTimeout(), c.probeInterval(), c.searchCountsTowardBurst(), c.keyPrefix(),
        c.spacing(), c.sendLagShare());
  }
}
