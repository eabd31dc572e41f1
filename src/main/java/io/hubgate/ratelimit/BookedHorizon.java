package io.hubgate.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What this replica last heard from Redis about a lane being booked beyond its max wait: until when every new caller
 * of that (portal, app, lane) would be refused anyway. Such callers are refused here, without a round trip, so that
 * callers who ignore {@code Retry-After} cost a map lookup each, not a script call (and cannot crowd the admitted
 * sends off the event loop).
 *
 * <p>Why the refusal stays truthful: a refusal with retry-after r, asked at t, means the earliest slot was more than the
 * max wait away until at least t + r (the decision was taken after t). Time passing is the only thing that brings a
 * lane's earliest slot closer: new bookings, cool-downs and phantom slots only push it back; a renewal gives one slot
 * back and takes one. So until t + r a new caller would be refused too, and told to come back at about the same moment.
 * The horizon is dropped when it passes, and when a grant asked after it shows that room appeared (a lowered limit
 * given back, Redis restarted empty).
 */
final class BookedHorizon {

  private record Horizon(long untilNanos, long learnedNanos, RejectReason reason) {
  }

  private final Map<String, Horizon> horizons = new ConcurrentHashMap<>();
  private final LongSupplier nanoClock;

  BookedHorizon(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** The refusal to answer now without asking Redis, or {@code null} when Redis must be asked. */
  Decision refusal(String portalId, String appId, Lane lane) {
    String key = key(portalId, appId, lane);
    Horizon h = horizons.get(key);
    if (h == null) {
      return null;
    }
    long left = h.untilNanos() - nanoClock.getAsLong();
    if (left <= 0) {
      horizons.remove(key, h);
      return null;
    }
    return Decision.rejected(h.reason(), (left + 999) / 1_000, 0);
  }

  /** Redis answered a caller who asked at {@code askedNanos}; the newest question's answer wins. */
  void learn(String portalId, String appId, Lane lane, long askedNanos, Decision d) {
    horizons.compute(key(portalId, appId, lane), (k, h) -> {
      if (h != null && h.learnedNanos() > askedNanos) {
        return h;
      }
      return d.granted() ? null : new Horizon(askedNanos + d.retryAfterUs() * 1_000, askedNanos, d.reason());
    });
  }

  /** Forgets everything (Redis was lost or is back: what it said before may no longer hold). */
  void clear() {
    horizons.clear();
  }

  int size() {
    return horizons.size();
  }

  private static String key(String portalId, String appId, Lane lane) {
    return portalId + '\u0000' + appId + '\u0000' + lane.name();
  }
}
