package io.hubgate.ratelimit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three replicas under saturating load while Redis is stopped and started again (empty, as after a crash). Slots are
 * compared on one clock: Redis runs on this machine, so its TIME and the replicas' clocks are the same clock.
 */
class RedisOutageTest {

  private static final int L = 12;
  private static final int REPLICAS = 3;
  private static final long W_US = 400_000;
  private static final long WINDOW_US = 420_000;
  private static final PortalBudget BUDGET = new PortalBudget(L, Duration.ofMillis(400), 0, 5, ZoneOffset.UTC);
  private static final LimiterSettings SETTINGS = LimiterSettings.defaults()
      .withSafetyMargin(Duration.ofMillis(20))
      .withMaxWait(Duration.ofSeconds(2), Duration.ofSeconds(2))
      .withReplicas(REPLICAS)
      .withRedisTimeouts(Duration.ofMillis(200), Duration.ofMillis(50))
      .withKeyPrefix("outage:");

  record Admission(int replica, long slotUs, LimiterMode mode) {
  }

  private RedisFixture redis;
  private final List<FailoverRateLimiter> replicas = new ArrayList<>();
  private final List<List<LimiterMode>> modes = new ArrayList<>();
  private final List<Admission> admissions = Collections.synchronizedList(new ArrayList<>());
  private final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger inFlight = new AtomicInteger();

  @BeforeEach
  void start() {
    redis = new RedisFixture();
    for (int i = 0; i < REPLICAS; i++) {
      List<LimiterMode> seen = Collections.synchronizedList(new ArrayList<>(List.of(LimiterMode.REDIS)));
      modes.add(seen);
      var listener = new RateLimiterListener() {
        @Override
        public void modeChanged(LimiterMode from, LimiterMode to) {
          seen.add(to);
        }
      };
      var scheduler = new PermitScheduler(SlotTimer.vertx(redis.vertx), listener);
      var budgets = PortalBudgets.uniform(BUDGET);
      replicas.add(new FailoverRateLimiter(new RedisRateLimiter(redis.client(), budgets, SETTINGS, scheduler),
          budgets, SETTINGS, scheduler, MicroClock.SYSTEM));
    }
  }

  @AfterEach
  void stop() {
    running.set(false);
    redis.close();
  }

  /** One caller: acquire, record, acquire again, until the test stops it. */
  private void caller(int replica) {
    if (!running.get()) {
      return;
    }
    inFlight.incrementAndGet();
    replicas.get(replica).acquire("portal", "app", Lane.INTERACTIVE).subscribe().with(
        permit -> {
          admissions.add(new Admission(replica, permit.slot().getEpochSecond() * 1_000_000
              + permit.slot().getNano() / 1_000, permit.mode()));
          inFlight.decrementAndGet();
          caller(replica);
        },
        failure -> {
          errors.add(failure);
          inFlight.decrementAndGet();
          caller(replica);
        });
  }

  private List<Long> slots(java.util.function.Predicate<Admission> which) {
    synchronized (admissions) {
      return admissions.stream().filter(which).map(Admission::slotUs).sorted().toList();
    }
  }

  private long count(int replica, LimiterMode mode) {
    synchronized (admissions) {
      return admissions.stream().filter(a -> a.replica() == replica && a.mode() == mode).count();
    }
  }

