package io.hubgate.ratelimit;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The shared limiter with its outage plan (RATE-LIMITING.md R9): Redis while it answers; when a script call fails
 * or times out, this replica's share, ⌊L / maxReplicas⌋, from an in-process log; back to Redis without a burst.
 *
 * <p>Why each step is safe (no window may ever hold more than L, counting every replica):
 * <ul>
 *   <li><b>Quarantine.</b> Slots granted by Redis before the outage are unknown here (another replica may have
 *       booked up to the max wait ahead), so the first local slot is {@code lost + 2·timeout + horizon + W + δ}: by
 *       then all of them have left every window. Callers are not failed for it: during an outage the max wait is extended by
 *       what remains of the quarantine.</li>
 *   <li><b>Share.</b> While nobody trusts Redis, each replica holds ≤ L / N in every window: ≤ L together.</li>
 *   <li><b>Recovering.</b> A busy replica probes Redis every {@code probeInterval}. Once it answers, the first
 *       replica back opens a recovery period of {@code probe + 2·timeout + horizon + W + δ} in Redis, and every
 *       replica back within it ends its recovery at the same instant. Meanwhile each replica still decides within its
 *       share, but writes its recent and new local admissions into the shared log. When the period ends, no
 *       unrecorded local admission of any replica can share a window with a new slot (a busy replica admitting alone
 *       later would have probed and seen Redis back; an idle one admitted nothing), so Redis alone decides again,
 *       for everyone at once: nobody books on Redis alone while another still decides on its share.</li>
 * </ul>
 * A replica cut off from a Redis that others still use is not covered: it admits its share on top of theirs.
 *
 * <p>While Redis decides, a caller of a lane that Redis last said is booked beyond the max wait is refused here
 * ({@link BookedHorizon}), without a round trip, until that moment passes.
 */
final class FailoverRateLimiter extends ScheduledRateLimiter {

  private final RedisRateLimiter redis;
  private final PortalBudgets budgets;
  private final LongSupplier clockUs;
  private final Map<String, Long> lastSeenDayCount = new ConcurrentHashMap<>();
  private final AtomicLong widestWindowUs = new AtomicLong(AdmissionLimits.SEARCH_WINDOW_US);
  private final AtomicBoolean probing = new AtomicBoolean();
  private final BookedHorizon horizon;

  private volatile LimiterMode mode = LimiterMode.REDIS;
  // guarded by this
  private AdmissionModel local;
  private long lostAtUs;
  private long lastProbeUs;
  private long recoveringUntilUs;

  FailoverRateLimiter(RedisRateLimiter redis, PortalBudgets budgets, LimiterSettings settings,
      PermitScheduler scheduler, LongSupplier clockUs) {
    super(settings, scheduler);
    this.redis = redis;
    this.budgets = budgets;
    this.clockUs = clockUs;
    this.horizon = new BookedHorizon(scheduler::nanoTime);
  }

  @Override
  public Uni<Permit> acquire(String portalId, String appId, Lane lane, int permits) {
    return Uni.createFrom().deferred(() -> {
      LocalRateLimiter.checkPermits(permits);
      var limits = AdmissionLimits.of(budgets.forPortal(portalId), settings, lane);
      widestWindowUs.accumulateAndGet(Math.max(limits.windowUs(), limits.searchWindowUs()), Math::max);
      return switch (mode()) {
        case LOCAL_FALLBACK -> {
          probeIfDue();
          yield viaLocal(portalId, appId, lane, permits, limits);
        }
        case RECOVERING -> viaLocalRecorded(portalId, appId, lane, permits, limits);
        default -> viaRedis(portalId, appId, lane, permits, limits);
      };
    });
  }

  private Uni<Permit> viaRedis(String portalId, String appId, Lane lane, int permits, AdmissionLimits limits) {
    Decision known = horizon.refusal(portalId, appId, lane);
    if (known != null) {
      return scheduler.refuseFromHorizon(known, portalId, lane);
    }
    long asked = scheduler.nanoTime();
    return timed(redis.reserve(portalId, appId, lane, permits, 0))
        .onItemOrFailure().transformToUni((d, failure) -> {
          if (failure != null) {
            lost(failure);
            return viaLocal(portalId, appId, lane, permits, limits);
          }
          horizon.learn(portalId, appId, lane, asked, d);
          lastSeenDayCount.put(portalId, d.dayCount());
          return scheduler.schedule(d, portalId, appId, lane, permits, LimiterMode.REDIS, asked);
        });
  }

