package io.hubgate.hubspot;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.hubgate.config.HubgateConfig;
import io.hubgate.portals.PortalAppIds;
import io.hubgate.portals.PortalCredentials;
import io.hubgate.portals.PortalNotAuthorizedException;
import io.hubgate.ratelimit.Permit;
import io.hubgate.ratelimit.RateLimitExceededException;
import io.hubgate.ratelimit.RateLimitHeaders;
import io.hubgate.ratelimit.RateLimiter;
import io.hubgate.ratelimit.RejectReason;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Every outbound HubSpot call goes through here, and this is where the policy lives.
 * <ul>
 *   <li>The portal's token ({@link PortalCredentials}) replaces any caller credential.</li>
 *   <li>Each attempt, retries included, first takes a permit from the limiter of the portal and the app behind its token
 *       ({@link PortalAppIds}: the configured app id of a private-app token, the app id HubSpot named at an OAuth
 *       install), since HubSpot's burst budget is per app and portal; a wait beyond the limiter's
 *       bound is a 429 problem with {@code Retry-After}, and nothing is sent.</li>
 *   <li>429: the limiter is {@linkplain RateLimiter#penalize penalized} (a cool-down in Redis pauses the portal on
 *       every replica), then the call waits {@code Retry-After} or what the {@code policyName} implies, plus jitter, and
 *       tries again; a {@code DAILY} 429 is not retried. 5xx and 477, timeouts and dropped connections: exponential
 *       back-off with jitter, at most {@code max-attempts} attempts.</li>
 *   <li>A call that is not idempotent (a create, a PATCH, a merge) is resent only when HubSpot certainly did not act on
 *       it: after a 429 or 477, or when no connection could be made. A 5xx answer is relayed, and a timeout or dropped
 *       connection after sending becomes a 504 {@code outcome-unknown} problem, never a blind resend.</li>
 *   <li>{@code X-HubSpot-RateLimit-*} headers go to {@link RateLimiter#observe}, which books usage the gateway did not
 *       admit (another process with the same app).</li>
 *   <li>401: {@link PortalCredentials#afterUnauthorized} once and one more attempt with what it gives; never a loop. A
 *       second 401 is a 409 {@code portal-not-authorized} problem: the caller's own token was fine, the portal's was not.</li>
 * </ul>
 * <p>
 * A generic pass-through (any method, path and raw query, raw body, HubSpot's headers back unchanged) does not fit the
 * typed interface of the Quarkus REST Client (it re-encodes paths and queries and maps bodies), so the transport is the
 * Vert.x HTTP client that the REST Client itself runs on; this facade is still the one way out to HubSpot.
 */
@ApplicationScoped
public class HubSpotClient implements AutoCloseable {

  static final String SOURCE_AUTHORIZATION = "Authorization";
  /** Headers never relayed in either direction: hop-by-hop, cookies, and lengths/encodings Vert.x recomputes. */
  private static final Set<String> NOT_RELAYED = Set.of("connection", "keep-alive", "transfer-encoding", "te", "trailer",
      "upgrade", "proxy-authorization", "proxy-authenticate", "content-length", "content-encoding", "set-cookie", "host",
      "authorization", "accept-encoding");

  /** Renewals of an expired permit per attempt before the caller is told to come back (a replica far behind). */
  private static final int MAX_RENEWALS = 3;

  private final HttpClient http;
  private final RateLimiter limiter;
  private final PortalCredentials credentials;
  private final PortalAppIds appIds;
  private final HubSpotClientSettings settings;
  private final boolean ssl;
  private final String host;
  private final int port;
  private final String basePath;

  @Inject
  HubSpotClient(Vertx vertx, RateLimiter limiter, PortalCredentials credentials, PortalAppIds appIds,
      HubgateConfig config) {
    this(vertx, limiter, credentials, appIds, HubSpotClientSettings.of(config.hubspot()));
  }

  /** Outside CDI (tests, tools): {@code appIds} names the app whose (app, portal) window a portal's calls use. */
  public HubSpotClient(Vertx vertx, RateLimiter limiter, PortalCredentials credentials, PortalAppIds appIds,
      HubSpotClientSettings settings) {
    this.limiter = limiter;
    this.credentials = credentials;
    this.appIds = appIds;
    this.settings = settings;
    URI url = settings.baseUrl();
    this.ssl = "https".equalsIgnoreCase(url.getScheme());
    this.host = url.getHost();
    this.port = url.getPort() > 0 ? url.getPort() : ssl ? 443 : 80;
    String basePath = url.getRawPath() == null ? "" : url.getRawPath();
    this.basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    this.http = vertx.createHttpClient(new HttpClientOptions()
        .setMaxPoolSize(settings.maxConnections())
        .setConnectTimeout((int) settings.connectTimeout().toMillis())
        .setKeepAlive(true)
        .setMaxWaitQueueSize(-1));
  }

  /** Sends the request for its portal under the portal's limiter and the retry policy above; HubSpot's final answer as is. */
  public Uni<HubSpotResponse> send(HubSpotRequest request) {
    long portalId = request.portalId();
    String portal = Long.toString(portalId);
    return credentials.accessToken(portalId)
        .flatMap(token -> appIds.appId(portalId)
            .flatMap(app -> attempt(new Call(portalId, portal, app, request), token, 1, false)));
  }

  private Uni<HubSpotResponse> attempt(Call call, String token, int attempt, boolean afterUnauthorized) {
    return limiter.acquire(call.portal, call.app, call.request.lane())
        .onFailure(RateLimitExceededException.class)
        .transform(e -> HubSpotProblems.overBudget(call.portalId, (RateLimitExceededException) e))
        .flatMap(permit -> exchange(call, token, permit, 0))
        .flatMap(outcome -> decide(call, token, attempt, afterUnauthorized, outcome));
  }

  private Uni<HubSpotResponse> decide(Call call, String token, int attempt, boolean afterUnauthorized, Outcome outcome) {
    boolean attemptsLeft = attempt < settings.maxAttempts();
    HubSpotRequest request = call.request;
    if (outcome.response == null) {
      boolean retry = attemptsLeft && (!outcome.sent || request.idempotent());
      if (retry) {
        Log.debugf("HubSpot %s %s for portal %s failed (%s), attempt %d: retrying", request.method(), request.path(),
            call.portal, outcome.failure.toString(), attempt);
        return later(RetryDelays.backoff(attempt, settings.initialBackoff(), settings.maxBackoff()),
            () -> attempt(call, token, attempt + 1, afterUnauthorized));
      }
      if (outcome.sent && !request.idempotent()) {
        Log.warnf("HubSpot %s %s for portal %s: no answer (%s); not resent, outcome unknown", request.method(),
            request.path(), call.portal, outcome.failure.toString());
        return Uni.createFrom().failure(HubSpotProblems.outcomeUnknown(call.portalId, request.method(), request.path()));
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
    if (transientFailure && attemptsLeft && (request.idempotent() || neverActedOn)) {
      Duration wait = RetryDelays.retryAfter(response.header("Retry-After"))
          .filter(d -> d.compareTo(settings.maxBackoff()) <= 0)
          .orElseGet(() -> RetryDelays.backoff(attempt, settings.initialBackoff(), settings.maxBackoff()));
      Log.debugf("HubSpot answered %d to %s %s for portal %s, attempt %d: retrying in %s", status, request.method(),
          request.path(), call.portal, attempt, wait);
      return later(wait, () -> attempt(call, token, attempt + 1, afterUnauthorized));
    }
    return Uni.createFrom().item(response);
  }

  /** A lazy continuation after a delay: the next attempt is built only when it is due (retries must resubscribe fresh). */
  private static Uni<HubSpotResponse> later(Duration wait, java.util.function.Supplier<Uni<HubSpotResponse>> next) {
    return Uni.createFrom().voidItem()
        .onItem().delayIt().by(wait)
        .flatMap(ignored -> next.get());
  }

  /**
   * Writes the request on its permit, at the moment the connection is ready; a permit that expired meanwhile (a busy
   * event loop, a slow pool) is not used: the unsent request is dropped, the permit renewed (its slot given back, the
   * earliest free one taken, ahead of the lane's queue) and the exchange starts over, at most {@code MAX_RENEWALS}
   * times.
   */
  private Uni<Outcome> exchange(Call call, String token, Permit permit, int renewals) {
    HubSpotRequest request = call.request;
    var options = new RequestOptions()
        .setMethod(HttpMethod.valueOf(request.method()))
        .setSsl(ssl)
        .setHost(host)
        .setPort(port)
        // sent unparsed: exactly the target that the access, lane and retry decisions were made on
        .setURI(basePath + request.pathAndQuery())
        .setIdleTimeout(settings.requestTimeout().toMillis());
    for (Map.Entry<String, String> h : request.headers()) {
      if (!NOT_RELAYED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        options.addHeader(h.getKey(), h.getValue());
      }
    }
    options.putHeader(SOURCE_AUTHORIZATION, "Bearer " + token);
    return http.request(options)
        .onItemOrFailure().transformToUni((outbound, notConnected) -> {
          if (notConnected != null) {
            return Uni.createFrom().item(Outcome.failed(false, notConnected));
          }
          if (!limiter.sending(permit)) {
            // dropped before a byte was written; the reset's own failure report is expected, not an error
            outbound.exceptionHandler(ignored -> { });
            outbound.reset();
            if (renewals >= MAX_RENEWALS) {
              limiter.abandon(permit);
              return Uni.createFrom().failure(HubSpotProblems.overBudget(call.portalId,
                  new RateLimitExceededException(permit.waited().plusSeconds(1), RejectReason.SEND_LAG)));
            }
            return limiter.renew(permit)
                .onFailure(RateLimitExceededException.class)
                .transform(e -> HubSpotProblems.overBudget(call.portalId, (RateLimitExceededException) e))
                .flatMap(renewed -> exchange(call, token, renewed, renewals + 1));
          }
          Uni<HttpClientResponse> sent = request.body().length() == 0 ? outbound.send() : outbound.send(request.body());
          return sent
              .flatMap(response -> response.body().map(body -> Outcome.answered(toResponse(response, body))))
              .ifNoItem().after(settings.requestTimeout().plusSeconds(1))
              .failWith(java.util.concurrent.TimeoutException::new)
              .onFailure().recoverWithItem(failure -> Outcome.failed(true, failure));
        });
  }

  private static HubSpotResponse toResponse(HttpClientResponse response, Buffer body) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (Map.Entry<String, String> h : response.headers()) {
      if (!NOT_RELAYED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        headers.add(Map.entry(h.getKey(), h.getValue()));
      }
    }
    return new HubSpotResponse(response.statusCode(), headers, body);
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

  @PreDestroy
  @Override
  public void close() {
    http.closeAndForget();
  }

  private record Call(long portalId, String portal, String app, HubSpotRequest request) {
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
      String name = failure.getClass().getSimpleName().toLowerCase(Locale.ROOT);
      String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
      return name.contains("timeout") || message.contains("timeout") || message.contains("timed out");
    }
  }
}
