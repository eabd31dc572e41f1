package io.hubgate.ratelimit;

import java.time.Duration;

/**
 * Hooks for metrics, per portal. Called on whatever thread decided (often a Vert.x event loop): keep them cheap and
 * non-blocking. Every method has a no-op default.
 */
public interface RateLimiterListener {

  RateLimiterListener NONE = new RateLimiterListener() { };

  /** Permits granted, with the wait until the last slot. */
  default void granted(String portalId, Lane lane, int permits, Duration wait, LimiterMode mode) {
  }

  /** {@code +1} when a granted caller starts waiting for its slot on this replica, {@code -1} when the wait ends. */
  default void waiting(String portalId, int delta) {
  }

  /** An acquisition refused because it would wait longer than the max wait (or the daily cap is spent). */
  default void rejected(String portalId, Lane lane, RejectReason reason) {
  }

  /**
   * The same refusal answered by this replica alone: Redis's last answer showed the lane booked beyond the max wait
   * until a moment not yet reached (no round trip per refused caller).
   */
  default void refusedFromHorizon(String portalId, Lane lane, RejectReason reason) {
  }

  /** HubSpot answered 429 ({@code policyName}); the budget is paused for {@code coolDown} on every replica. */
  default void penalized(String portalId, String policyName, Duration coolDown) {
  }

  /** Headers showed usage we did not admit: {@code phantomSlots} were booked for it. */
  default void externalUsage(String portalId, long phantomSlots) {
  }

  /**
   * A permit's call was about to leave {@code lag} after its slot; {@code expired}: too late to be sent on it (the
   * permit was renewed instead).
   */
  default void sent(String portalId, Duration lag, boolean expired) {
  }

  /** The replica switched between REDIS, LOCAL_FALLBACK and RECOVERING. */
  default void modeChanged(LimiterMode from, LimiterMode to) {
  }
}
