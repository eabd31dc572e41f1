package io.hubgate.writes.messaging;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The messaging input ({@code hubgate.write-messages.*}, environment {@code HUBGATE_WRITE_MESSAGES_*}); its channels
 * are configured as {@code mp.messaging.*.hubspot-writes*}.
 */
@ConfigMapping(prefix = "hubgate.write-messages")
public interface WriteMessagesConfig {

  /** How long a written message's result answers its redeliveries. Default {@code PT24H}. */
  @WithDefault("PT24H")
  Duration resultTtl();

  /** Results kept without Redis (one replica, in memory; the oldest leave first). Default {@code 100000}. */
  @WithDefault("100000")
  @Min(1)
  int localMaxResults();

  /**
   * Messages processed at once per replica (waiting in the coalescer or being published); the next message is taken
   * when one finishes. Enough to fill batches of 100 for a few portals; below the coalescer's queue capacity, so that
   * the input is never refused with {@code write-queue-full}. Default {@code 1000}.
   */
  @WithDefault("1000")
  @Min(1)
  int maxInFlight();

  /**
   * Attempts to publish an outcome (200 ms to 2 s apart) before the message is nacked: the channel then fails and the
   * message is redelivered from the last committed offset. Default {@code 5}.
   */
  @WithDefault("5")
  @Min(2)
  @Max(100)
  int publishAttempts();
}
