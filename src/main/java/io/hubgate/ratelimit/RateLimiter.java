package io.hubgate.ratelimit;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Optional;

/**
 * Admission for outbound HubSpot calls, one portal budget shared by every replica.
 *
 * <p>Every HTTP attempt, retries included, needs its own permit. {@link #acquire} reserves the earliest slots that
 * keep at most L requests in ANY rolling window of W + δ (an exact log, not a bucket) and completes when they are due:
 * callers are scheduled by a timer, never spin. Waiting callers are served in arrival order (per lane).
 */
public interface RateLimiter {

  /**
   * Reserves {@code permits} slots for one app on one portal.
   *
   * @return a Uni that completes with the permit when the last reserved slot is due, or fails with
   *     {@link RateLimitExceededException} (nothing reserved) when that would be later than the lane's max wait
   */
  Uni<Permit> acquire(String portalId, String appId, Lane lane, int permits);

  default Uni<Permit> acquire(String portalId, String appId, Lane lane) {
    return acquire(portalId, appId, lane, 1);
  }

  /**
   * HubSpot answered 429: every replica pauses the budget that was hit (a shared cool-down). {@code policyName}
   * from the body picks the budget: {@code TEN_SECONDLY_ROLLING} (and anything unknown) the (app, portal) window,
   * {@code DAILY} the portal until its midnight, {@code SECONDLY} the portal's search lane.
   *
   * @param retryAfter HubSpot's {@code Retry-After} when present (not promised); else a full window
   */
  Uni<Void> penalize(String portalId, String appId, String policyName, Optional<Duration> retryAfter);

  /**
   * Corrects the model from a response's rate-limit headers: usage HubSpot counts that we did not admit (another
   * integration on the same app token) is booked as phantom slots, a lower {@code Max} is adopted (never a higher
   * one), and the daily count is raised to HubSpot's.
   */
  Uni<Void> observe(String portalId, String appId, RateLimitHeaders headers);

  /**
   * The permit's call is about to be written to HubSpot (call this at that moment, with the connection in hand).
   * {@code true}: send it now. {@code false}: the permit has expired, the call is leaving more than the permit's
   * validity (a share of δ) after its slot, where HubSpot could count it in a window already full: do not send it on
   * this permit, {@link #renew} it. Local and cheap; the send lag is a metric.
   */
  default boolean sending(Permit permit) {
    return true;
  }

  /**
   * An expired permit: its slot is given back and the call takes the earliest free slot from now, ahead of its lane's
   * queue (it keeps its place in the lane's order), without counting again toward the day. Completes when the new
   * slot is due, or fails with {@link RateLimitExceededException} when that is beyond the lane's max wait.
   */
  default Uni<Permit> renew(Permit expired) {
    return acquire(expired.portalId(), expired.appId(), expired.lane(), expired.permits());
  }

  /**
   * The call of an expired permit gives up (renewed too often: the replica cannot send on time). It is answered as a
   * refusal, so it is counted as one ({@link RejectReason#SEND_LAG}); the expired slot stays booked, unused.
   */
  default void abandon(Permit expired) {
  }

  /**
   * The (app, portal) window's use over the portal's burst window ending now, the slots booked after now and the
   * day's count: read-only, for the console (one Redis call when shared).
   */
  Uni<BudgetUse> usage(String portalId, String appId);

  /** How this replica decides right now. */
  LimiterMode mode();
}
