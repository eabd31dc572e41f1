package io.hubgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Lua script against the Java reference model and against brute-force window counting, on random sequences
 * with an injected clock (the script's test-only "now" argument), so every run is deterministic.
 */
class AcquireScriptPropertyTest {

  private static final long T0 = 1_800_000_000_000_000L; // µs, 2027: the magnitude Redis TIME returns
  private static final Duration W = Duration.ofSeconds(1);
  private static final long MARGIN_US = 50_000;
  private static final long WINDOW_US = 1_000_000 + MARGIN_US;

  private static RedisFixture redis;
  private static io.vertx.mutiny.redis.client.Redis client;

  @BeforeAll
  static void start() {
    redis = new RedisFixture();
    client = redis.client();
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  private static LimiterSettings settings(Duration maxWait, double reserve) {
    return LimiterSettings.defaults()
        .withSafetyMargin(Duration.ofNanos(MARGIN_US * 1_000))
        .withMaxWait(maxWait, maxWait.multipliedBy(2))
        .withInteractiveReserve(reserve)
        .withKeyPrefix("prop:");
  }

  @Test
  void scriptAgreesWithModelOnRandomSequences() {
    int renewals = 0;
    for (int seed = 1; seed <= 40; seed++) {
      var random = new Random(seed);
      int limit = 1 + random.nextInt(12);
      long daily = random.nextInt(4) == 0 ? 20 + random.nextInt(40) : 0;
      var budget = new PortalBudget(limit, W, daily, 1 + random.nextInt(5), ZoneOffset.UTC);
      var settings = settings(Duration.ofMillis(200 + random.nextInt(3_000)), random.nextDouble() * 0.6)
          .withSearchCountsTowardBurst(random.nextBoolean())
          .withSpacing(random.nextInt(3) == 0 ? 0 : random.nextDouble());
      var limiter = new RedisRateLimiter(client, PortalBudgets.uniform(budget), settings, null);
      var model = new AdmissionModel();
      String portal = "seq" + seed;
      long now = T0 + random.nextInt(1_000_000);
      // granted permits (app, lane, permits, slot) that a later step may renew as expired
      List<Object[]> granted = new ArrayList<>();
      for (int step = 0; step < 150; step++) {
        now += random.nextInt(5) == 0 ? 0 : random.nextInt(250_000);
        String app = random.nextInt(4) == 0 ? "other" : "app";
        int op = random.nextInt(20);
        String where = "seed " + seed + " step " + step;
        if (op == 0) {
          String policy = List.of("TEN_SECONDLY_ROLLING", "SECONDLY", "DAILY").get(random.nextInt(3));
          Optional<Duration> retry = policy.equals("DAILY") || random.nextBoolean()
              ? Optional.of(Duration.ofMillis(random.nextInt(1_500))) : Optional.empty();
          long got = limiter.penalizeAt(OptionalLong.of(now), portal, app, policy, retry).await().indefinitely();
          long want = model.penalize(now, portal, app, policy, LocalRateLimiter.micros(retry),
              AdmissionLimits.of(budget, settings, Lane.INTERACTIVE));
          assertEquals(want, got, where + " penalize");
        } else if (op == 1) {
          int max = limit + random.nextInt(3) - 1;
          var headers = RateLimitHeaders.of(max, random.nextInt(max + 1), 1_000)
              .withDaily(1_000, 1_000 - random.nextInt(30));
          long got = limiter.observeAt(OptionalLong.of(now), portal, app, headers).await().indefinitely();
          long want = model.observe(now, portal, app, headers, AdmissionLimits.of(budget, settings, Lane.INTERACTIVE));
          assertEquals(want, got, where + " observe");
        } else if (op <= 4 && !granted.isEmpty()) {
          // an expired permit: its slot given back, the earliest free slot taken ahead of its lane
          Object[] g = granted.remove(random.nextInt(granted.size()));
          String gApp = (String) g[0];
          Lane lane = (Lane) g[1];
          int permits = (Integer) g[2];
          long slot = (Long) g[3];
          Decision got = limiter.reserveAt(OptionalLong.of(now), portal, gApp, lane, permits, 0, slot)
              .await().indefinitely();
          Decision want = model.reserve(now, portal, gApp, lane, permits, AdmissionLimits.of(budget, settings, lane), 0,
              slot);
          assertEquals(want, got, where + " renew " + lane + " x" + permits);
          renewals++;
          if (got.granted()) {
            granted.add(new Object[] {gApp, lane, permits, got.slotUs()});
          }
        } else {
          Lane lane = Lane.values()[random.nextInt(3)];
          int permits = 1 + random.nextInt(random.nextInt(6) == 0 ? 4 : 1);
          Decision got = limiter.reserveAt(OptionalLong.of(now), portal, app, lane, permits, 0).await().indefinitely();
          Decision want = model.reserve(now, portal, app, lane, permits, AdmissionLimits.of(budget, settings, lane), 0);
          assertEquals(want, got, where + " " + lane + " x" + permits);
          if (got.granted()) {
            granted.add(new Object[] {app, lane, permits, got.slotUs()});
          }
        }
      }
    }
    assertTrue(renewals > 500, "renewals exercised: " + renewals);
  }

  @Test
  void slotsHoldTheBudgetInEveryWindowAreFifoSpacedAndCannotBeEarlier() {
    int granted = 0;
    int rejected = 0;
    int spaced = 0;
    for (int seed = 100; seed < 130; seed++) {
      var random = new Random(seed);
      int limit = 1 + random.nextInt(15);
      double reserve = random.nextInt(3) == 0 ? 0 : 0.3;
      var budget = new PortalBudget(limit, W, 0, 5, ZoneOffset.UTC);
      var settings = settings(Duration.ofMillis(500 + random.nextInt(2_500)), reserve)
          .withSpacing(random.nextBoolean() ? 0 : random.nextDouble());
      var limiter = new RedisRateLimiter(client, PortalBudgets.uniform(budget), settings, null);
      var limits = AdmissionLimits.of(budget, settings, Lane.BULK);
      long gap = limits.spacingUs();
      int bulkLimit = Math.max(1, limit - limits.reservedForInteractive());
      String portal = "inv" + seed;
      var log = new SlotOracle();
      List<Long> interactive = new ArrayList<>();
      List<Long> bulk = new ArrayList<>();
      long now = T0;
      for (int step = 0; step < 200; step++) {
        // bursts of simultaneous arrivals, then gaps, some crossing window edges
        now += random.nextInt(3) == 0 ? 0 : random.nextInt(400_000);
        Lane lane = random.nextInt(3) == 0 ? Lane.BULK : Lane.INTERACTIVE;
        Decision d = limiter.reserveAt(OptionalLong.of(now), portal, "app", lane, 1, 0).await().indefinitely();
        String where = "seed " + seed + " step " + step;
        if (!d.granted()) {
          rejected++;
          continue;
        }
        granted++;
        long s = now + d.waitUs();
        long newest = log.slots().stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
        long previous = lane == Lane.BULK ? newest
            : interactive.isEmpty() ? Long.MIN_VALUE : interactive.get(interactive.size() - 1);
        // paced: also the spacing after its lane's previous slot
        long floor = previous == Long.MIN_VALUE ? now : Math.max(now, previous + gap);
        int laneLimit = lane == Lane.BULK ? bulkLimit : limit;
        assertTrue(log.feasible(s, laneLimit, WINDOW_US), where + ": slot breaks a window");
        final long fs = s;
        final long fnow = now;
        assertTrue(s == floor || !log.feasible(s - 1, laneLimit, WINDOW_US), () -> where + ": an earlier slot was free "
            + lane + " limit " + laneLimit + " now " + (fnow - T0) + " s " + (fs - T0) + " floor " + (floor - T0) + " log "
            + log.slots().stream().map(x -> x - T0).toList());
        log.add(s);
        (lane == Lane.BULK ? bulk : interactive).add(s);
      }
      assertTrue(SlotOracle.maxInAnyWindow(log.slots(), WINDOW_US) <= limit, "seed " + seed);
      assertTrue(isSorted(interactive) && isSorted(bulk), "seed " + seed + ": FIFO within each lane");
      spaced += gap > 0 ? 1 : 0;
    }
    assertTrue(granted > 1_000 && rejected > 0, "the sequences exercised both outcomes: " + granted + "/" + rejected);
    assertTrue(spaced > 5 && spaced < 30, "with and without spacing: " + spaced);
  }

  @Test
  void renewedPermitsKeepTheBudgetInEveryWindow() {
    int renewed = 0;
    for (int seed = 200; seed < 215; seed++) {
      var random = new Random(seed);
      int limit = 1 + random.nextInt(10);
      var budget = new PortalBudget(limit, W, 0, 5, ZoneOffset.UTC);
      var settings = settings(Duration.ofMillis(500 + random.nextInt(2_500)), 0).withSpacing(random.nextDouble());
      var limiter = new RedisRateLimiter(client, PortalBudgets.uniform(budget), settings, null);
      String portal = "renew" + seed;
      var log = new SlotOracle();
      List<Long> held = new ArrayList<>();
      long now = T0;
      for (int step = 0; step < 200; step++) {
        now += random.nextInt(3) == 0 ? 0 : random.nextInt(300_000);
        boolean renew = !held.isEmpty() && random.nextInt(3) == 0;
        long given = renew ? held.remove(random.nextInt(held.size())) : AdmissionModel.NEW;
        if (renew) {
          // the permit's call never left: its slot is no longer in anyone's count
          log.slots().remove(Long.valueOf(given));
        }
        Decision d = limiter.reserveAt(OptionalLong.of(now), portal, "app", Lane.INTERACTIVE, 1, 0, given)
            .await().indefinitely();
        if (d.granted()) {
          assertTrue(log.feasible(d.slotUs(), limit, WINDOW_US), "seed " + seed + " step " + step);
          assertTrue(!renew || d.slotUs() == now || !log.feasible(d.slotUs() - 1, limit, WINDOW_US),
              "seed " + seed + " step " + step + ": a renewal takes the earliest free slot from now");
          log.add(d.slotUs());
          held.add(d.slotUs());
          renewed += renew ? 1 : 0;
        }
      }
      assertTrue(SlotOracle.maxInAnyWindow(log.slots(), WINDOW_US) <= limit, "seed " + seed);
    }
    assertTrue(renewed > 200, "renewals granted: " + renewed);
  }

  private static boolean isSorted(List<Long> xs) {
    for (int i = 1; i < xs.size(); i++) {
      if (xs.get(i) < xs.get(i - 1)) {
        return false;
      }
    }
    return true;
  }
}
