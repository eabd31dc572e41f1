package io.hubgate.hubspot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.hubgate.ratelimit.Lane;
import io.opentelemetry.api.trace.SpanContext;

/**
 * One INFO line per request sent to HubSpot (every attempt, whichever client carried it), in its own category
 * {@value #CATEGORY} so that operators switch it on and off by its level:
 * <pre>HubSpot request portal=62515 method=GET path=/crm/v3/objects/contacts/{id} status=200 attempt=1 lane=interactive limiter_wait_ms=0 duration_ms=41</pre>
 * {@code status=none} with {@code error=} (the failure's class) when no answer came. The path is its
 * {@link PathTemplate}; the path as sent ({@code record_path=}) only with {@code hubgate.logging.record-ids=true}. Never a
 * token, a header or a query (a query may carry record ids and emails too).
 * <p>
 * The same fields are in the record's MDC under {@value #MDC_PREFIX} ({@code hubspot.portal}, {@code hubspot.status},
 * ...), so that JSON logs (whose formatter writes the MDC as {@code mdc}) can be searched by field rather than parsed;
 * they are put only around the synchronous log call and the caller's MDC is restored right after: Quarkus' MDC lives on
 * the Vert.x context, which the caller's later lines share.
 * <p>
 * With OpenTelemetry the line names its attempt's span in the keys Quarkus uses ({@code traceId}, {@code spanId},
 * {@code parentId} the HubSpot call's span, {@code sampled}), for this line only: the context the answer arrives on may
 * hold another trace's ids (a coalesced batch is sent from whichever caller's context dispatched it).
 */
public final class HubSpotRequestLog {

  public static final String CATEGORY = "io.hubgate.hubspot.requests";
  /** The prefix of this line's fields in the MDC. */
  public static final String MDC_PREFIX = "hubspot.";
  private static final Logger LOG = Logger.getLogger(CATEGORY);

  private final boolean recordIds;

  public HubSpotRequestLog(boolean recordIds) {
    this.recordIds = recordIds;
  }

  public static HubSpotRequestLog of(RequestLogConfig config) {
    return new HubSpotRequestLog(config.recordIds());
  }

  /** How a path may appear in this gateway's logs: the template, or the path itself when record ids are allowed. */
  String path(String path) {
    return recordIds ? path : PathTemplate.of(path);
  }

  void answered(long portalId, String method, String path, int status, int attempt, Lane lane, Duration limiterWait,
      long nanos, SpanContext span, SpanContext parent) {
    if (LOG.isInfoEnabled()) {
      log(fields(portalId, method, path, Integer.toString(status), attempt, lane, limiterWait, nanos), span, parent);
    }
  }

  void failed(long portalId, String method, String path, Throwable failure, int attempt, Lane lane,
      Duration limiterWait, long nanos, SpanContext span, SpanContext parent) {
    if (LOG.isInfoEnabled()) {
      Throwable cause = failure instanceof HubSpotCallPolicy.NotSentException && failure.getCause() != null
          ? failure.getCause() : failure;
      List<String> fields = fields(portalId, method, path, "none", attempt, lane, limiterWait, nanos);
      add(fields, "error", cause.getClass().getSimpleName());
      if (failure instanceof HubSpotCallPolicy.NotSentException) {
        add(fields, "sent", "false");
      }
      log(fields, span, parent);
    }
  }

  /** Names and values, in the line's order. */
  private List<String> fields(long portalId, String method, String path, String status, int attempt, Lane lane,
      Duration limiterWait, long nanos) {
    List<String> fields = new ArrayList<>(24);
    add(fields, "portal", Long.toString(portalId));
    add(fields, "method", method);
    add(fields, "path", PathTemplate.of(path));
    add(fields, "status", status);
    add(fields, "attempt", Integer.toString(attempt));
    add(fields, "lane", lane.name().toLowerCase(Locale.ROOT));
    add(fields, "limiter_wait_ms", Long.toString(limiterWait.toMillis()));
    add(fields, "duration_ms", Long.toString(nanos / 1_000_000));
    if (recordIds) {
      add(fields, "record_path", path);
    }
    return fields;
  }

  private static void add(List<String> fields, String name, String value) {
    fields.add(name);
    fields.add(value);
  }

  /**
   * The readable line, with its fields and its span's ids in the MDC for this call only (whatever the caller had there
   * is put back).
   */
  private static void log(List<String> fields, SpanContext span, SpanContext parent) {
    StringBuilder line = new StringBuilder(160).append("HubSpot request");
    List<String> mdc = new ArrayList<>(fields.size() + 8);
    for (int i = 0; i < fields.size(); i += 2) {
      line.append(' ').append(fields.get(i)).append('=').append(fields.get(i + 1));
      add(mdc, MDC_PREFIX + fields.get(i), fields.get(i + 1));
    }
    if (span.isValid()) {
      add(mdc, "traceId", span.getTraceId());
      add(mdc, "spanId", span.getSpanId());
      add(mdc, "parentId", parent.getSpanId());
      add(mdc, "sampled", Boolean.toString(span.isSampled()));
    }
    Object[] previous = new Object[mdc.size() / 2];
    for (int i = 0; i < mdc.size(); i += 2) {
      previous[i / 2] = MDC.put(mdc.get(i), mdc.get(i + 1));
    }
    try {
      LOG.info(line.toString());
    } finally {
      for (int i = 0; i < mdc.size(); i += 2) {
        if (previous[i / 2] == null) {
          MDC.remove(mdc.get(i));
        } else {
          MDC.put(mdc.get(i), previous[i / 2]);
        }
      }
    }
  }
}
