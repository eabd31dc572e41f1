package io.hubgate.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The wall clock a test controls: token expiry, {@code createdAt}/{@code updatedAt} and the daily limit's day
 * follow it. Frozen (the default for tests) it moves only when told; running (the standalone simulator) it
 * also moves with real time, and {@link #advance} still jumps ahead. Rate-limit windows deliberately do not use
 * it: HubSpot counts them by arrival in real time, and a limiter under test must face real time too.
 */
public final class SimulatorClock extends Clock {

  /** The instant at {@code originNanos}; running clocks add the real time elapsed since. */
  private record Anchor(Instant instant, long originNanos) {}

  private final AtomicReference<Anchor> anchor;
  private final boolean running;

  SimulatorClock(Instant start, boolean running) {
    this.anchor = new AtomicReference<>(new Anchor(start, System.nanoTime()));
    this.running = running;
  }

  public Instant now() {
    Anchor current = anchor.get();
    return running ? current.instant().plusNanos(System.nanoTime() - current.originNanos()) : current.instant();
  }

  public void advance(Duration duration) {
    anchor.updateAndGet(current -> new Anchor(current.instant().plus(duration), current.originNanos()));
  }

  public void set(Instant instant) {
    anchor.set(new Anchor(instant, System.nanoTime()));
  }

  public boolean running() {
    return running;
  }

  @Override
  public Instant instant() {
    return now();
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
