package io.hubgate.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimulatorClockTest {

  static final Instant START = Instant.parse("2026-03-10T09:00:00Z");

  @Test
  void frozenClockMovesOnlyWhenTold() {
    SimulatorClock clock = new SimulatorClock(START, false);
    assertEquals(START, clock.now());
    clock.advance(Duration.ofMinutes(30));
    assertEquals(START.plusSeconds(1800), clock.now());
    clock.set(START);
    assertEquals(START, clock.instant());
  }

  @Test
  void runningClockFollowsRealTimeAndStillJumps() {
    SimulatorClock clock = new SimulatorClock(START, true);
    await().atMost(Duration.ofSeconds(5)).until(() -> clock.now().isAfter(START));
    clock.advance(Duration.ofHours(1));
    assertTrue(!clock.now().isBefore(START.plusSeconds(3600)));
  }

  @Test
  void standaloneClockRunsFromNow() {
    SimulatorOptions options = HubSpotSimulatorMain.Setup.parse(new String[0]).options();
    assertTrue(options.clockRunning());
    assertTrue(!HubSpotSimulatorMain.Setup.parse(new String[] {"--frozen-clock"}).options().clockRunning());
  }
}
