package io.hubgate.hubspot;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.hubgate.config.HubgateConfig;
import io.hubgate.portals.PortalAppIds;
import io.hubgate.portals.PortalCredentials;
import io.hubgate.portals.PortalNotAuthorizedException;
import io.hubgate.ratelimit.Lane;
import io.hubgate.ratelimit.Permit;
import io.hubgate.ratelimit.RateLimitExceededException;
import io.hubgate.ratelimit.RateLimitHeaders;
import io.hubgate.ratelimit.RateLimiter;
import io.hubgate.ratelimit.RejectReason;
import io.hubgate.tracing.Spans;
import io.hubgate.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The one policy every outbound HubSpot call runs under, whatever carries it (the Vert.x pass-through of
 * {@link HubSpotClient}, or the typed REST-client batch calls of {@link HubSpotBatchClient}).
 * <ul>
 *   <li>The portal's token ({@link PortalCredentials}) replaces any caller credential.</li>
 *   <li>Each attempt, retries included, first takes a permit in the call's lane from the limiter of the portal and the
 *       app behind its token ({@link PortalAppIds}: the configured app id of a private-app token, the app id HubSpot
 *       named at an OAuth install), since HubSpot's burst budget is per app and portal; a wait beyond the limiter's bound
 *       is a 429 problem with {@code Retry-After}, and nothing is sent.</li>
 *   <li>A permit is valid only within a share of δ of its slot: the transport asks {@link RateLimiter#sending} at the
 *       moment it is about to write ({@link WriteGate}); an expired permit is not used, the unsent request is dropped,
 *       the permit {@linkplain RateLimiter#renew renewed} and the exchange starts over, at most {@value #MAX_RENEWALS}
 *       times; then the permit is {@linkplain RateLimiter#abandon abandoned} and the call is a 429 problem
 *       ({@link RejectReason#SEND_LAG}).</li>
 *   <li>429: the limiter is {@linkplain RateLimiter#penalize penalized} (a cool-down in Redis pauses the portal on
 *       every replica), then the call waits {@code Retry-After} or what the {@code policyName} implies, plus jitter, and
 *       tries again; a {@code DAILY} 429 is not retried. 5xx and 477, timeouts and dropped connections: exponential
 *       back-off with jitter, at most {@code max-attempts} attempts.</li>
 *   <li>A call that is not idempotent is resent only when HubSpot certainly did not act on it: after a 429 or 477, or
 *       when no connection could be made. A 5xx answer is relayed, and a timeout or dropped connection after sending
 *       becomes a 504 {@code outcome-unknown} problem, never a blind resend.</li>
 *   <li>{@code X-HubSpot-RateLimit-*} headers go to {@link RateLimiter#observe}.</li>
 *   <li>401: {@link PortalCredentials#afterUnauthorized} once and one more attempt with what it gives; never a loop. A
 *       second 401 is a 409 {@code portal-not-authorized} problem: the caller's own token was fine, the portal's was not.</li>
 *   <li>Every request sent is one line of {@link HubSpotRequestLog} (status, attempt, limiter wait); paths appear in
 *       logs as templates unless {@code hubgate.logging.record-ids} allows the ids.</li>
 * </ul>
 * Traces (docs/observability.md): a span per call ({@code HubSpot POST /crm/v3/objects/contacts/batch/create}), a
 * child per attempt with HubSpot's status, and under each attempt the wait for its permit (lane, time waited, renewals).
 * The exchanges themselves are not traced by the HTTP clients' instrumentation: their spans would hold the full URL,
 * and no trace context is sent to HubSpot.
 */
@ApplicationScoped
public class HubSpotCallPolicy {

  /** Renewals of an expired permit per attempt before the caller is told to come back (a replica far behind). */
  static final int MAX_RENEWALS = 3;

  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("hubspot.attempt");
  static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("hubspot.attempts");
  static final AttributeKey<Boolean> IDEMPOTENT = AttributeKey.booleanKey("hubspot.idempotent");
  static final AttributeKey<Boolean> MAY_HAVE_REACHED = AttributeKey.booleanKey("hubspot.may_have_reached");
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> PATH = AttributeKey.stringKey("url.template");
  static final AttributeKey<Long> WAITED_MS = AttributeKey.longKey("hubgate.limiter.waited_ms");
  static final AttributeKey<String> MODE = AttributeKey.stringKey("hubgate.limiter.mode");
  static final AttributeKey<Boolean> RENEWAL = AttributeKey.booleanKey("hubgate.limiter.renewal");
  static final AttributeKey<Long> RENEWALS = AttributeKey.longKey("hubgate.limiter.renewals");
  static final AttributeKey<String> REJECTED = AttributeKey.stringKey("hubgate.limiter.rejected");

  private final RateLimiter limiter;
  private final PortalCredentials credentials;
  private final PortalAppIds appIds;
  private final HubSpotClientSettings settings;
  private final HubSpotRequestLog requestLog;
  private final Tracer tracer;

  @Inject
  HubSpotCallPolicy(RateLimiter limiter, PortalCredentials credentials, PortalAppIds appIds, HubgateConfig config,
      RequestLogConfig logging, Tracing tracing) {
    this(limiter, credentials, appIds, HubSpotClientSettings.of(config.hubspot()), HubSpotRequestLog.of(logging),
        tracing.tracer());
  }

  /** Outside CDI (tests, tools): {@code appIds} names the app whose (app, portal) window a portal's calls use. */
  public HubSpotCallPolicy(RateLimiter limiter, PortalCredentials credentials, PortalAppIds appIds,
      HubSpotClientSettings settings) {
    this(limiter, credentials, appIds, settings, new HubSpotRequestLog(false), Spans.noop());
  }

  public HubSpotCallPolicy(RateLimiter limiter, PortalCredentials credentials, PortalAppIds appIds,
      HubSpotClientSettings settings, HubSpotRequestLog requestLog) {
    this(limiter, credentials, appIds, settings, requestLog, Spans.noop());
  }

  /** Outside CDI, traced by {@code tracer}. */
  public HubSpotCallPolicy(RateLimiter limiter, PortalCredentials credentials, PortalAppIds appIds,
      HubSpotClientSettings settings, Tracer tracer) {
    this(limiter, credentials, appIds, settings, new HubSpotRequestLog(false), tracer);
  }

  public HubSpotCallPolicy(RateLimiter limiter, PortalCredentials credentials, PortalAppIds appIds,
      HubSpotClientSettings settings, HubSpotRequestLog requestLog, Tracer tracer) {
    this.limiter = limiter;
    this.credentials = credentials;
    this.appIds = appIds;
    this.settings = settings;
    this.requestLog = requestLog;
    this.tracer = tracer;
  }

  /**
   * One HTTP exchange with HubSpot. It completes with HubSpot's answer, whatever its status, or fails: with
   * {@link NotSentException} when the request certainly did not reach HubSpot (no connection, or the gate closed),
   * with anything else when it may have. It must be lazy: each attempt calls it again.
   */
  @FunctionalInterface
  public interface Exchange {
    Uni<HubSpotResponse> send(String bearerToken, WriteGate gate);
  }

  /**
   * Asked by the transport at the last moment before it writes the request (ideally with the connection in hand).
   * {@code true}: write it now. {@code false}: the permit expired; write nothing and fail with {@link #closed()}.
   */
  public interface WriteGate {
    boolean open();

    /** The failure an exchange completes with when {@link #open()} said no. */
    default NotSentException closed() {
      return new PermitExpiredException();
    }
  }

  /** The permit expired before the request was written: nothing was sent, the policy renews the permit. */
  static final class PermitExpiredException extends NotSentException {
    PermitExpiredException() {
      super(null);
    }
  }

  /** Nothing reached HubSpot (no connection could be made): any call may be resent. */
  public static class NotSentException extends RuntimeException {
    public NotSentException(Throwable cause) {
      super(cause == null ? "not sent: permit expired" : "not sent: " + cause, cause, false, false);
    }
  }

  public HubSpotClientSettings settings() {
    return settings;
  }

  /**
   * Runs {@code exchange} for this portal under the policy above.
   *
   * @param idempotent whether sending it twice leaves HubSpot as sending it once (then an unknown outcome is retried)
   * @param method     for logs and the outcome-unknown problem
   * @param path       for logs and the outcome-unknown problem (no query: it may carry record ids)
   */
  public Uni<HubSpotResponse> call(long portalId, Lane lane, boolean idempotent, String method, String path,
      Exchange exchange) {
    return call(Context.current(), portalId, lane, idempotent, method, path, exchange);
  }

  /** As above, its span a child of {@code parent} (the current context of the caller who asked for the call). */
  public Uni<HubSpotResponse> call(Context parent, long portalId, Lane lane, boolean idempotent, String method,
      String path, Exchange exchange) {
    String portal = Long.toString(portalId);
    return Uni.createFrom().deferred(() -> {
      Span span = callSpan(parent, portalId, lane, idempotent, method, path);
      Uni<HubSpotResponse> answered = credentials.accessToken(portalId)
          .flatMap(token -> appIds.appId(portalId)
              .flatMap(app -> attempt(new Call(portalId, portal, app, lane, idempotent, method, path, exchange, span),
                  token, 1, false)));
      return Spans.endWith(span, span.isRecording()
          ? answered.invoke(response -> span.setAttribute(Spans.STATUS, (long) response.status()))
          : answered);
    });
  }

  private Span callSpan(Context parent, long portalId, Lane lane, boolean idempotent, String method, String path) {
    // the same template as the request log's: record positions hidden whatever they hold
    String template = PathTemplate.of(path);
    Span span = tracer.spanBuilder("HubSpot " + method + " " + template)
        .setParent(parent)
        .setSpanKind(SpanKind.INTERNAL)
        .startSpan();
    if (span.isRecording()) {
      span.setAttribute(Spans.PORTAL_ID, portalId);
      span.setAttribute(Spans.LANE, lane.name());
      span.setAttribute(IDEMPOTENT, idempotent);
      span.setAttribute(METHOD, method);
      span.setAttribute(PATH, template);
    }
    return span;
  }

  private Span child(Span parent, String name, SpanKind kind) {
    return tracer.spanBuilder(name).setParent(Context.root().with(parent)).setSpanKind(kind).startSpan();
  }

  /** One attempt: its own span (HubSpot's status, or why there was none) over the permit's wait and the exchange. */
  private Uni<HubSpotResponse> attempt(Call call, String token, int attempt, boolean afterUnauthorized) {
    Span span = child(call.span, "HubSpot attempt", SpanKind.CLIENT);
    if (span.isRecording()) {
      span.setAttribute(ATTEMPT, (long) attempt);
      span.setAttribute(METHOD, call.method);
      span.setAttribute(PATH, PathTemplate.of(call.path));
      call.span.setAttribute(ATTEMPTS, (long) attempt);
    }
    Uni<Outcome> outcome = permit(call, span, limiter.acquire(call.portal, call.app, call.lane), false)
        .flatMap(permit -> exchange(call, token, permit, attempt, 0, span));
    return Spans.endWith(span, span.isRecording() ? outcome.invoke(o -> recordOutcome(span, o)) : outcome)
        .flatMap(o -> decide(call, token, attempt, afterUnauthorized, o));
  }

  /** The wait for a permit (or a renewed one) as a span under the attempt: lane, time waited, mode, or the refusal. */
  private Uni<Permit> permit(Call call, Span attempt, Uni<Permit> acquired, boolean renewal) {
    Span span = child(attempt, "rate limiter wait", SpanKind.INTERNAL);
    Uni<Permit> traced = acquired;
    if (span.isRecording()) {
      span.setAttribute(Spans.LANE, call.lane.name());
      span.setAttribute(RENEWAL, renewal);
      traced = acquired
          .invoke(permit -> {
            span.setAttribute(WAITED_MS, permit.waited().toMillis());
            span.setAttribute(MODE, permit.mode().name());
          })
          .onFailure(RateLimitExceededException.class)
          .invoke(e -> span.setAttribute(REJECTED, ((RateLimitExceededException) e).reason().name()));
    }
    return Spans.endWith(span, traced)
        .onFailure(RateLimitExceededException.class)
        .transform(e -> HubSpotProblems.overBudget(call.portalId, (RateLimitExceededException) e));
  }

  private static void recordOutcome(Span span, Outcome outcome) {
    if (outcome.response != null) {
      span.setAttribute(Spans.STATUS, (long) outcome.response.status());
      if (outcome.response.status() >= 400) {
        span.setStatus(StatusCode.ERROR);
        span.setAttribute(Spans.ERROR_TYPE, Integer.toString(outcome.response.status()));
      }
    } else {
      span.setStatus(StatusCode.ERROR);
      span.setAttribute(Spans.ERROR_TYPE, outcome.timedOut() ? "timeout" : Spans.errorType(outcome.failure));
      span.setAttribute(MAY_HAVE_REACHED, outcome.sent);
    }
  }

  /**
   * One exchange on this permit. The timeout covers the connection and the answer, not the wait for a renewed permit
   * (each renewed exchange has its own).
   */
  private Uni<Outcome> exchange(Call call, String token, Permit permit, int attempt, int renewals, Span span) {
    return Uni.createFrom().deferred(() -> {
          long started = System.nanoTime();
          return call.exchange.send(token, () -> limiter.sending(permit))
              .ifNoItem().after(settings.requestTimeout().plusSeconds(1))
              .failWith(TimeoutException::new)
              .onItemOrFailure().invoke((response, failure) -> logRequest(call, attempt, permit, started, response,
                  failure, span));
        })
        .onItemOrFailure().transformToUni((response, failure) -> {
          if (failure instanceof PermitExpiredException) {
            return renewed(call, token, permit, attempt, renewals, span);
          }
          return Uni.createFrom().item(failure == null
              ? Outcome.answered(response)
              : Outcome.failed(!(failure instanceof NotSentException), failure));
        });
  }

  /**
   * An expired permit (a busy event loop, a slow pool): its slot is given back and the earliest free one taken, ahead of
   * the lane's queue, at most {@link #MAX_RENEWALS} times; then the caller is told to come back (a counted refusal).
   */
  private Uni<Outcome> renewed(Call call, String token, Permit expired, int attempt, int renewals, Span span) {
    if (renewals >= MAX_RENEWALS) {
      span.setAttribute(REJECTED, RejectReason.SEND_LAG.name());
      limiter.abandon(expired);
      return Uni.createFrom().failure(HubSpotProblems.overBudget(call.portalId,
          new RateLimitExceededException(expired.waited().plusSeconds(1), RejectReason.SEND_LAG)));
    }
    span.setAttribute(RENEWALS, (long) renewals + 1);
    return permit(call, span, limiter.renew(expired), true)
        .flatMap(renewed -> exchange(call, token, renewed, attempt, renewals + 1, span));
  }

  /** A request that was (or may have been) sent; an expired permit sent nothing and is renewed without a line. */
  private void logRequest(Call call, int attempt, Permit permit, long started, HubSpotResponse response,
      Throwable failure, Span span) {
    long nanos = System.nanoTime() - started;
    if (failure == null) {
      requestLog.answered(call.portalId, call.method, call.path, response.status(), attempt, call.lane, permit.waited(),
          nanos, span.getSpanContext(), call.span.getSpanContext());
    } else if (!(failure instanceof PermitExpiredException)) {
      requestLog.failed(call.portalId, call.method, call.path, failure, attempt, call.lane, permit.waited(), nanos,
          span.getSpanContext(), call.span.getSpanContext());
    }
  }

  private Uni<HubSpotResponse> decide(Call call, String token, int attempt, boolean afterUnauthorized, Outcome outcome) {
    boolean attemptsLeft = attempt < settings.maxAttempts();
    if (outcome.response == null) {
      boolean retry = attemptsLeft && (!outcome.sent || call.idempotent);
      if (retry) {
        Log.debugf("HubSpot %s %s for portal %s failed (%s), attempt %d: retrying", call.method,
            requestLog.path(call.path), call.portal, outcome.failure.getClass().getSimpleName(), attempt);
        return later(RetryDelays.backoff(attempt, settings.initialBackoff(), settings.maxBackoff()),
            () -> attempt(call, token, attempt + 1, afterUnauthorized));
      }
      if (outcome.sent && !call.idempotent) {
        Log.warnf("HubSpot %s %s for portal %s: no answer (%s); not resent, outcome unknown", call.method,
            requestLog.path(call.path), call.portal, outcome.failure.getClass().getSimpleName());
        return Uni.createFrom().failure(HubSpotProblems.outcomeUnknown(call.portalId, call.method, call.path));
      }
      return Uni.createFrom().failure(HubSpotProblems.unavailable(call.portalId, attempt, outcome.timedOut()));
    }
    HubSpotResponse response = outcome.response;
    observe(call, response);
    int status = response.status();
    if (status == 401) {
      if (afterUnauthorized) {
        Log.warnf("HubSpot refused portal %s's token again after a retry with a new one", call.portal);
        return Uni.createFrom().failure(new PortalNotAuthorizedException(call.portalId,
            "HubSpot refused the portal's token again after one retry with a new one (revoked or wrong portal)."));
      }
      return credentials.afterUnauthorized(call.portalId, token)
          .flatMap(fresh -> attempt(call, fresh, attempt + 1, true));
    }
    if (status == 429) {
      String policy = policyName(response);
      Optional<Duration> retryAfter = RetryDelays.retryAfter(response.header("Retry-After"));
      Log.warnf("HubSpot answered 429 (%s) for portal %s despite the limiter; pausing the portal on every replica",
          policy, call.portal);
      Uni<Void> penalized = limiter.penalize(call.portal, call.app, policy, retryAfter)
          .onFailure().recoverWithNull();
      if (!attemptsLeft || "DAILY".equals(policy)) {
        return penalized.replaceWith(response);
      }
      Duration wait = RetryDelays.after429(retryAfter, policy, settings.maxBackoff());
      return penalized.flatMap(ignored -> later(wait, () -> attempt(call, token, attempt + 1, afterUnauthorized)));
    }
    boolean transientFailure = status >= 500 || status == 477;
    boolean neverActedOn = status == 477; // HubSpot: the portal is being migrated, nothing was done
    if (transientFailure && attemptsLeft && (call.idempotent || neverActedOn)) {
      Duration wait = RetryDelays.retryAfter(response.header("Retry-After"))
          .filter(d -> d.compareTo(settings.maxBackoff()) <= 0)
          .orElseGet(() -> RetryDelays.backoff(attempt, settings.initialBackoff(), settings.maxBackoff()));
      Log.debugf("HubSpot answered %d to %s %s for portal %s, attempt %d: retrying in %s", status, call.method,
          requestLog.path(call.path), call.portal, attempt, wait);
      return later(wait, () -> attempt(call, token, attempt + 1, afterUnauthorized));
    }
    return Uni.createFrom().item(response);
  }

  /** A lazy continuation after a delay: the next attempt is built only when it is due (retries must resubscribe fresh). */
  private static Uni<HubSpotResponse> later(Duration wait, Supplier<Uni<HubSpotResponse>> next) {
    return Uni.createFrom().voidItem()
        .onItem().delayIt().by(wait)
        .flatMap(ignored -> next.get());
  }

  private void observe(Call call, HubSpotResponse response) {
    RateLimitHeaders headers = RateLimitHeaders.from(response::header);
    if (headers.max().isEmpty() && headers.daily().isEmpty()) {
      return;
    }
    limiter.observe(call.portal, call.app, headers)
        .subscribe().with(ignored -> { }, failure -> Log.debugf("Limiter did not take HubSpot's headers: %s", failure));
  }

  private static String policyName(HubSpotResponse response) {
    try {
      return new JsonObject(response.body().getDelegate()).getString("policyName");
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  private record Call(long portalId, String portal, String app, Lane lane, boolean idempotent, String method,
      String path, Exchange exchange, Span span) {
  }

  /** An answer, or a failure and whether the request may have reached HubSpot. */
  private record Outcome(HubSpotResponse response, boolean sent, Throwable failure) {

    static Outcome answered(HubSpotResponse response) {
      return new Outcome(response, true, null);
    }

    static Outcome failed(boolean sent, Throwable failure) {
      return new Outcome(null, sent, failure);
    }

    boolean timedOut() {
      Throwable cause = failure instanceof NotSentException && failure.getCause() != null ? failure.getCause() : failure;
      String name = cause.getClass().getSimpleName().toLowerCase(Locale.ROOT);
      String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
      return name.contains("timeout") || message.contains("timeout") || message.contains("timed out");
    }
  }
}
