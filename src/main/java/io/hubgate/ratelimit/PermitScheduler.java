package io.hubgate.ratelimit;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;

/** Turns a decision into what the caller sees: a permit at its slot, or the rejection; and tells the listener. */
final class PermitScheduler {

  private final SlotTimer timer;
  private final RateLimiterListener listener;

  PermitScheduler(SlotTimer timer, RateLimiterListener listener) {
    this.timer = timer;
    this.listener = listener;
  }

  /** {@code askedNanos}: {@link System#nanoTime} before the limiter was asked (the decision was taken after it). */
  Uni<Permit> schedule(Decision d, String portalId, String appId, Lane lane, int permits, LimiterMode mode,
      long askedNanos) {
    if (!d.granted()) {
      listener.rejected(portalId, lane, d.reason());
      return Uni.createFrom().failure(
          new RateLimitExceededException(Duration.ofNanos(Math.max(1, d.retryAfterUs()) * 1_000), d.reason()));
    }
    long waitUs = Math.max(0, d.waitUs());
    Duration wait = Duration.ofNanos(waitUs * 1_000);
    listener.granted(portalId, lane, permits, wait, mode);
    var slot = Instant.ofEpochSecond(0, Math.multiplyExact(d.slotUs(), 1_000L));
    var permit = new Permit(portalId, appId, lane, permits, slot, wait, mode, askedNanos + waitUs * 1_000);
    return timer.after(waitUs).replaceWith(permit);
  }

  /**
   * Tells the listener how long after its slot a permit's call is leaving (now), and whether that is later than
   * {@code lateAfterNanos} (its slot is then moved); returns the lag.
   */
  long sent(Permit permit, long lateAfterNanos) {
    long lagNanos = Math.max(0, System.nanoTime() - permit.dueNanos());
    listener.sent(permit.portalId(), Duration.ofNanos(lagNanos), lagNanos > lateAfterNanos);
    return lagNanos;
  }

  RateLimiterListener listener() {
    return listener;
  }
}