  private Uni<Permit> viaLocal(String portalId, String appId, Lane lane, int permits, AdmissionLimits limits) {
    long asked = scheduler.nanoTime();
    Decision d = reserveLocally(portalId, appId, lane, permits, limits, 0);
    return scheduler.schedule(d, portalId, appId, lane, permits, LimiterMode.LOCAL_FALLBACK, asked);
  }

  /** Books in the local share (with the quarantine) at or after {@code notBeforeUs} from now. */
  private Decision reserveLocally(String portalId, String appId, Lane lane, int permits, AdmissionLimits limits,
      long notBeforeUs) {
    return reserveLocally(portalId, appId, lane, permits, limits, notBeforeUs, AdmissionModel.NEW);
  }

  private Decision reserveLocally(String portalId, String appId, Lane lane, int permits, AdmissionLimits limits,
      long notBeforeUs, long renewedSlotUs) {
    AdmissionModel model;
    long quarantineEndUs;
    synchronized (this) {
      model = local;
      // a call in flight when Redis was declared lost may still be granted a little later (allow two timeouts)
      quarantineEndUs = lostAtUs + 2 * settings.redisTimeout().toNanos() / 1_000 + horizonUs()
          + Math.max(limits.windowUs(), limits.searchWindowUs());
    }
    long now = clockUs.getAsLong();
    long quarantineUs = Math.max(0, quarantineEndUs - now);
    var share = limits.share(settings.maxReplicas(), lastSeenDayCount.getOrDefault(portalId, 0L))
        .withMaxWait(limits.maxWaitUs() + quarantineUs);
    return model.reserve(now, portalId, appId, lane, permits, share, Math.max(quarantineUs, notBeforeUs),
        renewedSlotUs);
  }

  /**
   * Recovering: decided within the share as during the outage (other replicas may still admit alone), and written
   * into the shared log before the caller is released, so that replicas deciding on Redis after the recovery period
   * see it.
   */
  private Uni<Permit> viaLocalRecorded(String portalId, String appId, Lane lane, int permits, AdmissionLimits limits) {
    long asked = scheduler.nanoTime();
    Decision d = reserveLocally(portalId, appId, lane, permits, limits, 0);
    if (!d.granted()) {
      return scheduler.schedule(d, portalId, appId, lane, permits, LimiterMode.RECOVERING, asked);
    }
    long[] slot = new long[permits];
    Arrays.fill(slot, d.waitUs());
    boolean inBurst = lane != Lane.SEARCH || limits.searchCountsTowardBurst();
    return timed(redis.seed(portalId, appId, inBurst ? slot : new long[0], lane == Lane.SEARCH ? slot : new long[0],
        0, permits))
        .onItemOrFailure().transformToUni((written, failure) -> {
          if (failure != null) {
            // the decision stands on its own (within the share); only the record is missing, and Redis with it
            lost(failure);
            return scheduler.schedule(d, portalId, appId, lane, permits, LimiterMode.LOCAL_FALLBACK, asked);
          }
          return scheduler.schedule(d, portalId, appId, lane, permits, LimiterMode.RECOVERING, asked);
        });
  }

  @Override
  public Uni<Void> penalize(String portalId, String appId, String policyName, Optional<Duration> retryAfter) {
    var limits = AdmissionLimits.of(budgets.forPortal(portalId), settings, Lane.INTERACTIVE);
    return Uni.createFrom().deferred(() -> {
      AdmissionModel model = localModel();
      if (model != null && mode() != LimiterMode.REDIS) {
        long us = model.penalize(clockUs.getAsLong(), portalId, appId, policyName,
            LocalRateLimiter.micros(retryAfter), limits.share(settings.maxReplicas(), 0));
        if (mode() == LimiterMode.LOCAL_FALLBACK) {
          scheduler.listener().penalized(portalId, policyName, Duration.ofNanos(us * 1_000));
          return Uni.createFrom().voidItem();
        }
      }
      return timed(redis.penalizeAt(OptionalLong.empty(), portalId, appId, policyName, retryAfter))
          .onItemOrFailure().transformToUni((us, failure) -> {
            if (failure != null) {
              lost(failure);
              return penalize(portalId, appId, policyName, retryAfter);
            }
            scheduler.listener().penalized(portalId, policyName, Duration.ofNanos(us * 1_000));
            return Uni.createFrom().voidItem();
          });
    });
  }

