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
 * @param dueNanos when the slot was due on this replica's monotonic clock ({@link System#nanoTime}), reckoned from
 *               when the limiter was asked, so never later than the true instant: now − dueNanos bounds the send lag
 */
public record Permit(String portalId, String appId, Lane lane, int permits, Instant slot, Duration waited,
    LimiterMode mode, long dueNanos) {

  /** The slot in µs on the deciding clock, as the limiter booked it. */
  long slotUs() {
    return slot.getEpochSecond() * 1_000_000 + slot.getNano() / 1_000;
  }
}
