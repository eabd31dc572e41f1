package io.hubgate.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * Granted slots: delivered when they are due, so the caller sends its {@code permits} requests now (a group shares
 * one instant; the limiter made room for all of them in every window around it).
 *
 * @param slot   the planned send time on the deciding clock (Redis TIME, or this replica's clock when local):
 *               send time − slot is the send lag that the safety margin must cover
 * @param waited how long the limiter scheduled the caller
 * @param mode   how the decision was taken (REDIS, LOCAL_FALLBACK, ...), for logs and metrics
 */
public record Permit(String portalId, String appId, Lane lane, int permits, Instant slot, Duration waited,
    LimiterMode mode) {
}