  @Test
  void keepsServingThroughAnOutageAndRecoversWithoutABurst() {
    // connect and load the script first: a cold start can exceed the 200 ms timeout
    replicas.forEach(r -> r.acquire("warm-up", "app", Lane.INTERACTIVE).await().atMost(Duration.ofSeconds(10)));
    for (int r = 0; r < REPLICAS; r++) {
      for (int c = 0; c < 6; c++) {
        caller(r);
      }
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> admissions.size() >= 4 * L);

    redis.server.stop();
    await().atMost(Duration.ofSeconds(30)).until(() -> IntStream.range(0, REPLICAS)
        .allMatch(r -> count(r, LimiterMode.LOCAL_FALLBACK) >= L));

    redis.server.restart();
    int before = admissions.size();
    await().atMost(Duration.ofSeconds(30)).until(() -> IntStream.range(0, REPLICAS)
        .allMatch(r -> replicas.get(r).mode() == LimiterMode.REDIS));
    await().atMost(Duration.ofSeconds(20)).until(() -> admissions.size() >= before + 4 * L
        && IntStream.range(0, REPLICAS).allMatch(r -> count(r, LimiterMode.REDIS) > 0));
    running.set(false);
    await().atMost(Duration.ofSeconds(20)).until(() -> inFlight.get() == 0);

    assertEquals(List.of(), errors, "no caller saw an error");
    // Slots from Redis are on Redis's clock, local ones on this replica's; on one machine they are the same clock,
    // but a slot booked locally and confirmed in Redis differs by up to a round trip between the two readings. That
    // is what δ is for: across modes the bound is checked in HubSpot's window W; within one clock in W + δ, exactly.
    assertTrue(SlotOracle.maxInAnyWindow(slots(a -> true), W_US) <= L, "at most L in every HubSpot window");
    assertTrue(SlotOracle.maxInAnyWindow(slots(a -> a.mode() == LimiterMode.REDIS), WINDOW_US) <= L,
        "at most L in every window of W + δ among slots Redis decided alone");
    for (int r = 0; r < REPLICAS; r++) {
      int replica = r;
      assertTrue(SlotOracle.maxInAnyWindow(
          slots(a -> a.replica() == replica && a.mode() == LimiterMode.LOCAL_FALLBACK), WINDOW_US) <= L / REPLICAS,
          "replica " + r + " kept to its share in W + δ while alone");
      assertTrue(SlotOracle.maxInAnyWindow(
          slots(a -> a.replica() == replica && a.mode() != LimiterMode.REDIS), W_US) <= L / REPLICAS,
          "replica " + r + " kept to its share through the recovery");
      List<LimiterMode> seen = modes.get(r);
      assertEquals(LimiterMode.REDIS, seen.get(seen.size() - 1), "replica " + r + " is back on Redis: " + seen);
      assertTrue(seen.containsAll(List.of(LimiterMode.LOCAL_FALLBACK, LimiterMode.RECOVERING)), seen.toString());
      assertTrue(count(r, LimiterMode.RECOVERING) > 0, "replica " + r + " booked through the recovery");
    }
  }

  @Test
  void penaltiesAndHeadersNeverFailWhileRedisIsDown() {
    var limiter = replicas.get(0);
    // a cold first call may exceed the timeout on a busy machine: wait until this replica decides on Redis
    await().atMost(Duration.ofSeconds(30)).until(() -> limiter.acquire("warm-up", "app", Lane.INTERACTIVE)
        .await().atMost(Duration.ofSeconds(10)).mode() == LimiterMode.REDIS);
    redis.server.stop();
    var beforePenalty = java.time.Instant.now();
    limiter.penalize("portal", "app", "TEN_SECONDLY_ROLLING", java.util.Optional.empty())
        .await().atMost(Duration.ofSeconds(5));
    assertEquals(LimiterMode.LOCAL_FALLBACK, limiter.mode());
    // the cool-down is kept locally: the next slot is at least a window (+ δ) after the penalty
    Permit permit = limiter.acquire("portal", "app", Lane.INTERACTIVE).await().atMost(Duration.ofSeconds(10));
    assertTrue(!permit.slot().isBefore(beforePenalty.plus(Duration.ofMillis(420))), permit.toString());
    assertEquals(LimiterMode.LOCAL_FALLBACK, permit.mode());
    // so is HubSpot's count: with the whole window used elsewhere, the next slot waits for it to pass
    var beforeHeaders = java.time.Instant.now();
    limiter.observe("portal", "app", RateLimitHeaders.of(L, 0, 400)).await().atMost(Duration.ofSeconds(5));
    Permit after = limiter.acquire("portal", "app", Lane.INTERACTIVE).await().atMost(Duration.ofSeconds(10));
    assertTrue(!after.slot().isBefore(beforeHeaders.plus(Duration.ofMillis(420))), after.toString());
  }

  @Test
  void usageIsEveryReplicasFromRedisAndThisReplicasOwnWhileItDecidesAlone() {
    var a = replicas.get(0);
    var b = replicas.get(1);
    await().atMost(Duration.ofSeconds(30)).until(() -> a.acquire("console", "app", Lane.INTERACTIVE)
        .await().atMost(Duration.ofSeconds(10)).mode() == LimiterMode.REDIS);
    b.acquire("console", "app", Lane.INTERACTIVE).await().atMost(Duration.ofSeconds(10));
    // both replicas' admissions, as either reads them (the warm-up's attempts included: at least 2)
    long shared = a.usage("console", "app").await().atMost(Duration.ofSeconds(5)).inWindow();
    assertTrue(shared >= 2, "in the window: " + shared);
    assertEquals(shared, b.usage("console", "app").await().atMost(Duration.ofSeconds(5)).inWindow());

    redis.server.stop();
    await().atMost(Duration.ofSeconds(30)).until(() -> a.acquire("console", "app", Lane.INTERACTIVE)
        .await().atMost(Duration.ofSeconds(10)).mode() == LimiterMode.LOCAL_FALLBACK);
    // the replica's own model: what it admitted since Redis went away, not what Redis held
    BudgetUse alone = a.usage("console", "app").await().atMost(Duration.ofSeconds(5));
    assertEquals(1, alone.inWindow() + alone.booked(), alone.toString());
  }
}
