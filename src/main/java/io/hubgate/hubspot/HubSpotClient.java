package io.hubgate.hubspot;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.hubgate.portals.PortalAppIds;
import io.hubgate.portals.PortalCredentials;
import io.hubgate.ratelimit.RateLimiter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The pass-through's way out to HubSpot: any method, path and raw query, raw body, HubSpot's headers back unchanged,
 * under the one {@link HubSpotCallPolicy} (portal token and app, a permit per attempt checked at write time, 429/5xx/401
 * handling, outcome-unknown for non-idempotent calls). Portal, lane and idempotency come from the request's
 * {@link RequestTarget}, which is also what is sent, unparsed.
 * <p>
 * A generic pass-through does not fit the typed interface of the Quarkus REST Client (it re-encodes paths and queries
 * and maps bodies), so the transport is the Vert.x HTTP client that the REST Client itself runs on; the typed batch
 * calls ({@link HubSpotBatchClient}) use the REST Client under the same policy.
 */
@ApplicationScoped
public class HubSpotClient implements AutoCloseable {

  static final String SOURCE_AUTHORIZATION = "Authorization";
  /** Headers never relayed in either direction: hop-by-hop, cookies, and lengths/encodings Vert.x recomputes. */
  private static final Set<String> NOT_RELAYED = Set.of("connection", "keep-alive", "transfer-encoding", "te", "trailer",
      "upgrade", "proxy-authorization", "proxy-authenticate", "content-length", "content-encoding", "set-cookie", "host",
      "authorization", "accept-encoding");

  private final HttpClient http;
  private final HubSpotCallPolicy policy;
  private final HubSpotClientSettings settings;
  private final boolean ssl;
  private final String host;
  private final int port;
  private final String basePath;

  @Inject
  HubSpotClient(Vertx vertx, HubSpotCallPolicy policy) {
    this.policy = policy;
    this.settings = policy.settings();
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
        .setMaxWaitQueueSize(-1)
        // the policy traces each attempt itself: no span with the full URL, no trace context sent to HubSpot
        .setTracingPolicy(TracingPolicy.IGNORE));
  }

  /** Outside CDI (tests, tools): {@code appIds} names the app whose (app, portal) window a portal's calls use. */
  public HubSpotClient(Vertx vertx, RateLimiter limiter, PortalCredentials credentials, PortalAppIds appIds,
      HubSpotClientSettings settings) {
    this(vertx, new HubSpotCallPolicy(limiter, credentials, appIds, settings));
  }

  /** Outside CDI, its calls traced by {@code tracer}. */
  public HubSpotClient(Vertx vertx, RateLimiter limiter, PortalCredentials credentials, PortalAppIds appIds,
      HubSpotClientSettings settings, Tracer tracer) {
    this(vertx, new HubSpotCallPolicy(limiter, credentials, appIds, settings, tracer));
  }

  /** Sends the request for its portal under the policy; HubSpot's final answer as is. */
  public Uni<HubSpotResponse> send(HubSpotRequest request) {
    return send(request, Context.current());
  }

  /** As above, traced as a child of {@code parent}. */
  public Uni<HubSpotResponse> send(HubSpotRequest request, Context parent) {
    return policy.call(parent, request.portalId(), request.lane(), request.idempotent(), request.method(),
        request.path(), (token, gate) -> exchange(request, token, gate));
  }

  /**
   * Asks the gate at the moment the connection is ready; a closed gate (the permit expired meanwhile: a busy event
   * loop, a slow pool) drops the unsent request, and the policy renews the permit and calls again.
   */
  private Uni<HubSpotResponse> exchange(HubSpotRequest request, String token, HubSpotCallPolicy.WriteGate gate) {
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
        .onFailure().transform(HubSpotCallPolicy.NotSentException::new)
        .flatMap(outbound -> {
          if (!gate.open()) {
            // dropped before a byte was written; the reset's own failure report is expected, not an error
            outbound.exceptionHandler(ignored -> { });
            outbound.reset();
            return Uni.createFrom().failure(gate.closed());
          }
          Uni<HttpClientResponse> sent = request.body().length() == 0 ? outbound.send() : outbound.send(request.body());
          return sent.flatMap(response -> response.body().map(body -> toResponse(response, body)));
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

  @PreDestroy
  @Override
  public void close() {
    http.closeAndForget();
  }
}
