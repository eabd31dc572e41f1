package io.hubgate.events;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.hubgate.tracing.Spans;
import io.hubgate.tracing.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes events to {@link Channels#HUBSPOT_EVENTS}; {@code hubgate_events_publish_seconds} times each until
 * acknowledged, and {@link RecentEvents} keeps what passed for the console. The returned {@code Uni} completes only when the connector
 * acknowledged the message (Kafka: the broker acknowledged it with acks=all) and fails when it was refused, so that a
 * caller answers HubSpot only after the event is safe.
 * <p>
 * Each publish is a producer span whose W3C trace context travels with the event twice: as the record's
 * {@code traceparent}/{@code tracestate} headers (Kafka) and as the CloudEvent's {@code traceparent} extension (every
 * connector, and whatever stores the event). The Kafka connector's own tracing stays off
 * ({@code tracing-enabled=false}): it would add a second producer span per record and headers of its own.
 */
@ApplicationScoped
public class EventPublisher {

  private final MutinyEmitter<String> emitter;
  private final CloudEventMapper mapper;
  private final Tracer tracer;
  private final Timer publishTime;
  private final RecentEvents recent;

  static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");

  EventPublisher(@Channel(Channels.HUBSPOT_EVENTS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
      MutinyEmitter<String> emitter, ObjectMapper objectMapper, Tracing tracing, MeterRegistry registry,
      RecentEvents recent) {
    this.emitter = emitter;
    this.mapper = new CloudEventMapper(objectMapper);
    this.tracer = tracing.tracer();
    this.publishTime = Timer.builder("hubgate.events.publish")
        .description("From handing an event to the connector to its acknowledgement (Kafka: the broker's)")
        .publishPercentileHistogram()
        .register(registry);
    this.recent = recent;
  }

  /** Publishes {@code event} as a CloudEvent with the given {@code id} (its identity, see {@link CloudEventMapper}). */
  public Uni<Void> publish(HubSpotEvent event, String id) {
    return publish(event, id, Context.current());
  }

  /** As above, the publish span a child of {@code parent} (the delivery's). */
  public Uni<Void> publish(HubSpotEvent event, String id, Context parent) {
    return Uni.createFrom().deferred(() -> {
      Span span = tracer.spanBuilder("publish " + Channels.HUBSPOT_EVENTS)
          .setParent(parent)
          .setSpanKind(SpanKind.PRODUCER)
          .startSpan();
      var headers = new RecordHeaders();
      headers.add("content-type", CloudEventMapper.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
      Map<String, String> trace = new HashMap<>(2);
      if (span.isRecording()) {
        span.setAttribute(Spans.MESSAGING_SYSTEM, "kafka");
        span.setAttribute(Spans.MESSAGING_DESTINATION, Channels.HUBSPOT_EVENTS);
        span.setAttribute(Spans.MESSAGE_ID, id);
        span.setAttribute(EVENT_TYPE, CloudEventMapper.TYPE_PREFIX + event.subscriptionType());
        span.setAttribute(Spans.PORTAL_ID, event.portalId());
        W3CTraceContextPropagator.getInstance().inject(parent.with(span), trace, Map::put);
        trace.forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
      }
      var kafka = OutgoingKafkaRecordMetadata.<String>builder()
          .withKey(event.partitionKey())
          .withHeaders(headers)
          .build();
      String json = mapper.toJson(event, id, trace.get("traceparent"), trace.get("tracestate"));
      long started = System.nanoTime();
      return Spans.endWith(span, emitter.sendMessage(Message.of(json, Metadata.of(kafka))))
          .invoke(() -> {
            publishTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            recent.published(event, System.currentTimeMillis());
          });
    });
  }
}
