package io.hubgate.events;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes events to {@link Channels#HUBSPOT_EVENTS}. The returned {@code Uni} completes only when the connector
 * acknowledged the message (Kafka: the broker acknowledged it with acks=all) and fails when it was refused, so that a
 * caller answers HubSpot only after the event is safe.
 */
@ApplicationScoped
public class EventPublisher {

  private final MutinyEmitter<String> emitter;
  private final CloudEventMapper mapper;

  EventPublisher(@Channel(Channels.HUBSPOT_EVENTS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
      MutinyEmitter<String> emitter, ObjectMapper objectMapper) {
    this.emitter = emitter;
    this.mapper = new CloudEventMapper(objectMapper);
  }

  /** Publishes {@code event} as a CloudEvent with the given {@code id} (its identity, see {@link CloudEventMapper}). */
  public Uni<Void> publish(HubSpotEvent event, String id) {
    return Uni.createFrom().deferred(() -> {
      var headers = new RecordHeaders();
      headers.add("content-type", CloudEventMapper.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
      var kafka = OutgoingKafkaRecordMetadata.<String>builder()
          .withKey(event.partitionKey())
          .withHeaders(headers)
          .build();
      return emitter.sendMessage(Message.of(mapper.toJson(event, id), Metadata.of(kafka)));
    });
  }
}
