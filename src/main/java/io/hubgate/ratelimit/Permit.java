package io.hubgate.ratelimit;

import java.time.Duration;

/**
 * Granted slots: delivered when the last of the {@code permits} slots is due, so the caller may send them now.
 *
 * @param waited how long the limiter scheduled the caller (from decision to the last slot)
 * @param mode   how the decision was taken (REDIS, LOCAL_FALLBACK, ...), for logs and metrics
 */
public record Permit(String portalId, String appId, Lane lane, int permits, Duration waited, LimiterMode mode) {
}
