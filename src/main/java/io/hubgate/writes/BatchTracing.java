package io.hubgate.writes;

import java.util.List;

import io.hubgate.tracing.Spans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * The coalescer's spans. A batch serves many callers, each in its own trace, so it cannot be a child of any one of
 * them: it is a root span linked to every caller's span, and each caller's span names the batch it rode in
 * ({@code hubgate.batch.trace_id}, {@code hubgate.batch.span_id}) and its own answer. The extra requests that isolate an
 * input HubSpot rejected a whole batch for are child spans of the batch's span, and each caller they carried gets an
 * event naming the one it rode in.
 */
final class BatchTracing {

  static final BatchTracing NONE = new BatchTracing(Spans.noop());

  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("hubspot.operation");
  static final AttributeKey<String> OBJECT_TYPE = AttributeKey.stringKey("hubspot.object_type");
  static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("hubgate.batch.size");
  static final AttributeKey<String> BATCH_TRACE_ID = AttributeKey.stringKey("hubgate.batch.trace_id");
  static final AttributeKey<String> BATCH_SPAN_ID = AttributeKey.stringKey("hubgate.batch.span_id");
  static final AttributeKey<Long> ISOLATION_REQUESTS = AttributeKey.longKey("hubgate.batch.isolation_requests");
  static final AttributeKey<String> ISOLATION_REASON = AttributeKey.stringKey("hubgate.isolation.reason");
  static final AttributeKey<String> ISOLATION_SPAN_ID = AttributeKey.stringKey("hubgate.isolation.span_id");
  static final AttributeKey<Long> RESULT_STATUS = AttributeKey.longKey("hubgate.result.status");

  private final Tracer tracer;

  BatchTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  /** The caller's span, from queueing to its answer: a child of the caller's context when its input was queued. */
  Span caller(BatchKey key, Context parent) {
    Span span = tracer.spanBuilder("coalesce " + key.operation().label() + " " + key.objectType())
        .setParent(parent)
        .setSpanKind(SpanKind.INTERNAL)
        .startSpan();
    if (span.isRecording()) {
      describe(span, key);
    }
    return span;
  }

  /** The batch's span: a new trace, linked to the span of every caller whose input it carries. */
  Span batch(BatchKey key, List<PendingInput> inputs) {
    SpanBuilder builder = tracer.spanBuilder("batch " + key.operation().label() + " " + key.objectType())
        .setNoParent()
        .setSpanKind(SpanKind.INTERNAL);
    for (PendingInput p : inputs) {
      if (p.span.getSpanContext().isValid()) {
        builder.addLink(p.span.getSpanContext());
      }
    }
    Span span = builder.startSpan();
    if (span.isRecording()) {
      describe(span, key);
      span.setAttribute(BATCH_SIZE, (long) inputs.size());
      SpanContext batch = span.getSpanContext();
      for (PendingInput p : inputs) {
        p.span.setAttribute(BATCH_TRACE_ID, batch.getTraceId());
        p.span.setAttribute(BATCH_SPAN_ID, batch.getSpanId());
        p.span.setAttribute(BATCH_SIZE, (long) inputs.size());
      }
    }
    return span;
  }

  /**
   * One extra request that isolates the input at fault: a child of the batch's span; each caller it carries gets an
   * event naming it.
   *
   * @param reason {@code named} (the error named the inputs), {@code rest} (the others, resent) or {@code bisection}
   */
  Span isolation(Span batch, BatchKey key, List<PendingInput> group, String reason) {
    Span span = tracer.spanBuilder("batch isolation")
        .setParent(Context.root().with(batch))
        .setSpanKind(SpanKind.INTERNAL)
        .startSpan();
    if (span.isRecording()) {
      describe(span, key);
      span.setAttribute(BATCH_SIZE, (long) group.size());
      span.setAttribute(ISOLATION_REASON, reason);
      Attributes event = Attributes.of(ISOLATION_SPAN_ID, span.getSpanContext().getSpanId(),
          ISOLATION_REASON, reason);
      for (PendingInput p : group) {
        p.span.addEvent("resent in isolation", event);
        p.span.setAttribute(ISOLATION_SPAN_ID, span.getSpanContext().getSpanId());
      }
    }
    return span;
  }

  private static void describe(Span span, BatchKey key) {
    span.setAttribute(Spans.PORTAL_ID, key.portalId());
    span.setAttribute(Spans.LANE, key.lane().name());
    span.setAttribute(OPERATION, key.operation().name());
    span.setAttribute(OBJECT_TYPE, key.objectType());
  }
}
