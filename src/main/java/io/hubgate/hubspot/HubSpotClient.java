package io.hubgate.hubspot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.hubgate.portals.PortalCredentials;
import io.hubgate.ratelimit.RateLimiter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The pass-through's way out to HubSpot: any method, path and raw query, raw body, HubSpot's headers back unchanged,
 * under the one {@link HubSpotCallPolicy} (portal token, a permit per attempt, 429/5xx/401 handling, outcome-unknown
 * for non-idempotent calls). Idempotency is read from the call ({@link HubSpotRequest#idempotent()}).
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
  private final String base;

  @Inject
  HubSpotClient(Vertx vertx, HubSpotCallPolicy policy) {
    this.policy = policy;
    this.settings = policy.settings();
    String url = settings.baseUrl().toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.http = http(vertx, settings);
  }

  /** Outside CDI (tests, tools): {@code appIds} names the app whose (app, portal) window a portal's calls use. */
  public HubSpotClient(Vertx vertx, RateLimiter limiter, PortalCredentials credentials, Function<String, String> appIds,
      HubSpotClientSettings settings) {
    this(vertx, new HubSpotCallPolicy(limiter, credentials, appIds, settings));
  }

  private static HttpClient http(Vertx vertx, HubSpotClientSettings settings) {
    return vertx.createHttpClient(new HttpClientOptions()
        .setMaxPoolSize(settings.maxConnections())
        .setConnectTimeout((int) settings.connectTimeout().toMillis())
        .setKeepAlive(true)
        .setMaxWaitQueueSize(-1));
  }

  /** Sends the request for this portal under the policy; HubSpot's final answer as is. */
  public Uni<HubSpotResponse> send(long portalId, HubSpotRequest request) {
    return policy.call(portalId, request.lane(), request.idempotent(), request.method(), request.path(),
        (token, sending) -> exchange(request, token, sending));
  }

  private Uni<HubSpotResponse> exchange(HubSpotRequest request, String token, Runnable sending) {
    var options = new RequestOptions()
        .setMethod(HttpMethod.valueOf(request.method()))
        .setAbsoluteURI(base + request.pathAndQuery())
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
          sending.run();
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
