package io.hubgate.ratelimit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference algorithm in plain Java, state for every portal in memory. {@link LocalRateLimiter} runs on it, and
 * the property tests use it as the oracle for the Lua script, which mirrors it statement by statement (keep them in
 * step: a change here is a change in {@link LimiterScripts#ACQUIRE}, {@code acquire.lua} beside this package).
 *
 * <p>Per portal: a daily count, a daily and a search cool-down, the search log, and per app the rolling log, the
 * window cool-down, the newest interactive slot and HubSpot's {@code Max} if lower. A slot is
 * {@code s = firstFree(max(now, lane floor, cool-down))} where the lane floor keeps each lane FIFO: interactive after
 * the previous interactive slot (so it may slip in before booked bulk slots), bulk after the newest slot of any lane
 * (with the smaller bulk limit), search after the previous search. Interactive and bulk slots are also at least the
 * spacing after the lane's previous slot.
 */
final class AdmissionModel {

  private final Map<String, PortalState> portals = new ConcurrentHashMap<>();

  /** No permit is renewed: a new acquisition. */
  static final long NEW = Long.MIN_VALUE;

  Decision reserve(long clockUs, String portalId, String appId, Lane lane, int permits, AdmissionLimits a,
      long notBeforeUs) {
    return reserve(clockUs, portalId, appId, lane, permits, a, notBeforeUs, NEW);
  }

  /**
   * {@code renewedSlotUs} (else {@link #NEW}): the slot of an expired permit whose call was not sent. It is given
   * back first, and the call takes the earliest free slot from now: not behind its lane's queue (it already waited its
   * turn), not paced, not counted again for the day; later callers of an interactive lane still come after it.
   */
  Decision reserve(long clockUs, String portalId, String appId, Lane lane, int permits, AdmissionLimits a,
      long notBeforeUs, long renewedSlotUs) {
    boolean renewal = renewedSlotUs != NEW;
    PortalState p = portal(portalId);
    synchronized (p) {
      long now = p.clock(clockUs);
      AppState app = p.app(appId);
      boolean inBurst = lane != Lane.SEARCH || a.searchCountsTowardBurst();
      if (renewal) {
        // nothing is ever sent on an expired permit: its slot is free again, whatever comes next
        if (inBurst) {
          app.log.remove(renewedSlotUs, permits);
        }
        if (lane == Lane.SEARCH) {
          p.search.remove(renewedSlotUs, permits);
        }
      }
      long day = dayIndex(now, a.tzOffsetSeconds());
      long n = p.day == day ? p.dayCount : 0;
      if (p.dailyBlockedUntil > now) {
        return Decision.rejected(RejectReason.DAILY_CAP, p.dailyBlockedUntil - now, n);
      }
      if (!renewal && a.dailyLimit() > 0 && n + permits > a.dailyLimit()) {
        return Decision.rejected(RejectReason.DAILY_CAP, nextDayStart(day, a.tzOffsetSeconds()) - now, n);
      }
      int limit = Math.min(a.limit(), app.observedMax);
      int lowered = app.lowered(a.limit(), a.windowUs(), now, 0);
      if (lowered > 0 && lowered < limit) {
        limit = lowered;
      }
      int bulkLimit = Math.max(1, limit - a.reservedForInteractive());
      long floor = Math.max(now + notBeforeUs, app.blockedUntil);
      app.log.dropUpTo(now - a.windowUs());
      RejectReason reason = lane == Lane.SEARCH ? RejectReason.SEARCH_WINDOW : RejectReason.BURST_WINDOW;
      int laneLimit = lane == Lane.BULK ? bulkLimit : lane == Lane.SEARCH ? a.searchLimit() : limit;
      if (permits > laneLimit || inBurst && permits > limit) {
        // a group larger than the window can never be sent at once
        return Decision.rejected(reason, a.windowUs(), n);
      }
      // a group of permits is sent together, so it needs room for all of them at one instant
      int room = 1 - permits;
      long s;
      if (lane != Lane.SEARCH) {
        long previous = lane == Lane.INTERACTIVE ? app.lastInteractive : app.log.newest();
        int k = (lane == Lane.INTERACTIVE ? limit : bulkLimit) + room;
        s = app.log.firstFree(k, renewal ? floor : Math.max(floor, previous), a.windowUs());
        if (!renewal && previous != Long.MIN_VALUE && s < previous + a.spacingUs()) {
          // paced: keep the spacing from the lane's previous slot
          s = app.log.firstFree(k, previous + a.spacingUs(), a.windowUs());
        }
      } else {
        p.search.dropUpTo(now - a.searchWindowUs());
        s = Math.max(floor, p.searchBlockedUntil);
        if (!renewal) {
          s = Math.max(s, p.search.newest());
        }
        long before;
        do {
          before = s;
          if (inBurst) {
            s = app.log.firstFree(limit + room, s, a.windowUs());
          }
          s = p.search.firstFree(a.searchLimit() + room, s, a.searchWindowUs());
        } while (s != before);
      }
      if (s - now > a.maxWaitUs()) {
        if (app.blockedUntil - now > a.maxWaitUs()) {
          reason = RejectReason.COOL_DOWN;
        }
        return Decision.rejected(reason, s - now - a.maxWaitUs(), n);
      }
      for (int k = 0; k < permits; k++) {
        if (inBurst) {
          app.log.insert(s);
        }
        if (lane == Lane.SEARCH) {
          p.search.insert(s);
        }
      }
      if (lane == Lane.INTERACTIVE) {
        // a renewed slot may lie before the lane's newest: later callers still come after both
        app.lastInteractive = Math.max(app.lastInteractive, s);
      }
      p.day = day;
      p.dayCount = n + (renewal ? 0 : permits);
      return Decision.granted(s, s - now, p.dayCount);
    }
  }

  /** Returns the cool-down it set, in µs. */
  long penalize(long clockUs, String portalId, String appId, String policyName, OptionalLong coolDownUs,
      AdmissionLimits a) {
    PortalState p = portal(portalId);
    synchronized (p) {
      long now = p.clock(clockUs);
      if ("DAILY".equals(policyName)) {
        long until = coolDownUs.isPresent() ? now + coolDownUs.getAsLong()
            : nextDayStart(dayIndex(now, a.tzOffsetSeconds()), a.tzOffsetSeconds());
        p.dailyBlockedUntil = Math.max(p.dailyBlockedUntil, until);
        return until - now;
      }
      if ("SECONDLY".equals(policyName)) {
        long until = now + coolDownUs.orElse(a.searchWindowUs());
        p.searchBlockedUntil = Math.max(p.searchBlockedUntil, until);
        return until - now;
      }
      AppState app = p.app(appId);
      long until = now + coolDownUs.orElse(a.windowUs());
      app.blockedUntil = Math.max(app.blockedUntil, until);
      // a 429 despite the limiter: a step off the limit, at most once per window, down to half (R7)
      int limit = app.lowered(a.limit(), a.windowUs(), now, 1);
      if (limit <= 0) {
        limit = a.limit();
      }
      if (now - app.loweredAt >= a.windowUs()) {
        app.effectiveLimit = Math.max(ceilDiv(a.limit(), 2), limit - Math.max(1, ceilDiv(a.limit(), 10)));
        app.loweredAt = now;
      }
      app.last429 = now;
      return until - now;
    }
  }

  /** Returns the number of phantom slots booked for usage we did not admit. */
  long observe(long clockUs, String portalId, String appId, RateLimitHeaders h, AdmissionLimits a) {
    PortalState p = portal(portalId);
    synchronized (p) {
      long now = p.clock(clockUs);
      long added = 0;
      if (h.hasWindow()) {
        AppState app = p.app(appId);
        long intervalUs = h.intervalMillis().orElse(0) > 0 ? h.intervalMillis().getAsLong() * 1_000 : a.windowUs();
        app.log.dropUpTo(now - a.windowUs());
        // HubSpot counted at arrival, before now and up to δ after the slot: the interval's last δ may still be ours
        long ours = app.log.countIn(now - intervalUs - a.marginUs(), now);
        long external = h.max().getAsLong() - h.remaining().getAsLong() - ours;
        for (long i = 0; i < external; i++) {
          app.log.insert(now);
        }
        added = Math.max(0, external);
        if (h.max().getAsLong() > 0) {
          app.observedMax = (int) Math.min(Integer.MAX_VALUE, h.max().getAsLong());
        }
      }
      if (h.hasDaily()) {
        long used = h.daily().getAsLong() - h.dailyRemaining().getAsLong();
        long day = dayIndex(now, a.tzOffsetSeconds());
        p.dayCount = p.day == day ? Math.max(p.dayCount, used) : used;
        p.day = day;
      }
      return added;
    }
  }

  /** The console's view of one (app, portal) log: {@link BudgetUse} for the window {@code windowUs} ending now. */
  BudgetUse usage(long clockUs, String portalId, String appId, long windowUs, long tzOffsetSeconds) {
    PortalState p = portals.get(portalId); // a reading creates no state
    if (p == null) {
      return new BudgetUse(0, 0, 0);
    }
    synchronized (p) {
      long now = Math.max(p.lastNow, clockUs);
      long day = p.day == dayIndex(now, tzOffsetSeconds) ? p.dayCount : 0;
      AppState app = p.apps.get(appId);
      return app == null
          ? new BudgetUse(0, 0, day)
          : new BudgetUse(app.log.countIn(now - windowUs, now), app.log.countIn(now, Long.MAX_VALUE), day);
    }
  }

  /** What this model admitted after {@code afterUs} (µs on its clock), to be written into Redis on recovery. */
  List<Snapshot> snapshotAfter(long afterUs) {
    List<Snapshot> out = new ArrayList<>();
    portals.forEach((portalId, p) -> {
      synchronized (p) {
        Map<String, long[]> apps = new HashMap<>();
        p.apps.forEach((appId, app) -> apps.put(appId, app.log.after(afterUs)));
        out.add(new Snapshot(portalId, apps, p.search.after(afterUs), p.dayCount, p.lastNow));
      }
    });
    return out;
  }

  /** One portal's admissions: burst slots per app, search slots, the day count, all in µs on the model's clock. */
  record Snapshot(String portalId, Map<String, long[]> burstSlotsByApp, long[] searchSlots, long dayCount,
      long clockUs) {
  }

  static long dayIndex(long nowUs, long tzOffsetSeconds) {
    return Math.floorDiv(Math.floorDiv(nowUs, 1_000_000) + tzOffsetSeconds, 86_400);
  }

  static long nextDayStart(long day, long tzOffsetSeconds) {
    return ((day + 1) * 86_400 - tzOffsetSeconds) * 1_000_000;
  }

  private PortalState portal(String portalId) {
    return portals.computeIfAbsent(portalId, id -> new PortalState());
  }

  private static final class PortalState {
    long lastNow = Long.MIN_VALUE;
    long day = Long.MIN_VALUE;
    long dayCount;
    // 0 like a missing hash field in Redis (and no overflow in "until - now")
    long dailyBlockedUntil;
    long searchBlockedUntil;
    final SlotLog search = new SlotLog();
    final Map<String, AppState> apps = new HashMap<>();

    /** The clock never runs backwards, as in the script ({@code now = max(TIME, last_now)}). */
    long clock(long clockUs) {
      lastNow = Math.max(lastNow, clockUs);
      return lastNow;
    }

    AppState app(String appId) {
      return apps.computeIfAbsent(appId, id -> new AppState());
    }
  }

  private static int ceilDiv(int x, int y) {
    return -Math.floorDiv(-x, y);
  }

  private static final class AppState {
    final SlotLog log = new SlotLog();
    long blockedUntil;
    long lastInteractive;
    int observedMax = Integer.MAX_VALUE;
    // the limit lowered after 429s (0: not lowered), when it was last lowered, the last 429, the last step back
    int effectiveLimit;
    long loweredAt;
    long last429;
    long recoveredAt;

    /**
     * The lowered limit (0: none), after giving back one per clean window since the last 429 or the last step back;
     * at a new 429 ({@code pending} 1) the window that ends now was not clean.
     */
    int lowered(int limit, long windowUs, long now, int pending) {
      if (effectiveLimit <= 0) {
        return 0;
      }
      long since = Math.max(last429, recoveredAt);
      long clean = Math.floorDiv(now - since, windowUs) - pending;
      if (clean > 0) {
        if (effectiveLimit + clean >= limit) {
          effectiveLimit = 0;
          recoveredAt = 0;
          return 0;
        }
        effectiveLimit += (int) clean;
        recoveredAt = since + clean * windowUs;
      }
      return effectiveLimit;
    }
  }
}
