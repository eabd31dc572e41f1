package io.hubgate.writes;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.hubgate.hubspot.HubSpotClient;
import io.hubgate.hubspot.HubSpotClientSettings;
import io.hubgate.hubspot.HubSpotRequest;
import io.hubgate.hubspot.RequestTarget;
import io.hubgate.portals.PortalCredentials;
import io.hubgate.ratelimit.LimiterSettings;
import io.hubgate.ratelimit.PortalBudget;
import io.hubgate.ratelimit.PortalBudgets;
import io.hubgate.ratelimit.RateLimiterListener;
import io.hubgate.ratelimit.RateLimiters;
import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.simulator.SimulatorOptions;
import io.hubgate.tracing.Spans;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * The simulator as HubSpot for one portal with a private-app token, and batches sent to it through the shared policy
 * and a real local limiter on the pass-through client (same policy as {@code HubSpotBatchClient}), so that coalescer
 * tests need no Quarkus.
 */
final class SimulatedBatchSender implements AutoCloseable {

  final HubSpotSimulator sim;
  final Vertx vertx;
  private final HubSpotClient client;

  private SimulatedBatchSender(HubSpotSimulator sim, Vertx vertx, HubSpotClient client) {
    this.sim = sim;
    this.vertx = vertx;
    this.client = client;
  }

  static SimulatedBatchSender start(long portalId, String token) {
    return start(portalId, token, Spans.noop());
  }

  /** As above, the HubSpot calls traced by {@code tracer}. */
  static SimulatedBatchSender start(long portalId, String token, Tracer tracer) {
    var sim = HubSpotSimulator.start(SimulatorOptions.defaults());
    sim.portals().add(portalId).burstLimit(100);
    sim.portals().privateAppToken(portalId, token, 1001);
    var vertx = Vertx.vertx();
    var limiter = RateLimiters.local(PortalBudgets.uniform(PortalBudget.of(100, 0)),
        LimiterSettings.defaults().withSafetyMargin(Duration.ZERO).withSpacing(0), new RateLimiterListener() { });
    PortalCredentials credentials = new PortalCredentials() {
      @Override
      public Uni<String> accessToken(long portalId) {
        return Uni.createFrom().item(token);
      }

      @Override
      public Uni<String> afterUnauthorized(long portalId, String rejected) {
        return Uni.createFrom().item(token);
      }
    };
    var settings = new HubSpotClientSettings(URI.create(sim.baseUrl()), Duration.ofSeconds(3), Duration.ofSeconds(2), 4,
        Duration.ofMillis(20), Duration.ofSeconds(1), 8);
    var client = new HubSpotClient(vertx, limiter, credentials, portal -> Uni.createFrom().item("1001"), settings,
        tracer);
    return new SimulatedBatchSender(sim, vertx, client);
  }

  BatchSender sender() {
    // the pass-through client checks its permit inside; the coalescer's check comes just before handing it over
    return (key, body, watch, trace) -> Uni.createFrom().deferred(() -> watch.mayWrite()
        ? client.send(new HubSpotRequest("POST",
            RequestTarget.of(key.portalId(), key.operation().path(key.apiVersion(), key.objectType(), key.toObjectType())),
            List.of(Map.entry("Content-Type", "application/json")), Buffer.buffer(body.encode()), key.lane()), trace)
        : Uni.createFrom().failure(new IllegalStateException("the coalescer stopped sending")));
  }

  /** The simulator's state between tests: no faults, an empty request log, fresh limits. */
  void reset() {
    sim.faults().clear();
    sim.requestLog().clear();
    sim.resetLimits();
  }

  @Override
  public void close() {
    client.close();
    sim.close();
    vertx.closeAndAwait();
  }
}
