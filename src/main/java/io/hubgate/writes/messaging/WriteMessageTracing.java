package io.hubgate.writes.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.hubgate.tracing.Spans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * A write message's processing span, from its start to its published outcome: a child of the W3C context in the
 * record's {@code traceparent}/{@code tracestate} headers when it has them (as {@code EventPublisher} writes them on
 * events), else a trace of its own. The message's coalesced write is a child of it ({@code coalesce ...}), and the batch
 * that carries the write links that span.
 * <p>
 * The Kafka connector's own tracing stays off for this channel ({@code tracing-enabled=false}): it would end its span as
 * the record is polled and never make it current for the processing, so the write would still not join the trace.
 */
final class WriteMessageTracing {

  static final AttributeKey<Long> PARTITION = AttributeKey.longKey("messaging.destination.partition.id");
  static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");

  private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Headers headers) {
      List<String> keys = new ArrayList<>();
      headers.forEach(h -> keys.add(h.key()));
      return keys;
    }

    @Override
    public String get(Headers headers, String key) {
      Header header = headers == null ? null : headers.lastHeader(key);
      return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
  };

  private final Tracer tracer;

  WriteMessageTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  /** The context to process {@code message} in: its processing span, under the record's trace when it carries one. */
  Context start(Message<?> message) {
    IncomingKafkaRecordMetadata<?, ?> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
    Context parent = kafka == null
        ? Context.root()
        : W3CTraceContextPropagator.getInstance().extract(Context.root(), kafka.getHeaders(), HEADERS);
    Span span = tracer.spanBuilder("process " + WritesChannels.HUBSPOT_WRITES)
        .setParent(parent)
        .setSpanKind(SpanKind.CONSUMER)
        .startSpan();
    if (span.isRecording()) {
      span.setAttribute(Spans.MESSAGING_DESTINATION, WritesChannels.HUBSPOT_WRITES);
      if (kafka != null) {
        span.setAttribute(Spans.MESSAGING_SYSTEM, "kafka");
        span.setAttribute(PARTITION, (long) kafka.getPartition());
        span.setAttribute(OFFSET, kafka.getOffset());
      }
    }
    return parent.with(span);
  }
}
