package io.hubgate.writes.messaging;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes outcomes with the caller's id as the Kafka key (the in-process connector ignores the metadata); each send
 * completes on the connector's acknowledgement.
 */
@ApplicationScoped
class WriteOutcomePublisher implements WriteOutcomeSink {

  private final MutinyEmitter<String> results;
  private final MutinyEmitter<String> deadLetters;

  WriteOutcomePublisher(
      @Channel(WritesChannels.HUBSPOT_WRITE_RESULTS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
      MutinyEmitter<String> results,
      @Channel(WritesChannels.HUBSPOT_WRITES_DLQ) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
      MutinyEmitter<String> deadLetters) {
    this.results = results;
    this.deadLetters = deadLetters;
  }

  @Override
  public Uni<Void> result(String id, String json) {
    return send(results, id, json);
  }

  @Override
  public Uni<Void> deadLetter(String id, String json) {
    return send(deadLetters, id, json);
  }

  private static Uni<Void> send(MutinyEmitter<String> emitter, String id, String json) {
    return Uni.createFrom().deferred(() -> {
      if (id == null) {
        return emitter.sendMessage(Message.of(json));
      }
      var kafka = OutgoingKafkaRecordMetadata.<String>builder().withKey(id).build();
      return emitter.sendMessage(Message.of(json, Metadata.of(kafka)));
    });
  }
}
