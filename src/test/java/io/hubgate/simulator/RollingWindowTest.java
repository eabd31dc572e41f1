package io.hubgate.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The window arithmetic on synthetic arrival times: exact, including at the window's edges. */
class RollingWindowTest {

  static final long S = 1_000_000_000L;

  @Test
  void admitsAtMostMaxInAnyTenSecondsAcrossEdges() {
    RollingWindow window = new RollingWindow(10 * S);
    assertTrue(window.tryAcquire(0, 3, false).admitted());
    assertTrue(window.tryAcquire(9 * S, 3, false).admitted());
    assertTrue(window.tryAcquire(9 * S + 1, 3, false).admitted());
    RollingWindow.Decision full = window.tryAcquire(10 * S - 1, 3, false);
    assertFalse(full.admitted());
    assertEquals(1, full.retryAfterNanos(), "the oldest arrival leaves the window 1 ns later");
    assertTrue(window.tryAcquire(10 * S, 3, false).admitted(), "the first arrival has left the window");
    assertFalse(window.tryAcquire(18 * S, 3, false).admitted(), "a fixed window would have reset at 10 s");
    assertTrue(window.tryAcquire(19 * S, 3, false).admitted());
  }

  @Test
  void rejectedArrivalsCountOnlyWhenConfigured() {
    RollingWindow lenient = new RollingWindow(10 * S);
    RollingWindow strict = new RollingWindow(10 * S);
    for (RollingWindow window : new RollingWindow[] {lenient, strict}) {
      boolean countRejected = window == strict;
      window.tryAcquire(0, 1, countRejected);
      assertFalse(window.tryAcquire(5 * S, 1, countRejected).admitted());
    }
    assertTrue(lenient.tryAcquire(10 * S, 1, false).admitted());
    assertFalse(strict.tryAcquire(10 * S, 1, true).admitted(), "the rejected call at 5 s still occupies the window");
  }

  @Test
  void requestLogSlidesOverEveryArrival() {
    RequestLog log = new RequestLog(true);
    long[] arrivals = {0, 2 * S, 9 * S, 11 * S, 12 * S, 18 * S + S / 2, 19 * S, 25 * S};
    for (long arrival : arrivals) {
      log.add(new RequestLogEntry(arrival, Instant.EPOCH, 1, 1, "GET", "/x", 1, 200, null, null));
    }
    assertEquals(4, log.maxInAnyWindow(1, 1, Duration.ofSeconds(10)), "9 s, 11 s, 12 s and 18.5 s; 19 s is exactly 10 s after 9 s");
    assertEquals(0, log.maxInAnyWindow(1, 2, Duration.ofSeconds(10)));
  }
}
