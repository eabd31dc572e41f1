package io.hubgate.ratelimit;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/** Turns a decision into what the caller sees: a permit at its slot, or the rejection; and tells the listener. */
final class PermitScheduler {

  private final SlotTimer timer;
  private final RateLimiterListener listener;
  private final LongSupplier nanoClock;

  PermitScheduler(SlotTimer timer, RateLimiterListener listener) {
    this(timer, listener, System::nanoTime);
  }

  /** {@code nanoClock}: this replica's monotonic clock ({@link System#nanoTime}; a controllable one in tests). */
  PermitScheduler(SlotTimer timer, RateLimiterListener listener, LongSupplier nanoClock) {
    this.timer = timer;
    this.listener = listener;
    this.nanoClock = nanoClock;
  }

  long nanoTime() {
    return nanoClock.getAsLong();
  }

  /** {@code askedNanos}: {@link #nanoTime} before the limiter was asked (the decision was taken after it). */
  Uni<Permit> schedule(Decision d, String portalId, String appId, Lane lane, int permits, LimiterMode mode,
      long askedNanos) {
    if (!d.granted()) {
      listener.rejected(portalId, lane, d.reason());
      return refusal(d);
    }
    long waitUs = Math.max(0, d.waitUs());
    Duration wait = Duration.ofNanos(waitUs * 1_000);
    listener.granted(portalId, lane, permits, wait, mode);
    var slot = Instant.ofEpochSecond(0, Math.multiplyExact(d.slotUs(), 1_000L));
    var permit = new Permit(portalId, appId, lane, permits, slot, wait, mode, askedNanos + waitUs * 1_000);
    return timer.after(waitUs)
        .onSubscription().invoke(() -> listener.waiting(portalId, 1))
        .onTermination().invoke(() -> listener.waiting(portalId, -1))
        .replaceWith(permit);
  }

  /** A refusal this replica answered from what Redis told it before (no round trip). */
  Uni<Permit> refuseFromHorizon(Decision d, String portalId, Lane lane) {
    listener.refusedFromHorizon(portalId, lane, d.reason());
    return refusal(d);
  }

  private static Uni<Permit> refusal(Decision d) {
    return Uni.createFrom().failure(
        new RateLimitExceededException(Duration.ofNanos(Math.max(1, d.retryAfterUs()) * 1_000), d.reason()));
  }

  /**
   * The permit's call is about to leave (now): tells the listener how long after its slot, and whether that is later
   * than the permit's {@code validityNanos} (expired); returns whether it may still be sent on this permit.
   */
  boolean onTime(Permit permit, long validityNanos) {
    long lagNanos = Math.max(0, nanoTime() - permit.dueNanos());
    boolean expired = lagNanos > validityNanos;
    listener.sent(permit.portalId(), Duration.ofNanos(lagNanos), expired);
    return !expired;
  }

  RateLimiterListener listener() {
    return listener;
  }
}