  @Override
  public Uni<Void> observe(String portalId, String appId, RateLimitHeaders headers) {
    var limits = AdmissionLimits.of(budgets.forPortal(portalId), settings, Lane.INTERACTIVE);
    return Uni.createFrom().deferred(() -> {
      AdmissionModel model = localModel();
      if (model != null && mode() != LimiterMode.REDIS) {
        long phantoms = model.observe(clockUs.getAsLong(), portalId, appId, headers,
            limits.share(settings.maxReplicas(), 0));
        if (mode() == LimiterMode.LOCAL_FALLBACK) {
          if (phantoms > 0) {
            scheduler.listener().externalUsage(portalId, phantoms);
          }
          return Uni.createFrom().voidItem();
        }
      }
      return timed(redis.observeAt(OptionalLong.empty(), portalId, appId, headers))
          .onItemOrFailure().transformToUni((phantoms, failure) -> {
            if (failure != null) {
              lost(failure);
              return observe(portalId, appId, headers);
            }
            if (phantoms > 0) {
              scheduler.listener().externalUsage(portalId, phantoms);
            }
            return Uni.createFrom().voidItem();
          });
    });
  }

  /**
   * The slot is given back in the log it was booked in, while this replica still decides there (one script call, or
   * the local share); otherwise (the mode changed meanwhile) a new acquisition, and the old slot stays booked unused,
   * which only costs room.
   */
  @Override
  public Uni<Permit> renew(Permit expired) {
    return Uni.createFrom().deferred(() -> {
      String portalId = expired.portalId();
      String appId = expired.appId();
      Lane lane = expired.lane();
      int permits = expired.permits();
      LimiterMode now = mode();
      if (expired.mode() == LimiterMode.REDIS && now == LimiterMode.REDIS) {
        long asked = scheduler.nanoTime();
        return timed(redis.renewal(expired))
            .onItemOrFailure().transformToUni((d, failure) -> {
              if (failure != null) {
                lost(failure);
                return acquire(portalId, appId, lane, permits);
              }
              return scheduler.schedule(d, portalId, appId, lane, permits, LimiterMode.REDIS, asked);
            });
      }
      if (expired.mode() == LimiterMode.LOCAL_FALLBACK && now == LimiterMode.LOCAL_FALLBACK) {
        long asked = scheduler.nanoTime();
        var limits = AdmissionLimits.of(budgets.forPortal(portalId), settings, lane);
        Decision d = reserveLocally(portalId, appId, lane, permits, limits, 0, expired.slotUs());
        return scheduler.schedule(d, portalId, appId, lane, permits, LimiterMode.LOCAL_FALLBACK, asked);
      }
      return acquire(portalId, appId, lane, permits);
    });
  }

  /** From Redis unless this replica decides alone right now: then its own model, which is what it admits by. */
  @Override
  public Uni<BudgetUse> usage(String portalId, String appId) {
    return Uni.createFrom().deferred(() -> {
      AdmissionModel model = localModel();
      if (mode() == LimiterMode.LOCAL_FALLBACK && model != null) {
        return Uni.createFrom().item(
            LocalRateLimiter.usage(model, clockUs.getAsLong(), budgets, settings, portalId, appId));
      }
      return timed(redis.usage(portalId, appId));
    });
  }

  @Override
  public LimiterMode mode() {
    LimiterMode m = mode;
    if (m == LimiterMode.RECOVERING) {
      synchronized (this) {
        if (mode == LimiterMode.RECOVERING && clockUs.getAsLong() >= recoveringUntilUs) {
          switchTo(LimiterMode.REDIS);
        }
        return mode;
      }
    }
    return m;
  }

  private synchronized AdmissionModel localModel() {
    return local;
  }

