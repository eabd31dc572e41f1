package io.hubgate.hubspot;

import java.time.Duration;
import java.util.Locale;

import org.jboss.logging.Logger;

import io.hubgate.ratelimit.Lane;

/**
 * One INFO line per request sent to HubSpot (every attempt, whichever client carried it), in its own category
 * {@value #CATEGORY} so that operators switch it on and off by its level:
 * <pre>HubSpot request portal=62515 method=GET path=/crm/v3/objects/contacts/{id} status=200 attempt=1 lane=interactive limiter_wait_ms=0 duration_ms=41</pre>
 * {@code status=none} with {@code error=} (the failure's class) when no answer came. The path is its
 * {@link PathTemplate}; the path as sent ({@code record_path=}) only with {@code hubgate.logging.record-ids=true}. Never a
 * token, a header or a query (a query may carry record ids and emails too). In JSON logs the MDC (trace and span ids,
 * with OpenTelemetry) comes with it.
 */
public final class HubSpotRequestLog {

  public static final String CATEGORY = "io.hubgate.hubspot.requests";
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
      long nanos) {
    if (LOG.isInfoEnabled()) {
      LOG.info(line(portalId, method, path, Integer.toString(status), attempt, lane, limiterWait, nanos).toString());
    }
  }

  void failed(long portalId, String method, String path, Throwable failure, int attempt, Lane lane,
      Duration limiterWait, long nanos) {
    if (LOG.isInfoEnabled()) {
      Throwable cause = failure instanceof HubSpotCallPolicy.NotSentException && failure.getCause() != null
          ? failure.getCause() : failure;
      LOG.info(line(portalId, method, path, "none", attempt, lane, limiterWait, nanos)
          .append(" error=").append(cause.getClass().getSimpleName())
          .append(failure instanceof HubSpotCallPolicy.NotSentException ? " sent=false" : "")
          .toString());
    }
  }

  private StringBuilder line(long portalId, String method, String path, String status, int attempt, Lane lane,
      Duration limiterWait, long nanos) {
    StringBuilder line = new StringBuilder(160)
        .append("HubSpot request portal=").append(portalId)
        .append(" method=").append(method)
        .append(" path=").append(PathTemplate.of(path))
        .append(" status=").append(status)
        .append(" attempt=").append(attempt)
        .append(" lane=").append(lane.name().toLowerCase(Locale.ROOT))
        .append(" limiter_wait_ms=").append(limiterWait.toMillis())
        .append(" duration_ms=").append(nanos / 1_000_000);
    if (recordIds) {
      line.append(" record_path=").append(path);
    }
    return line;
  }
}
