package io.hubgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The limiter's rules, each on the in-process model and on the Lua script with an injected clock: the same
 * scenario, the same numbers.
 */
class LimiterSemanticsTest {

  private static final long T0 = 1_800_000_000_000_000L;
  private static final int L = 10;
  private static final long MARGIN_US = 100_000;
  private static final long W = 10_000_000 + MARGIN_US; // HubSpot's 10 s plus δ
  private static final LimiterSettings SETTINGS = LimiterSettings.defaults()
      .withSafetyMargin(Duration.ofMillis(100))
      .withMaxWait(Duration.ofSeconds(25), Duration.ofSeconds(40))
      .withInteractiveReserve(0.2)
      .withSpacing(0) // the exact log alone; spacingPacesEveryCallOfALane turns pacing on
      .withKeyPrefix("sem:");
  private static final PortalBudget BUDGET = new PortalBudget(L, Duration.ofSeconds(10), 1_000, 5, ZoneOffset.UTC);
  private static final AtomicInteger PORTALS = new AtomicInteger();

  private static RedisFixture redis;

  @BeforeAll
  static void start() {
    redis = new RedisFixture();
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  /** One limiter state, driven with an explicit clock. */
  interface Backend {
    Decision reserve(long now, String portal, Lane lane, int permits);

    /** An expired permit of {@code slot} renewed at {@code now}. */
    Decision renew(long now, String portal, Lane lane, int permits, long slot);

    long penalize(long now, String portal, String policy, Optional<Duration> retryAfter);

    long observe(long now, String portal, RateLimitHeaders headers);

    BudgetUse usage(long now, String portal);
  }

  static Stream<String> backends() {
    return Stream.of("local", "redis");
  }

  private static Backend backend(String kind, PortalBudget budget, LimiterSettings settings) {
    if (kind.equals("local")) {
      var model = new AdmissionModel();
      return new Backend() {
        public Decision reserve(long now, String portal, Lane lane, int permits) {
          return model.reserve(now, portal, "app", lane, permits, AdmissionLimits.of(budget, settings, lane), 0);
        }

        public Decision renew(long now, String portal, Lane lane, int permits, long slot) {
          return model.reserve(now, portal, "app", lane, permits, AdmissionLimits.of(budget, settings, lane), 0, slot);
        }

        public long penalize(long now, String portal, String policy, Optional<Duration> retryAfter) {
          return model.penalize(now, portal, "app", policy, LocalRateLimiter.micros(retryAfter),
              AdmissionLimits.of(budget, settings, Lane.INTERACTIVE));
        }

        public long observe(long now, String portal, RateLimitHeaders headers) {
          return model.observe(now, portal, "app", headers, AdmissionLimits.of(budget, settings, Lane.INTERACTIVE));
        }

        public BudgetUse usage(long now, String portal) {
          return LocalRateLimiter.usage(model, now, PortalBudgets.uniform(budget), settings, portal, "app");
        }
      };
    }
    var limiter = new RedisRateLimiter(redis.client(), PortalBudgets.uniform(budget), settings, null);
    return new Backend() {
      public Decision reserve(long now, String portal, Lane lane, int permits) {
        return limiter.reserveAt(OptionalLong.of(now), portal, "app", lane, permits, 0).await().indefinitely();
      }

      public Decision renew(long now, String portal, Lane lane, int permits, long slot) {
        return limiter.reserveAt(OptionalLong.of(now), portal, "app", lane, permits, 0, slot).await().indefinitely();
      }

      public long penalize(long now, String portal, String policy, Optional<Duration> retryAfter) {
        return limiter.penalizeAt(OptionalLong.of(now), portal, "app", policy, retryAfter).await().indefinitely();
      }

      public long observe(long now, String portal, RateLimitHeaders headers) {
        return limiter.observeAt(OptionalLong.of(now), portal, "app", headers).await().indefinitely();
      }

      public BudgetUse usage(long now, String portal) {
        return limiter.usageAt(OptionalLong.of(now), portal, "app").await().indefinitely();
      }
    };
  }

  private static String portal() {
    return "p" + PORTALS.incrementAndGet();
  }

  private static List<Long> waits(Backend b, long now, String portal, Lane lane, int n) {
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Decision d = b.reserve(now, portal, lane, 1);
      assertTrue(d.granted(), "acquisition " + i + " granted");
      waits.add(d.waitUs());
    }
    return waits;
  }

