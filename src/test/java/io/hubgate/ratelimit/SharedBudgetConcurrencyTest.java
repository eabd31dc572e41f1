package io.hubgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Three limiter instances, each with its own Redis connection pool, as three replicas sharing one portal. */
class SharedBudgetConcurrencyTest {

  private static final int L = 20;
  private static final Duration W = Duration.ofSeconds(1);
  private static final long WINDOW_US = 1_050_000;
  private static final PortalBudget BUDGET = new PortalBudget(L, W, 0, 5, ZoneOffset.UTC);
  private static final LimiterSettings SETTINGS = LimiterSettings.defaults()
      .withSafetyMargin(Duration.ofMillis(50))
      .withMaxWait(Duration.ofSeconds(60), Duration.ofSeconds(60))
      .withKeyPrefix("conc:");

  private static RedisFixture redis;
  private static List<RedisRateLimiter> replicas;

  @BeforeAll
  static void start() {
    redis = new RedisFixture();
    replicas = IntStream.range(0, 3)
        .mapToObj(i -> new RedisRateLimiter(redis.client(), PortalBudgets.uniform(BUDGET), SETTINGS,
            new PermitScheduler(SlotTimer.vertx(redis.vertx), RateLimiterListener.NONE)))
        .toList();
    // load the script once, so that the counts below are one EVALSHA per acquisition
    replicas.get(0).reserve("warm-up", "app", Lane.INTERACTIVE, 1, 0).await().indefinitely();
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  /** A replica's decision, tagged with the wave it was asked in. */
  record Granted(int replica, int wave, long slotUs, long nowUs) {
  }

  @Test
  void manyConcurrentAcquisitionsAcrossReplicasNeverExceedTheBudgetInAnyWindow() {
    long evalshaBefore = redis.calls("evalsha");
    long evalBefore = redis.calls("eval");
    int waves = 5;
    int perReplicaPerWave = 40;
    List<Granted> granted = Collections.synchronizedList(new ArrayList<>());
    for (int wave = 0; wave < waves; wave++) {
      List<Uni<Granted>> calls = new ArrayList<>();
      for (int r = 0; r < replicas.size(); r++) {
        for (int i = 0; i < perReplicaPerWave; i++) {
          int replica = r;
          int w = wave;
          calls.add(replicas.get(r).reserve("shared", "app", Lane.INTERACTIVE, 1, 0)
              .map(d -> {
                assertTrue(d.granted());
                return new Granted(replica, w, d.slotUs(), d.slotUs() - d.waitUs());
              }));
        }
      }
      // all of a wave at once, on all three pools; the next wave arrives after this one was decided
      granted.addAll(Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(30)));
    }
    int acquisitions = waves * replicas.size() * perReplicaPerWave;
    assertEquals(acquisitions, granted.size());

    List<Long> slots = granted.stream().map(Granted::slotUs).sorted().toList();
    assertTrue(SlotOracle.maxInAnyWindow(slots, WINDOW_US) <= L, "at most L in every window of W + δ");
    // full use: each slot is the earliest possible, i.e. Redis's "now" at the decision, the previous slot plus the
    // spacing (FIFO, paced), or the slot L places back plus W + δ (the one it waits to see leave); nothing in between
    // is left unused
    long gap = AdmissionLimits.of(BUDGET, SETTINGS, Lane.INTERACTIVE).spacingUs();
    assertTrue(gap > 0, "the default paces slots");
    for (int k = 1; k < slots.size(); k++) {
      long slot = slots.get(k);
      Granted g = granted.stream().filter(x -> x.slotUs() == slot).findFirst().orElseThrow();
      boolean earliest = slot == g.nowUs() || slot == slots.get(k - 1) + gap
          || k >= L && slot == slots.get(k - L) + WINDOW_US;
      assertTrue(earliest, "slot " + k + " could have been earlier");
    }

    // arrival order across replicas: every slot of a wave precedes every slot of a later wave
    for (int wave = 1; wave < waves; wave++) {
      int w = wave;
      long lastOfPrevious = granted.stream().filter(g -> g.wave() == w - 1).mapToLong(Granted::slotUs).max()
          .orElseThrow();
      long firstOfThis = granted.stream().filter(g -> g.wave() == w).mapToLong(Granted::slotUs).min().orElseThrow();
      assertTrue(lastOfPrevious <= firstOfThis, "wave " + wave + " was served after wave " + (wave - 1));
    }
    assertEquals(acquisitions, redis.calls("evalsha") - evalshaBefore, "one script call per acquisition");
    assertEquals(0, redis.calls("eval") - evalBefore);
  }

  @Test
  void aCoolDownSetByOneReplicaPausesTheOthers() {
    long t0 = 1_900_000_000_000_000L; // injected clock: exact numbers
    long coolDown = replicas.get(0).penalizeAt(OptionalLong.of(t0), "cooled", "app", "TEN_SECONDLY_ROLLING",
        Optional.of(Duration.ofSeconds(3))).await().indefinitely();
    assertEquals(3_000_000, coolDown);
    long gap = AdmissionLimits.of(BUDGET, SETTINGS, Lane.INTERACTIVE).spacingUs();
    for (int r = 1; r < replicas.size(); r++) {
      Decision d = replicas.get(r).reserveAt(OptionalLong.of(t0 + r), "cooled", "app", Lane.INTERACTIVE, 1, 0)
          .await().indefinitely();
      // the first caller goes when the cool-down ends, the next one the spacing later
      assertEquals(t0 + 3_000_000 + (r - 1) * gap, d.slotUs(), "replica " + r + " waits out the cool-down");
    }
    // another app on the same portal has its own 10-s budget
    Decision other = replicas.get(1).reserveAt(OptionalLong.of(t0 + 5), "cooled", "other-app", Lane.INTERACTIVE, 1, 0)
        .await().indefinitely();
    assertEquals(0, other.waitUs());
  }

  @Test
  void callersAreScheduledAtTheirSlotAndTheLimiterIsNotPolled() {
    var limiter = replicas.get(2);
    long evalshaBefore = redis.calls("evalsha");
    List<Uni<Permit>> permits = new ArrayList<>();
    for (int i = 0; i < L + 3; i++) {
      permits.add(limiter.acquire("scheduled", "app", Lane.INTERACTIVE));
    }
    List<Permit> done = Uni.join().all(permits).andFailFast().await().atMost(Duration.ofSeconds(10));
    // paced a spacing apart, and the three beyond the budget a window (+ δ) after the slots they replace
    long gap = AdmissionLimits.of(BUDGET, SETTINGS, Lane.INTERACTIVE).spacingUs();
    List<Long> slots = done.stream().map(p -> p.slot().getEpochSecond() * 1_000_000 + p.slot().getNano() / 1_000)
        .sorted().toList();
    for (int k = 1; k < slots.size(); k++) {
      assertTrue(slots.get(k) - slots.get(k - 1) >= gap, "slot " + k + " keeps the spacing");
    }
    for (int k = L; k < slots.size(); k++) {
      assertTrue(slots.get(k) - slots.get(k - L) >= WINDOW_US, "slot " + k + " waits for a window");
    }
    assertTrue(done.stream().filter(p -> !p.waited().isZero()).count() >= 3, "those beyond the budget waited");
    assertTrue(done.stream().allMatch(p -> p.mode() == LimiterMode.REDIS));
    assertEquals(L + 3, redis.calls("evalsha") - evalshaBefore, "waiting callers made no further Redis calls");
  }
}
