package io.hubgate.tracing;

import io.hubgate.problem.ProblemException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Uni;

/**
 * What the gateway's own spans share: the tracer name, attribute keys, and ending a span with its {@code Uni}.
 * <p>
 * Attributes never hold a token, a secret, a signature or a record's body: only ids the gateway decides on (portal,
 * lane, operation, object type), counts, statuses and problem slugs. Paths are recorded as templates (every segment
 * that could be a record id or an email becomes {@code {id}}), never with their query.
 * <p>
 * Without an OpenTelemetry SDK (the default: {@code quarkus.otel.sdk.disabled=true}) the tracer is a no-op: its spans
 * do not record, and the callers skip building attributes ({@link Span#isRecording()}).
 */
public final class Spans {

  /** The instrumentation scope of every span the gateway makes itself. */
  public static final String SCOPE = "io.hubgate";

  public static final AttributeKey<Long> PORTAL_ID = AttributeKey.longKey("hubgate.portal_id");
  public static final AttributeKey<String> LANE = AttributeKey.stringKey("hubgate.lane");
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  public static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
  public static final AttributeKey<String> MESSAGING_DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  public static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");

  private Spans() {
  }

  /** Outside CDI (unit tests, tools): a tracer whose spans record nothing. */
  public static Tracer noop() {
    return OpenTelemetry.noop().getTracer(SCOPE);
  }

  /**
   * Ends {@code span} when {@code uni} terminates: an error status and {@code error.type} on failure,
   * {@code error.type=cancelled} when the subscriber went away.
   */
  public static <T> Uni<T> endWith(Span span, Uni<T> uni) {
    if (!span.isRecording()) {
      return uni;
    }
    return uni.onTermination().invoke((item, failure, cancelled) -> {
      if (failure != null) {
        failed(span, failure);
      } else if (cancelled) {
        span.setAttribute(ERROR_TYPE, "cancelled");
      }
      span.end();
    });
  }

  /** Marks the span failed with the failure's problem slug (or class name): never its message, which may hold data. */
  public static void failed(Span span, Throwable failure) {
    span.setStatus(StatusCode.ERROR);
    span.setAttribute(ERROR_TYPE, errorType(failure));
    if (failure instanceof ProblemException problem) {
      span.setAttribute(STATUS, (long) problem.status());
    }
  }

  /** A problem's slug, else the failure's class name. */
  public static String errorType(Throwable failure) {
    return failure instanceof ProblemException problem ? problem.slug() : failure.getClass().getName();
  }
}
