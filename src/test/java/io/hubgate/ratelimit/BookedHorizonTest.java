package io.hubgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The local "booked until" horizon, on a controllable monotonic clock. */
class BookedHorizonTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final BookedHorizon horizon = new BookedHorizon(nanos::get);

  private static Decision refused(long retryAfterUs) {
    return Decision.rejected(RejectReason.BURST_WINDOW, retryAfterUs, 7);
  }

  @Test
  void aRefusalFromRedisIsRepeatedLocallyWithTheRemainingRetryAfterUntilItPasses() {
    assertNull(horizon.refusal("p", "app", Lane.INTERACTIVE), "nothing known: ask Redis");
    long asked = nanos.get();
    nanos.addAndGet(2_000_000); // the answer came 2 ms later
    horizon.learn("p", "app", Lane.INTERACTIVE, asked, refused(300_000));
    Decision d = horizon.refusal("p", "app", Lane.INTERACTIVE);
    assertEquals(RejectReason.BURST_WINDOW, d.reason());
    assertEquals(298_000, d.retryAfterUs(), "counted from when Redis was asked, never longer than Redis said");
    nanos.addAndGet(297_999_000);
    assertEquals(1, horizon.refusal("p", "app", Lane.INTERACTIVE).retryAfterUs());
    nanos.addAndGet(1_000);
    assertNull(horizon.refusal("p", "app", Lane.INTERACTIVE), "passed: ask Redis again");
    assertEquals(0, horizon.size(), "a passed horizon is forgotten");
  }

  @Test
  void eachLaneAppAndPortalHasItsOwn() {
    horizon.learn("p", "app", Lane.BULK, nanos.get(), refused(1_000_000));
    assertNull(horizon.refusal("p", "app", Lane.INTERACTIVE));
    assertNull(horizon.refusal("p", "other", Lane.BULK));
    assertNull(horizon.refusal("q", "app", Lane.BULK));
    assertEquals(1_000_000, horizon.refusal("p", "app", Lane.BULK).retryAfterUs());
  }

  @Test
  void aGrantAskedLaterShowsRoomAndDropsIt() {
    long first = nanos.get();
    horizon.learn("p", "app", Lane.INTERACTIVE, first, refused(5_000_000));
    // an answer to an older question does not undo what a newer one taught
    horizon.learn("p", "app", Lane.INTERACTIVE, first - 1, Decision.granted(0, 0, 1));
    assertEquals(5_000_000, horizon.refusal("p", "app", Lane.INTERACTIVE).retryAfterUs());
    horizon.learn("p", "app", Lane.INTERACTIVE, first + 1, Decision.granted(0, 0, 1));
    assertNull(horizon.refusal("p", "app", Lane.INTERACTIVE));
  }

  @Test
  void clearedWhenRedisIsLostOrBack() {
    horizon.learn("p", "app", Lane.INTERACTIVE, nanos.get(), refused(5_000_000));
    horizon.clear();
    assertNull(horizon.refusal("p", "app", Lane.INTERACTIVE));
  }
}