  /**
   * One retry after a timeout (not after a refused connection): a single stall (a cold connection, a GC pause)
   * should not cost a quarantine. The retried call may book a second slot; the first one is then a harmless phantom.
   */
  private <T> Uni<T> timed(Uni<T> call) {
    return call.ifNoItem().after(settings.redisTimeout()).fail()
        .onFailure(TimeoutException.class).retry().atMost(1);
  }

  private long horizonUs() {
    return settings.horizon().toNanos() / 1_000;
  }

  /** A script call failed or timed out: from now on this replica admits its share locally. */
  private synchronized void lost(Throwable failure) {
    if (mode == LimiterMode.LOCAL_FALLBACK) {
      return;
    }
    long now = clockUs.getAsLong();
    if (mode == LimiterMode.REDIS) {
      // a new outage: what this replica admitted alone last time is long out of every window
      local = new AdmissionModel();
    }
    // a fresh quarantine also after RECOVERING: slots Redis granted others meanwhile may be lost with it
    lostAtUs = now;
    lastProbeUs = now;
    Log.warnf("Redis unreachable for the rate limiter (%s): admitting 1/%d of each budget locally",
        failure.toString(), settings.maxReplicas());
    switchTo(LimiterMode.LOCAL_FALLBACK);
  }

  private void probeIfDue() {
    synchronized (this) {
      long now = clockUs.getAsLong();
      if (mode != LimiterMode.LOCAL_FALLBACK || now - lastProbeUs < settings.probeInterval().toNanos() / 1_000
          || !probing.compareAndSet(false, true)) {
        return;
      }
      lastProbeUs = now;
    }
    timed(redis.ping()).subscribe().with(
        ok -> {
          probing.set(false);
          recover();
        },
        failure -> probing.set(false));
  }

  /**
   * Redis answers again: join the shared recovery period, record what this replica admitted alone, and keep deciding
   * within the share (recorded in Redis) until the period ends, when every replica switches to Redis alone.
   */
  private void recover() {
    List<AdmissionModel.Snapshot> snapshots;
    long snapshotAtUs;
    long periodUs;
    synchronized (this) {
      if (mode != LimiterMode.LOCAL_FALLBACK) {
        return;
      }
      snapshotAtUs = clockUs.getAsLong();
      long window = widestWindowUs.get();
      snapshots = local.snapshotAfter(snapshotAtUs - window);
      periodUs = settings.probeInterval().toNanos() / 1_000 + 2 * settings.redisTimeout().toNanos() / 1_000
          + horizonUs() + window;
      recoveringUntilUs = Long.MAX_VALUE;
      switchTo(LimiterMode.RECOVERING);
    }
    List<Uni<Long>> seeds = new ArrayList<>();
    for (var snapshot : snapshots) {
      long lastSeen = lastSeenDayCount.getOrDefault(snapshot.portalId(), 0L);
      boolean first = true;
      for (var app : snapshot.burstSlotsByApp().entrySet()) {
        long[] search = first ? offsets(snapshot.searchSlots(), snapshotAtUs) : new long[0];
        seeds.add(redis.seed(snapshot.portalId(), app.getKey(), offsets(app.getValue(), snapshotAtUs), search,
            lastSeen, first ? snapshot.dayCount() : 0));
        first = false;
      }
    }
    seeds.add(Uni.createFrom().item(0L));
    timed(redis.joinRecovery((periodUs + 999) / 1_000))
        .invoke(leftMs -> {
          synchronized (this) {
            if (mode == LimiterMode.RECOVERING) {
              recoveringUntilUs = clockUs.getAsLong() + leftMs * 1_000;
            }
          }
        })
        .chain(() -> timed(Uni.join().all(seeds).andFailFast()))
        .subscribe().with(
            written -> Log.infof("Redis is back: wrote %d local admissions into the shared logs",
                written.stream().mapToLong(Long::longValue).sum()),
            this::lost);
  }

  private static long[] offsets(long[] slotsUs, long nowUs) {
    return Arrays.stream(slotsUs).map(s -> s - nowUs).toArray();
  }

  private void switchTo(LimiterMode next) {
    LimiterMode previous = mode;
    if (previous != next) {
      horizon.clear();
      mode = next;
      scheduler.listener().modeChanged(previous, next);
    }
  }
}
