package io.hubgate.ratelimit;

import java.time.Instant;
import java.util.function.LongSupplier;

/** Wall-clock µs for the in-process limiter (the model guards it against running backwards). */
final class MicroClock {

  private MicroClock() {
  }

  static final LongSupplier SYSTEM = () -> {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  };
}