  @ParameterizedTest
  @MethodSource("backends")
  void usageCountsHubSpotsWindowEndingNowTheSlotsBookedAheadAndTheDay(String kind) {
    var b = backend(kind, BUDGET, SETTINGS);
    String p = portal();
    assertEquals(new BudgetUse(0, 0, 0), b.usage(T0, p));
    waits(b, T0, p, Lane.INTERACTIVE, 4);
    waits(b, T0 + 6_000_000, p, Lane.INTERACTIVE, L - 4); // the window is full: 10 slots in 6 s
    waits(b, T0 + 7_000_000, p, Lane.INTERACTIVE, 3); // booked after the first four leave (T0 + W)
    assertEquals(new BudgetUse(L, 3, L + 3), b.usage(T0 + 7_000_000, p));
    // 10.05 s on: the first four are out of HubSpot's 10 s window (the limiter's own W + δ still holds them)
    assertEquals(new BudgetUse(L - 4, 3, L + 3), b.usage(T0 + 10_050_000, p));
    // the three booked slots are due at T0 + W: now in the window, none ahead
    assertEquals(new BudgetUse(L - 4 + 3, 0, L + 3), b.usage(T0 + W, p));
    // a reading changes nothing: the next caller fills the window's last place at once
    assertEquals(new BudgetUse(L - 1, 0, L + 3), b.usage(T0 + W, p));
    assertEquals(0, b.reserve(T0 + W, p, Lane.INTERACTIVE, 1).waitUs());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void fullBurstThenTheNextWaitsUntilTheFirstLeavesTheWindow(String kind) {
    var b = backend(kind, BUDGET, SETTINGS);
    String p = portal();
    assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L), waits(b, T0, p, Lane.INTERACTIVE, L));
    // later callers are queued FIFO, one window (+ δ) after the slots they replace
    assertEquals(List.of(W, W, W), waits(b, T0 + 1, p, Lane.INTERACTIVE, 3).stream().map(w -> w + 1).toList());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void anExpiredPermitGivesItsSlotBackAndGoesAheadOfItsLaneQueue(String kind) {
    var b = backend(kind, BUDGET, SETTINGS);
    String p = portal();
    waits(b, T0, p, Lane.INTERACTIVE, L);
    // five callers queued behind the full window
    assertEquals(List.of(W, W, W, W, W), waits(b, T0, p, Lane.INTERACTIVE, 5));
    long dayBefore = b.reserve(T0, portal(), Lane.INTERACTIVE, 1).dayCount();
    // 0.3 s after its slot one call of the first window has still not left (a busy replica): it is not sent on that
    // slot, it gives it back and takes the slot it freed, now, ahead of the five queued ones
    Decision renewed = b.renew(T0 + 300_000, p, Lane.INTERACTIVE, 1, T0);
    assertTrue(renewed.granted());
    assertEquals(0, renewed.waitUs());
    assertEquals(L + 5, renewed.dayCount(), "the call is not counted again for the day");
    assertEquals(1, dayBefore, "another portal's count is its own");
    // later callers still come after the lane's queue, and after the renewed call
    assertEquals(W - 300_001, b.reserve(T0 + 300_001, p, Lane.INTERACTIVE, 1).waitUs());
    // late again: the room its own slot held is what it takes, still ahead of the queue
    assertEquals(0, b.renew(T0 + 600_000, p, Lane.INTERACTIVE, 1, T0 + 300_000).waitUs());
    // a new caller finds no such room: the first window is full again
    assertFalse(b.reserve(T0 + 600_000, p, Lane.INTERACTIVE, 1).waitUs() < W - 600_000);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void spacingPacesEveryCallOfALane(String kind) {
    var b = backend(kind, BUDGET, SETTINGS.withSpacing(0.25).withSafetyMargin(Duration.ofSeconds(1)));
    String p = portal();
    long gap = 250_000; // ¼ of W / L = 1 s (below δ / 4)
    long w = 11_000_000; // W + δ
    // a burst into an open window goes out a gap apart, not at one instant
    List<Long> burst = waits(b, T0, p, Lane.INTERACTIVE, L);
    for (int i = 0; i < L; i++) {
      assertEquals(i * gap, burst.get(i), "burst call " + i);
    }
    // the queue behind it: each slot one window (+ δ) after the one it replaces, so the next window keeps the pace
    List<Long> queued = waits(b, T0 + 1, p, Lane.INTERACTIVE, L);
    for (int i = 0; i < L; i++) {
      assertEquals(T0 + w + i * gap, T0 + 1 + queued.get(i), "queued call " + i);
    }
    // bulk calls keep the same distance from every booked slot
    long lastBooked = T0 + w + (L - 1) * gap;
    Decision bulk = b.reserve(T0 + 2, p, Lane.BULK, 1);
    assertTrue(bulk.granted());
    assertTrue(T0 + 2 + bulk.waitUs() >= lastBooked + gap, "bulk keeps its distance from the newest slot");
    // a lone call into a quiet lane goes at once
    String q = portal();
    assertEquals(0, b.reserve(T0, q, Lane.INTERACTIVE, 1).waitUs());
    assertEquals(0, b.reserve(T0 + gap, q, Lane.INTERACTIVE, 1).waitUs());
    // never paced more than δ / 4: a budget of 2 per 10 s is not spread 1.25 s apart
    var two = backend(kind, new PortalBudget(2, Duration.ofSeconds(10), 0, 5, ZoneOffset.UTC), SETTINGS.withSpacing(0.25));
    String r = portal();
    assertEquals(List.of(0L, MARGIN_US / 4), waits(two, T0, r, Lane.INTERACTIVE, 2));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void burstsOnBothSidesOfAWindowEdgeNeverExceedTheBudget(String kind) {
    // a fixed window would admit L just before its edge and L just after: 2L in one rolling window
    var b = backend(kind, BUDGET, SETTINGS);
    String p = portal();
    long edge = T0 + 10_000_000;
    waits(b, edge - 1_000, p, Lane.INTERACTIVE, L);
    List<Long> after = waits(b, edge + 1_000, p, Lane.INTERACTIVE, L);
    for (long wait : after) {
      assertEquals(edge - 1_000 + W, edge + 1_000 + wait, "the second burst starts one window after the first");
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void spreadRequestsFreeTheirSlotsOneByOne(String kind) {
    var b = backend(kind, BUDGET, SETTINGS);
    String p = portal();
    for (int i = 0; i < L; i++) {
      assertEquals(0, b.reserve(T0 + i * 1_000_000L, p, Lane.INTERACTIVE, 1).waitUs());
    }
    // at T0 + 10 s the first slot (T0) is still inside (t − W − δ, t]: wait until it leaves
    Decision d = b.reserve(T0 + 10_000_000, p, Lane.INTERACTIVE, 1);
    assertEquals(T0 + W, T0 + 10_000_000 + d.waitUs());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void bulkLeavesTheInteractiveReserveFree(String kind) {
    var b = backend(kind, BUDGET, SETTINGS);
    String p = portal();
    // reserve 0.2 of 10: bulk takes 8 per window, and queues the rest behind
    List<Long> bulk = waits(b, T0, p, Lane.BULK, 12);
    assertEquals(8, bulk.stream().filter(w -> w == 0).count());
    assertTrue(bulk.subList(8, 12).stream().allMatch(w -> w == W));
    // interactive work is not queued behind the booked bulk slots: 2 go now, the third waits one window
    assertEquals(List.of(0L, 0L), waits(b, T0 + 5, p, Lane.INTERACTIVE, 2));
    assertEquals(W - 5, b.reserve(T0 + 5, p, Lane.INTERACTIVE, 1).waitUs());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aGroupOfPermitsSharesOneSlotWithRoomForAll(String kind) {
    var b = backend(kind, BUDGET, SETTINGS);
    String p = portal();
    waits(b, T0, p, Lane.INTERACTIVE, 8);
    Decision group = b.reserve(T0 + 1, p, Lane.INTERACTIVE, 3);
    assertTrue(group.granted());
    // 8 + 3 > 10: the group waits until three of the eight have left, all three at once
    assertEquals(T0 + W, T0 + 1 + group.waitUs());
    assertFalse(b.reserve(T0 + 1, p, Lane.INTERACTIVE, L + 1).granted(), "a group larger than L never fits");
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aRejectedAcquisitionReservesNothing(String kind) {
    var settings = SETTINGS.withMaxWait(Duration.ofSeconds(5), Duration.ofSeconds(5));
    var b = backend(kind, BUDGET, settings);
    String p = portal();
    waits(b, T0, p, Lane.INTERACTIVE, L);
    Decision refused = b.reserve(T0 + 1_000_000, p, Lane.INTERACTIVE, 1);
    assertFalse(refused.granted());
    assertEquals(RejectReason.BURST_WINDOW, refused.reason());
    assertEquals(W - 1_000_000 - 5_000_000, refused.retryAfterUs(), "retry when the wait would fit the max wait");
    // had anything been booked, this one would come after it
    long retryAt = T0 + 1_000_000 + refused.retryAfterUs();
    Decision retried = b.reserve(retryAt, p, Lane.INTERACTIVE, 1);
    assertEquals(T0 + W, retryAt + retried.waitUs());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void theDailyCapIsPerPortalAndResetsAtItsMidnight(String kind) {
    var budget = new PortalBudget(L, Duration.ofSeconds(10), 3, 5, ZoneOffset.ofHours(2));
    var b = backend(kind, budget, SETTINGS);
    String p = portal();
    long midnightUtc = 1_800_057_600_000_000L; // 2027-01-15T00:00Z, a multiple of a day
    long now = midnightUtc + 3_600_000_000L; // 01:00 UTC = 03:00 in the portal's zone
    assertTrue(b.reserve(now, p, Lane.INTERACTIVE, 2).granted());
    assertTrue(b.reserve(now, p, Lane.BULK, 1).granted());
    Decision over = b.reserve(now + 1, p, Lane.INTERACTIVE, 1);
    assertEquals(RejectReason.DAILY_CAP, over.reason());
    long portalMidnight = midnightUtc + 22 * 3_600_000_000L; // next 00:00 at UTC+2
    assertEquals(portalMidnight, now + 1 + over.retryAfterUs());
    assertTrue(b.reserve(portalMidnight, p, Lane.INTERACTIVE, 1).granted(), "a new day");
  }

  @ParameterizedTest
  @MethodSource("backends")
  void searchHasItsOwnFivePerSecond(String kind) {
    var b = backend(kind, BUDGET, SETTINGS.withSearchCountsTowardBurst(false));
    String p = portal();
    List<Long> search = waits(b, T0, p, Lane.SEARCH, 7);
    assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 1_100_000L, 1_100_000L), search);
    // not counted in the 10-s window when configured so: the full burst budget is still there
    assertEquals(0, waits(b, T0, p, Lane.INTERACTIVE, L).stream().mapToLong(Long::longValue).sum());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void searchAlsoTakesABurstSlotByDefault(String kind) {
    var b = backend(kind, BUDGET, SETTINGS);
    String p = portal();
    waits(b, T0, p, Lane.SEARCH, 5);
    assertEquals(5, waits(b, T0, p, Lane.INTERACTIVE, 6).stream().filter(w -> w == 0).count());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aTenSecondly429PausesTheWindowForAFullWindow(String kind) {
    var b = backend(kind, BUDGET, SETTINGS);
    String p = portal();
    assertEquals(W, b.penalize(T0, p, "TEN_SECONDLY_ROLLING", Optional.empty()));
    assertEquals(W - 1, b.reserve(T0 + 1, p, Lane.INTERACTIVE, 1).waitUs());
    assertEquals(2_000_000, b.penalize(T0, portal(), "TEN_SECONDLY_ROLLING", Optional.of(Duration.ofSeconds(2))));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aDaily429StopsThePortalUntilMidnightAndASecondly429OnlySearch(String kind) {
    var b = backend(kind, BUDGET, SETTINGS);
    String p = portal();
    b.penalize(T0, p, "SECONDLY", Optional.empty());
    assertEquals(0, b.reserve(T0, p, Lane.INTERACTIVE, 1).waitUs());
    assertEquals(1_100_000, b.reserve(T0, p, Lane.SEARCH, 1).waitUs());
    b.penalize(T0, p, "DAILY", Optional.empty());
    Decision d = b.reserve(T0 + 1, p, Lane.INTERACTIVE, 1);
    assertEquals(RejectReason.DAILY_CAP, d.reason());
    assertEquals(0, Math.floorMod(T0 + 1 + d.retryAfterUs(), 86_400_000_000L), "until midnight (UTC portal)");
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aCoolDownLongerThanTheMaxWaitIsReportedAsSuch(String kind) {
    var b = backend(kind, BUDGET, SETTINGS);
    String p = portal();
    b.penalize(T0, p, "TEN_SECONDLY_ROLLING", Optional.of(Duration.ofSeconds(60)));
    Decision d = b.reserve(T0, p, Lane.INTERACTIVE, 1);
    assertEquals(RejectReason.COOL_DOWN, d.reason());
    assertEquals(60_000_000 - 25_000_000, d.retryAfterUs());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void usageOutsideTheGatewayReducesWhatWeAdmit(String kind) {
    var b = backend(kind, BUDGET, SETTINGS);
    String p = portal();
    waits(b, T0, p, Lane.INTERACTIVE, 2);
    // HubSpot counts 6 in its window; we admitted 2: a phantom app spent 4
    assertEquals(4, b.observe(T0 + 100_000, p, RateLimitHeaders.of(10, 4, 10_000)));
    assertEquals(4, waits(b, T0 + 100_000, p, Lane.INTERACTIVE, 5).stream().filter(w -> w == 0).count());
    // the same headers again add nothing: the phantoms are already booked
    assertEquals(0, b.observe(T0 + 200_000, p, RateLimitHeaders.of(10, 4, 10_000)));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void ourSlotsHubSpotStillCountsAreNotTakenForSomeoneElses(String kind) {
    var b = backend(kind, BUDGET, SETTINGS);
    String p = portal();
    waits(b, T0, p, Lane.INTERACTIVE, 3);
    // 10 s + 50 ms later our three left the 10 s interval by our clock, but HubSpot counted them on arrival, which
    // may be up to δ after the slot, and it answered before now: it still counts 3, none of them someone else's
    assertEquals(0, b.observe(T0 + 10_050_000, p, RateLimitHeaders.of(10, 7, 10_000)));
    assertEquals(L, waits(b, T0 + 10_050_000 + MARGIN_US, p, Lane.INTERACTIVE, L).stream().filter(w -> w == 0).count());
    // beyond δ they cannot be in HubSpot's count: what it counts then is someone else's
    String q = portal();
    waits(b, T0, q, Lane.INTERACTIVE, 3);
    assertEquals(3, b.observe(T0 + 10_000_000 + MARGIN_US, q, RateLimitHeaders.of(10, 7, 10_000)));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void a429LowersTheLimitOncePerWindowAndCleanWindowsGiveItBack(String kind) {
    // a short max wait: the call beyond the limit is refused rather than booked into the next window
    var b = backend(kind, BUDGET, SETTINGS.withMaxWait(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    String p = portal();
    // L = 10: each window 429 takes a step of 1 off it, at most once per window (no cool-down here: Retry-After 0)
    b.penalize(T0, p, "TEN_SECONDLY_ROLLING", Optional.of(Duration.ZERO));
    b.penalize(T0 + 1, p, "TEN_SECONDLY_ROLLING", Optional.of(Duration.ZERO));
    assertEquals(9, immediate(b, T0 + 2, p), "one step in the first window, however many 429s");
    b.penalize(T0 + W, p, "TEN_SECONDLY_ROLLING", Optional.of(Duration.ZERO));
    assertEquals(8, immediate(b, T0 + W + 100, p), "a 429 in the next window: another step");
    // the last 429 was at T0 + W: each clean window since gives one back, up to L
    // (each burst a window after the one before, so that it finds the log empty)
    assertEquals(9, immediate(b, T0 + 2 * W + 200, p));
    assertEquals(10, immediate(b, T0 + 3 * W + 300, p));
    assertEquals(10, immediate(b, T0 + 4 * W + 400, p));
    // never below half of L, however many windows see a 429
    String q = portal();
    for (int window = 0; window < 8; window++) {
      b.penalize(T0 + window * W, q, "TEN_SECONDLY_ROLLING", Optional.of(Duration.ZERO));
    }
    assertEquals(L / 2, immediate(b, T0 + 7 * W + 1, q));
    // a search or daily 429 leaves the window's limit alone
    String r = portal();
    b.penalize(T0, r, "SECONDLY", Optional.of(Duration.ZERO));
    assertEquals(L, immediate(b, T0 + 1, r));
  }

  /** How many of L + 1 calls at {@code t} go at once (the others are refused: nothing booked ahead). */
  private static long immediate(Backend b, long t, String portal) {
    return IntStream.range(0, L + 1).mapToObj(i -> b.reserve(t, portal, Lane.INTERACTIVE, 1))
        .filter(d -> d.granted() && d.waitUs() == 0).count();
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aLowerMaxHeaderIsAdoptedAndAHigherOneIgnored(String kind) {
    var b = backend(kind, BUDGET, SETTINGS);
    String p = portal();
    b.observe(T0, p, RateLimitHeaders.of(6, 6, 10_000));
    assertEquals(6, waits(b, T0, p, Lane.INTERACTIVE, 7).stream().filter(w -> w == 0).count());
    String q = portal();
    b.observe(T0, q, RateLimitHeaders.of(250, 250, 10_000));
    assertEquals(L, waits(b, T0, q, Lane.INTERACTIVE, L + 1).stream().filter(w -> w == 0).count());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void dailyHeadersRaiseTheDailyCount(String kind) {
    var budget = new PortalBudget(L, Duration.ofSeconds(10), 100, 5, ZoneOffset.UTC);
    var b = backend(kind, budget, SETTINGS);
    String p = portal();
    b.observe(T0, p, RateLimitHeaders.of(10, 10, 10_000).withDaily(100, 2));
    assertEquals(100, b.reserve(T0, p, Lane.INTERACTIVE, 2).dayCount());
    assertEquals(RejectReason.DAILY_CAP, b.reserve(T0, p, Lane.INTERACTIVE, 1).reason());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aClockThatStepsBackDoesNotReopenTheWindow(String kind) {
    var b = backend(kind, BUDGET, SETTINGS);
    String p = portal();
    waits(b, T0, p, Lane.INTERACTIVE, L);
    // e.g. a failover to a Redis whose clock is 5 s behind: "now" stays at the last seen time
    Decision d = b.reserve(T0 - 5_000_000, p, Lane.INTERACTIVE, 1);
    assertEquals(W, d.waitUs());
  }
}
