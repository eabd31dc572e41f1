package io.hubgate.writes.messaging;

import io.smallrye.mutiny.Uni;

/**
 * Where outcomes are published; each {@code Uni} completes when the connector acknowledged the record (Kafka: the
 * broker, acks=all) and fails when it was refused.
 */
public interface WriteOutcomeSink {

  /** To {@link WritesChannels#HUBSPOT_WRITE_RESULTS}, keyed by the caller's id. */
  Uni<Void> result(String id, String json);

  /** To {@link WritesChannels#HUBSPOT_WRITES_DLQ}, keyed by the caller's id (null when the message had none). */
  Uni<Void> deadLetter(String id, String json);
}
