package io.hubgate.hubspot;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.hubgate.ratelimit.Lane;
import io.opentelemetry.context.Context;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

/**
 * Typed HubSpot batch calls ({@link HubSpotBatchOperation}) on the Quarkus REST Client, each under the same
 * {@link HubSpotCallPolicy} as the pass-through: a permit per attempt in the given lane, 429/5xx/401 handling, retries
 * for idempotent operations only, 504 {@code outcome-unknown} for a create or associate whose answer was lost. The base
 * URL, timeouts and policy are those of {@code hubgate.hubspot.*}.
 */
@ApplicationScoped
// built at start, not on the first batch: building the REST client takes seconds on a cold JVM, and the first batch is
// sent from the event loop, which that would block (seen as a 2.4 s stall and a late first send on a busy machine)
@Startup
public class HubSpotBatchClient {

  /** MicroProfile REST Client's switch: every status comes back as a response, none as an exception. */
  private static final String DISABLE_DEFAULT_MAPPER = "microprofile.rest.client.disable.default.mapper";

  private final HubSpotCallPolicy policy;
  private final HubSpotBatchApi api;

  @Inject
  HubSpotBatchClient(HubSpotCallPolicy policy) {
    this.policy = policy;
    HubSpotClientSettings settings = policy.settings();
    this.api = QuarkusRestClientBuilder.newBuilder()
        .baseUri(settings.baseUrl())
        .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .readTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .property(DISABLE_DEFAULT_MAPPER, true)
        .build(HubSpotBatchApi.class);
  }

  /**
   * Sends one batch for this portal; HubSpot's final answer (after the policy's retries) as is, or a problem
   * (over budget, unavailable, outcome unknown).
   *
   * @param apiVersion   null for the legacy paths ({@code /crm/v3}, {@code /crm/v4}), else the date-versioned API's
   *                     version (e.g. {@code 2026-03})
   * @param toObjectType the association's target type ({@link HubSpotBatchOperation#ASSOCIATE_DEFAULT}), else null
   */
  public Uni<HubSpotResponse> send(long portalId, Lane lane, HubSpotBatchOperation operation, String apiVersion,
      String objectType, String toObjectType, JsonObject body) {
    return send(Context.current(), portalId, lane, operation, apiVersion, objectType, toObjectType, body, () -> true,
        () -> { });
  }

  /**
   * The same, traced as a child of {@code parent} (a batch's span), asking {@code mayWrite} right before each attempt
   * is written (after its permit was found valid): false writes nothing and fails the attempt as not sent (the
   * coalescer's callers, answered at shutdown, no longer wait). {@code notActedOn} runs when an attempt that was written
   * certainly did nothing: HubSpot answered 429 or 477, or no connection was made.
   */
  public Uni<HubSpotResponse> send(Context parent, long portalId, Lane lane, HubSpotBatchOperation operation,
      String apiVersion, String objectType, String toObjectType, JsonObject body, BooleanSupplier mayWrite,
      Runnable notActedOn) {
    // the same rules as a forwarded target (no encoded slash, no empty segment): the REST client encodes the path
    // parameters, so a type that needs encoding would be sent as something else than decided on
    RequestTarget target = RequestTarget.of(portalId, operation.path(apiVersion, objectType, toObjectType));
    String json = body.encode();
    return policy.call(parent, portalId, lane, operation.idempotent(), "POST", target.path(),
        (token, gate) -> Uni.createFrom().deferred(() -> {
          // The REST client has no hook between taking a pooled connection and writing, so the permit is checked
          // here, just before the call: what is left of the send lag after this point is the client's filter chain, the
          // body's encoding and the wait for a connection (none for an idle pooled one; a new one within the connect
          // timeout; a queue only when every pooled connection is busy, while the coalescer keeps at most
          // max-in-flight batches per portal). The Vert.x pass-through checks with the connection in hand.
          if (!gate.open()) {
            return Uni.createFrom().failure(gate.closed());
          }
          if (!mayWrite.getAsBoolean()) {
            return Uni.createFrom().failure(new HubSpotCallPolicy.NotSentException(
                new CancellationException("the sender stopped sending")));
          }
          String[] root = operation.root(apiVersion);
          String auth = "Bearer " + token;
          return (operation == HubSpotBatchOperation.ASSOCIATE_DEFAULT
              ? api.associateDefault(root[0], root[1], objectType, toObjectType, auth, json)
              : api.objects(root[0], root[1], objectType, operation.segment(), auth, json))
              .invoke(response -> {
                if (response.getStatus() == 429 || response.getStatus() == 477) {
                  notActedOn.run();
                }
              })
              .onFailure(HubSpotBatchClient::notConnected).invoke(notActedOn);
        })
            .map(HubSpotBatchClient::toResponse)
            .onFailure(HubSpotBatchClient::notConnected).transform(HubSpotCallPolicy.NotSentException::new));
  }

  private static HubSpotResponse toResponse(Response response) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    response.getStringHeaders().forEach((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
    String entity = response.hasEntity() ? response.readEntity(String.class) : null;
    return new HubSpotResponse(response.getStatus(), headers, Buffer.buffer(entity == null ? "" : entity));
  }

  /** No connection was made (refused, unreachable, connect timeout): HubSpot never saw the request. */
  private static boolean notConnected(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }
}
