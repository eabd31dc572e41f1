/**
 * Admission for outbound HubSpot calls: one portal budget shared by every replica.
 *
 * <p>Entry points: {@link io.hubgate.ratelimit.RateLimiter} (acquire, penalize, observe, mode) built by
 * {@link io.hubgate.ratelimit.RateLimiters#local} (embedded, no Redis) or {@link io.hubgate.ratelimit.RateLimiters#redis}
 * (shared, with the outage fallback); budgets come from {@link io.hubgate.ratelimit.PortalBudgets}, tuning from
 * {@link io.hubgate.ratelimit.LimiterSettings}, metrics through {@link io.hubgate.ratelimit.RateLimiterListener}
 * ({@link io.hubgate.ratelimit.MicrometerRateLimiterListener}).
 *
 * <p>The algorithm (../shared/RATE-LIMITING.md §2, §6 R1, R4, R5): an exact log of slot times per (app, portal); a
 * request gets the earliest slot, at or after its lane's floor, that keeps at most L slots in every window of
 * W + δ. Interactive requests are FIFO among themselves and may go before booked bulk slots; bulk is FIFO behind
 * everything and stops at L minus the interactive reserve; search has its own per-portal log. {@code SlotLog} is
 * the arithmetic, {@code AdmissionModel} the whole decision in Java, {@code LimiterScripts} the same in Lua, and the
 * property tests hold the two to identical answers.
 *
 * <p>The invariant, as HubSpot counts on arrival: at most L requests arrive in any window of W. It holds because (1)
 * the slots keep at most L in every window of W + δ, and (2) every request arrives within [slot, slot + δ]: a permit
 * is good only until {@code sendLagShare}·δ after its slot, checked when the request is about to be written
 * ({@link io.hubgate.ratelimit.RateLimiter#sending}); a call not written by then is not sent on it but renewed
 * ({@link io.hubgate.ratelimit.RateLimiter#renew}: its slot given back and the earliest free slot taken, ahead of its
 * lane's queue, in one decision); the rest of δ, (1 − sendLagShare)·δ, must cover the way from the write to HubSpot's
 * count (network, TLS, HubSpot's edge). Then any W-window of arrivals (t − W, t] holds only requests with slots in
 * (t − W − δ, t], a window of W + δ: at most L. No load, however late it makes the replica, can break (2); it only
 * costs renewals (metric {@code expired.permits}).
 *
 * <p>Refusing is cheap: while Redis decides, a replica that heard from Redis that a lane is booked beyond the max wait
 * until some moment refuses that lane's callers itself until then ({@code BookedHorizon}), with the remaining
 * Retry-After, so callers who ignore Retry-After cost no Redis round trip each.
 *
 * <p>Redis keys, all under the portal's hash tag: {@code <prefix>{portal}:log:<app>} (sorted set of slots),
 * {@code <prefix>{portal}:app:<app>} (cool-down, newest interactive slot, HubSpot's Max),
 * {@code <prefix>{portal}:portal} (day and count, daily and search cool-downs, clock guard, member counter),
 * {@code <prefix>{portal}:search} (sorted set); plus {@code <prefix>recovering} after an outage. Every key expires.
 */
package io.hubgate.ratelimit;
