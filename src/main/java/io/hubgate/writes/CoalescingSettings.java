package io.hubgate.writes;

import java.time.Duration;

/** The coalescer's knobs ({@link CoalescingConfig}) as a plain value, so that tests build one without Quarkus. */
record CoalescingSettings(int maxBatchSize, Duration linger, int queueCapacity, int maxInFlight,
    Duration callerTimeout, int maxIsolationRequests, Duration shutdownGrace) {

  static CoalescingSettings of(CoalescingConfig c) {
    return new CoalescingSettings(c.maxBatchSize(), c.linger(), c.queueCapacity(), c.maxInFlight(), c.callerTimeout(),
        c.maxIsolationRequests(), c.shutdownGrace());
  }

  static CoalescingSettings defaults() {
    return new CoalescingSettings(100, Duration.ofMillis(50), 10_000, 4, Duration.ofSeconds(60), 16,
        Duration.ofSeconds(5));
  }

  CoalescingSettings withLinger(Duration value) {
    return new CoalescingSettings(maxBatchSize, value, queueCapacity, maxInFlight, callerTimeout, maxIsolationRequests,
        shutdownGrace);
  }

  CoalescingSettings withQueueCapacity(int value) {
    return new CoalescingSettings(maxBatchSize, linger, value, maxInFlight, callerTimeout, maxIsolationRequests,
        shutdownGrace);
  }

  CoalescingSettings withMaxInFlight(int value) {
    return new CoalescingSettings(maxBatchSize, linger, queueCapacity, value, callerTimeout, maxIsolationRequests,
        shutdownGrace);
  }

  CoalescingSettings withCallerTimeout(Duration value) {
    return new CoalescingSettings(maxBatchSize, linger, queueCapacity, maxInFlight, value, maxIsolationRequests,
        shutdownGrace);
  }

  CoalescingSettings withMaxIsolationRequests(int value) {
    return new CoalescingSettings(maxBatchSize, linger, queueCapacity, maxInFlight, callerTimeout, value,
        shutdownGrace);
  }

  CoalescingSettings withShutdownGrace(Duration value) {
    return new CoalescingSettings(maxBatchSize, linger, queueCapacity, maxInFlight, callerTimeout,
        maxIsolationRequests, value);
  }
}
