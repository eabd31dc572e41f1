package io.hubgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A permit is good only within its validity (¾ δ by default) after its slot: a call that could not leave by then is
 * not sent on it, but renews it. Driven by controllable clocks (the replica's wall clock in µs and its monotonic clock
 * in ns), on the in-process limiter; the Redis script does the same (LimiterSemanticsTest, AcquireScriptPropertyTest).
 */
class PermitExpiryTest {

  private static final long T0 = 1_800_000_000_000_000L;
  private static final int L = 3;
  private static final PortalBudget BUDGET = new PortalBudget(L, Duration.ofSeconds(10), 0, 5, ZoneOffset.UTC);
  private static final LimiterSettings SETTINGS = LimiterSettings.defaults()
      .withSafetyMargin(Duration.ofMillis(200))
      .withMaxWait(Duration.ofSeconds(30), Duration.ofSeconds(30))
      .withSpacing(0);

  private final AtomicLong wallUs = new AtomicLong(T0);
  private final AtomicLong monoNanos = new AtomicLong(5_000_000_000L);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  // a slot is "due" at once: the test moves the clocks itself
  private final PermitScheduler scheduler = new PermitScheduler(micros -> Uni.createFrom().voidItem(),
      new MicrometerRateLimiterListener(registry, LimiterMode.LOCAL), monoNanos::get);
  private final LocalRateLimiter limiter = new LocalRateLimiter(PortalBudgets.uniform(BUDGET), SETTINGS, scheduler,
      wallUs::get);

  private Permit acquire() {
    return limiter.acquire("p", "app", Lane.INTERACTIVE).await().indefinitely();
  }

  /** Both clocks move together: {@code by} of real time passes. */
  private void advance(Duration by) {
    wallUs.addAndGet(by.toNanos() / 1_000);
    monoNanos.addAndGet(by.toNanos());
  }

  @Test
  void aPermitIsGoodUntilThreeQuartersOfDeltaAfterItsSlot() {
    assertEquals(Duration.ofMillis(150), SETTINGS.permitValidity());
    Permit onTime = acquire();
    advance(Duration.ofMillis(150));
    assertTrue(limiter.sending(onTime), "150 ms after its slot: still good");
    Permit late = acquire();
    advance(Duration.ofMillis(151));
    assertFalse(limiter.sending(late), "151 ms after its slot: expired");
    assertEquals(1, registry.get("hubgate.ratelimit.expired.permits").tag("portal", "p").counter().count());
    assertEquals(2, registry.get("hubgate.ratelimit.send.lag").tag("portal", "p").timer().count());
  }

  @Test
  void anExpiredPermitIsRenewedAtTheEarliestFreeSlotAndTheBudgetHolds() {
    List<Permit> window = new ArrayList<>();
    for (int i = 0; i < L; i++) {
      window.add(acquire());
    }
    // the fourth caller is queued a window (+ δ) later
    Permit queued = limiter.acquire("p", "app", Lane.INTERACTIVE).await().indefinitely();
    assertEquals(Duration.ofMillis(10_200), queued.waited());
    // one call of the first window is still not written 0.5 s after its slot
    advance(Duration.ofMillis(500));
    Permit late = window.get(0);
    assertFalse(limiter.sending(late));
    Permit renewed = limiter.renew(late).await().indefinitely();
    // its own slot is given back, so it goes now, ahead of the queued caller; HubSpot counts it from now on
    assertEquals(Duration.ZERO, renewed.waited());
    assertEquals(T0 + 500_000, renewed.slotUs());
    assertTrue(limiter.sending(renewed));
    // the next window counts from the renewed slot: with the queued caller, one more fits when the two calls that
    // left at T0 are out of the window, the one after only when the renewed call is (not at the given-back slot's)
    assertEquals(T0 + 10_200_000, limiter.reserve("p", "app", Lane.INTERACTIVE, 1).slotUs());
    assertEquals(T0 + 500_000 + 10_200_000, limiter.reserve("p", "app", Lane.INTERACTIVE, 1).slotUs());
  }
}
