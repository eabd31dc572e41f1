package io.hubgate.ratelimit;

import org.eclipse.microprofile.config.ConfigProvider;

import io.hubgate.config.HubgateConfig;
import io.hubgate.portals.ConfiguredPortalBudgets;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
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

  @Produces
  @ApplicationScoped
  RateLimiter rateLimiter(HubgateConfig config, ConfiguredPortalBudgets budgets, Vertx vertx, Instance<Redis> redis,
      MeterRegistry registry) {
    LimiterSettings settings = settings(config.ratelimit());
    if (redisConfigured()) {
      Log.infof("HubSpot rate limiter: shared in Redis (safety margin %s, local share 1/%d during outages)",
          settings.safetyMargin(), settings.maxReplicas());
      var listener = new MicrometerRateLimiterListener(registry, LimiterMode.REDIS);
      return RateLimiters.redis(vertx, redis.get(), budgets, settings, listener);
    }
    Log.infof("HubSpot rate limiter: in-process (no quarkus.redis.hosts): one replica only, safety margin %s",
        settings.safetyMargin());
    return RateLimiters.local(budgets, settings, new MicrometerRateLimiterListener(registry, LimiterMode.LOCAL));
  }

  static LimiterSettings settings(HubgateConfig.RateLimit c) {
    return new LimiterSettings(c.safetyMargin(), c.maxWait(), c.bulkMaxWait(), c.interactiveReserve(), c.maxReplicas(),
        c.redisTimeout(), c.probeInterval(), c.searchCountsTowardBurst(), c.keyPrefix());
  }

  private static boolean redisConfigured() {
    return ConfigProvider.getConfig().getOptionalValue("quarkus.redis.hosts", String.class)
        .filter(h -> !h.isBlank())
        .isPresent();
  }
}
