package io.hubgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The embedded limiter through its public face: scheduling, rejections and metrics, without Redis or Quarkus. */
class LocalRateLimiterTest {

  private static final PortalBudget BUDGET = new PortalBudget(3, Duration.ofMillis(300), 0, 5, ZoneOffset.UTC);
  private static final LimiterSettings SETTINGS = LimiterSettings.defaults()
      .withSafetyMargin(Duration.ofMillis(10))
      .withMaxWait(Duration.ofMillis(500), Duration.ofMillis(500))
      .withSpacing(0); // bursts at one instant: the counts below are the log's alone

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RateLimiter limiter = RateLimiters.local(PortalBudgets.uniform(BUDGET), SETTINGS,
      new MicrometerRateLimiterListener(registry, LimiterMode.LOCAL));

  @Test
  void callersBeyondTheBudgetAreScheduledForTheNextWindow() {
    List<Uni<Permit>> calls = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      calls.add(limiter.acquire("p", "app", Lane.INTERACTIVE));
    }
    List<Permit> permits = Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(5));
    assertEquals(3, permits.stream().filter(p -> p.waited().isZero()).count());
    // the later two are a full window (+ δ) after the first slots
    Permit first = permits.get(0);
    for (Permit late : permits.subList(3, 5)) {
      assertTrue(Duration.between(first.slot(), late.slot()).compareTo(Duration.ofMillis(310)) >= 0);
    }
    assertTrue(permits.stream().allMatch(p -> p.mode() == LimiterMode.LOCAL));
    assertEquals(5, registry.get("hubgate.ratelimit.permits").tag("portal", "p").counter().count());
    assertEquals(5, registry.get("hubgate.ratelimit.wait").tag("portal", "p").timer().count());
  }

  @Test
  void aWaitBeyondTheMaxWaitFailsClearlyAndReservesNothing() {
    for (int i = 0; i < 6; i++) {
      limiter.acquire("q", "app", Lane.INTERACTIVE).subscribe().with(p -> { });
    }
    var refused = limiter.acquire("q", "app", Lane.INTERACTIVE)
        .subscribe().withSubscriber(UniAssertSubscriber.create())
        .awaitFailure(Duration.ofSeconds(5))
        .getFailure();
    var e = assertInstanceOf(RateLimitExceededException.class, refused);
    assertEquals(RejectReason.BURST_WINDOW, e.reason());
    assertTrue(e.retryAfter().compareTo(Duration.ZERO) > 0);
    assertEquals(1, registry.get("hubgate.ratelimit.rejections").tag("reason", "BURST_WINDOW").counter().count());
  }

  @Test
  void penaltiesAndExternalUsageReachTheMetrics() {
    limiter.penalize("r", "app", "TEN_SECONDLY_ROLLING", Optional.empty()).await().indefinitely();
    limiter.observe("r", "app", RateLimitHeaders.of(3, 1, 300)).await().indefinitely();
    assertEquals(1, registry.get("hubgate.ratelimit.hubspot.429").tag("policy", "TEN_SECONDLY_ROLLING").counter()
        .count());
    assertEquals(Duration.ofMillis(310).toNanos(),
        (long) registry.get("hubgate.ratelimit.cooldown").timer().totalTime(java.util.concurrent.TimeUnit.NANOSECONDS));
    assertEquals(2, registry.get("hubgate.ratelimit.external").counter().count());
    assertEquals(1, registry.get("hubgate.ratelimit.mode").tag("mode", "LOCAL").gauge().value());
  }

  @Test
  void headersAreReadFromAnyLookup() {
    var headers = RateLimitHeaders.from(name -> switch (name) {
      case "X-HubSpot-RateLimit-Max" -> "110";
      case "X-HubSpot-RateLimit-Remaining" -> "97";
      case "X-HubSpot-RateLimit-Interval-Milliseconds" -> "10000";
      case "X-HubSpot-RateLimit-Daily" -> "not a number";
      default -> null;
    });
    assertEquals(110, headers.max().getAsLong());
    assertEquals(97, headers.remaining().getAsLong());
    assertTrue(headers.hasWindow());
    assertTrue(headers.daily().isEmpty() && !headers.hasDaily());
  }
}
