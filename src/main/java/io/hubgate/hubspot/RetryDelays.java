package io.hubgate.hubspot;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Waits between attempts: exponential back-off with jitter, and HubSpot's word after a 429. */
final class RetryDelays {

  private static final Duration SECONDLY_WAIT = Duration.ofSeconds(1);
  private static final Duration WINDOW_WAIT = Duration.ofSeconds(10);

  private RetryDelays() {
  }

  /** {@code initial × 2^(attempt−1)}, capped, times a random factor in [0.5, 1.5). */
  static Duration backoff(int attempt, Duration initial, Duration max) {
    long base = Math.min(max.toMillis(), initial.toMillis() << Math.min(attempt - 1, 20));
    return Duration.ofMillis((long) (base * (0.5 + ThreadLocalRandom.current().nextDouble())));
  }

  /**
   * After a 429: {@code Retry-After} when HubSpot sent it, else what its {@code policyName} implies (a search's
   * second, otherwise the 10 s rolling window), capped at {@code max}, plus up to 10 % jitter so that replicas paused
   * together do not all resume on the same millisecond. The limiter's shared cool-down schedules the retry's permit.
   */
  static Duration after429(Optional<Duration> retryAfter, String policyName, Duration max) {
    Duration base = retryAfter.orElse("SECONDLY".equals(policyName) ? SECONDLY_WAIT : WINDOW_WAIT);
    if (base.compareTo(max) > 0) {
      base = max;
    }
    long jitter = (long) (base.toMillis() * 0.1 * ThreadLocalRandom.current().nextDouble());
    return base.plusMillis(jitter);
  }

  /** {@code Retry-After} in seconds (HubSpot's form) or an HTTP date is ignored; absent or unreadable is empty. */
  static Optional<Duration> retryAfter(String header) {
    if (header == null) {
      return Optional.empty();
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
