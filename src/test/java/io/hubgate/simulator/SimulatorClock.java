package io.hubgate.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The wall clock a test controls: token expiry, {@code createdAt}/{@code updatedAt} and the daily limit's day
 * follow it. It never moves by itself. Rate-limit windows deliberately do not use it: HubSpot counts them by
 * arrival in real time, and a limiter under test must face real time too.
 */
public final class SimulatorClock extends Clock {

  private final AtomicReference<Instant> now;

  SimulatorClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  public Instant now() {
    return now.get();
  }

  public void advance(Duration duration) {
    now.updateAndGet(current -> current.plus(duration));
  }

  public void set(Instant instant) {
    now.set(instant);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the simulator's clock is UTC");
  }
}
