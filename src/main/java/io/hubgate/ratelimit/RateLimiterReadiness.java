package io.hubgate.ratelimit;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Readiness detail {@code mode}: REDIS, LOCAL (no Redis configured), or the degraded LOCAL_FALLBACK and RECOVERING.
 * Degraded modes stay UP (the replica keeps serving within its share of the budget) and say so: {@code degraded: true}.
 */
@Readiness
@ApplicationScoped
class RateLimiterReadiness implements HealthCheck {

  private final RateLimiter limiter;

  RateLimiterReadiness(RateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public HealthCheckResponse call() {
    LimiterMode mode = limiter.mode();
    boolean degraded = mode == LimiterMode.LOCAL_FALLBACK || mode == LimiterMode.RECOVERING;
    return HealthCheckResponse.named("hubspot-rate-limiter")
        .up()
        .withData("mode", mode.name())
        .withData("degraded", degraded)
        .build();
  }
}
