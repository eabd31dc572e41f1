package io.hubgate.ratelimit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A call that leaves long after its slot (a busy replica) is booked where it really left, so the next window's
 * slots count from there and δ has to cover only the way to HubSpot.
 */
class LateSendTest {

  private static final int L = 5;
  private static final long T0 = 1_800_000_000_000_000L;
  private static final long WINDOW_US = 1_100_000;
  private static final PortalBudget BUDGET = new PortalBudget(L, Duration.ofSeconds(1), 0, 5, ZoneOffset.UTC);
  private static final LimiterSettings SETTINGS = LimiterSettings.defaults()
      .withSafetyMargin(Duration.ofMillis(100))
      .withMaxWait(Duration.ofSeconds(30), Duration.ofSeconds(30))
      .withSpacing(0)
      .withKeyPrefix("late:");

  private static RedisFixture redis;
  private static RedisRateLimiter limiter;

  @BeforeAll
  static void start() {
    redis = new RedisFixture();
    limiter = new RedisRateLimiter(redis.client(), PortalBudgets.uniform(BUDGET), SETTINGS,
        new PermitScheduler(SlotTimer.vertx(redis.vertx), RateLimiterListener.NONE));
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  private static Decision reserve(String portal, long now) {
    Decision d = limiter.reserveAt(OptionalLong.of(now), portal, "app", Lane.INTERACTIVE, 1, 0).await().indefinitely();
    assertTrue(d.granted());
    return d;
  }

  private static Permit permit(String portal, Decision d, long dueNanos) {
    return new Permit(portal, "app", Lane.INTERACTIVE, 1, Instant.ofEpochSecond(0, d.slotUs() * 1_000),
        Duration.ofNanos(d.waitUs() * 1_000), LimiterMode.REDIS, dueNanos);
  }

  @Test
  void aMovedSlotHoldsBackTheSlotThatReplacesIt() {
    String portal = "moved";
    Decision first = reserve(portal, T0);
    for (int i = 1; i < L; i++) {
      reserve(portal, T0);
    }
    assertEquals(1, limiter.moveSlot(permit(portal, first, 0), T0 + 300_000).await().indefinitely());
    // the four left at T0 are replaced one window later; the fifth only one window after it really left
    for (int i = 1; i < L; i++) {
      assertEquals(T0 + WINDOW_US, reserve(portal, T0 + 1).slotUs());
    }
    assertEquals(T0 + 300_000 + WINDOW_US, reserve(portal, T0 + 1).slotUs());
  }

  @Test
  void onlyALateSendIsMoved() {
    String onTime = "on-time";
    Decision d = reserve(onTime, T0);
    limiter.sent(permit(onTime, d, System.nanoTime()));
    String late = "late";
    Decision e = reserve(late, T0);
    // due half a second ago by this replica's clock: it left about 0.5 s after its slot
    limiter.sent(permit(late, e, System.nanoTime() - 500_000_000));
    await().atMost(Duration.ofSeconds(10))
        .until(() -> count("late:{late}:log:app", T0 + 500_000, Long.MAX_VALUE) == 1);
    assertEquals(1, count("late:{on-time}:log:app", T0, T0), "a call on time keeps its slot");
  }

  private static long count(String key, long from, long to) {
    return Long.parseLong(redis.server.command("ZCOUNT", key, Long.toString(from),
        to == Long.MAX_VALUE ? "+inf" : Long.toString(to)).trim());
  }
}
