package io.hubgate.writes;

import java.time.Duration;

/** The coalescer's knobs ({@link CoalescingConfig}) as a plain value, so that tests build one without Quarkus. */
record CoalescingSettings(int maxBatchSize, Duration linger, Duration maxLinger, int queueCapacity, int maxInFlight,
    Duration callerTimeout, int maxIsolationRequests, Duration shutdownGrace) {

  static CoalescingSettings of(CoalescingConfig c) {
    return new CoalescingSettings(c.maxBatchSize(), c.linger(), c.maxLinger(), c.queueCapacity(), c.maxInFlight(),
        c.callerTimeout(), c.maxIsolationRequests(), c.shutdownGrace());
  }

  static CoalescingSettings defaults() {
    return new CoalescingSettings(100, Duration.ofMillis(50), Duration.ofMillis(500), 10_000, 4, Duration.ofSeconds(60),
        16, Duration.ofSeconds(5));
  }

  /** Sets the linger, and the max linger to ten times it (as the defaults are). */
  CoalescingSettings withLinger(Duration value) {
    return new CoalescingSettings(maxBatchSize, value, value.multipliedBy(10), queueCapacity, maxInFlight,
        callerTimeout, maxIsolationRequests, shutdownGrace);
  }

  CoalescingSettings withQueueCapacity(int value) {
    return new CoalescingSettings(maxBatchSize, linger, maxLinger, value, maxInFlight, callerTimeout,
        maxIsolationRequests, shutdownGrace);
  }

  CoalescingSettings withMaxInFlight(int value) {
    return new CoalescingSettings(maxBatchSize, linger, maxLinger, queueCapacity, value, callerTimeout,
        maxIsolationRequests, shutdownGrace);
  }

  CoalescingSettings withCallerTimeout(Duration value) {
    return new CoalescingSettings(maxBatchSize, linger, maxLinger, queueCapacity, maxInFlight, value,
        maxIsolationRequests, shutdownGrace);
  }

  CoalescingSettings withMaxIsolationRequests(int value) {
    return new CoalescingSettings(maxBatchSize, linger, maxLinger, queueCapacity, maxInFlight, callerTimeout, value,
        shutdownGrace);
  }

  CoalescingSettings withShutdownGrace(Duration value) {
    return new CoalescingSettings(maxBatchSize, linger, maxLinger, queueCapacity, maxInFlight, callerTimeout,
        maxIsolationRequests, value);
  }
}
