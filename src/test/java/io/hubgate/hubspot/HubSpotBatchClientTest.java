package io.hubgate.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hubgate.portals.PortalCredentials;
import io.hubgate.portals.PortalNotAuthorizedException;
import io.hubgate.problem.ProblemException;
import io.hubgate.ratelimit.Lane;
import io.hubgate.ratelimit.LimiterSettings;
import io.hubgate.ratelimit.PortalBudget;
import io.hubgate.ratelimit.PortalBudgets;
import io.hubgate.ratelimit.RateLimiterListener;
import io.hubgate.ratelimit.RateLimiters;
import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.testsupport.HubSpotSimulatorResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;

/** The typed batch calls against the simulator, under the pass-through's policy (same profile: one boot). */
@QuarkusTest
@TestProfile(HubSpotApiResourceTest.WithSimulator.class)
class HubSpotBatchClientTest {

  static final long PORTAL = 101;
  static final String CREATE = "/crm/v3/objects/contacts/batch/create";

  @Inject
  HubSpotBatchClient client;

  HubSpotSimulator sim;

  @BeforeEach
  void portal() {
    sim = HubSpotSimulatorResource.withPortals(PORTAL);
  }

  @AfterEach
  void clearFaults() {
    sim.faults().clear();
  }

  private static JsonObject creates(String... emails) {
    JsonArray inputs = new JsonArray();
    for (String email : emails) {
      inputs.add(new JsonObject().put("properties", new JsonObject().put("email", email))
          .put("objectWriteTraceId", email));
    }
    return new JsonObject().put("inputs", inputs);
  }

  private HubSpotResponse send(HubSpotBatchOperation op, String type, JsonObject body) {
    return client.send(PORTAL, Lane.INTERACTIVE, op, null, type, null, body).await().atMost(Duration.ofSeconds(30));
  }

  @Test
  void createsWithThePortalTokenAndRelaysHubSpotsStatusAndBody() {
    HubSpotResponse answer = send(HubSpotBatchOperation.CREATE, "contacts", creates("bc1@example.com", "bc2@example.com"));
    assertEquals(201, answer.status());
    assertEquals(2, new JsonObject(answer.body().toString()).getJsonArray("results").size());
    assertEquals(1, sim.requestLog().entries(e -> e.path().equals(CREATE) && e.inputs() == 2).size());
  }

  @Test
  void relaysA409AsAnAnswerNotAnException() {
    send(HubSpotBatchOperation.CREATE, "contacts", creates("bc-taken@example.com"));
    HubSpotResponse answer = send(HubSpotBatchOperation.CREATE, "contacts", creates("bc-taken@example.com"));
    assertEquals(409, answer.status());
    assertEquals("CONFLICT", new JsonObject(answer.body().toString()).getString("category"));
  }

  @Test
  void neverResendsACreateWhoseAnswerWasLost() {
    sim.faults().on("POST", CREATE).dropConnectionShare(1.0).onlyFirst(1);
    Throwable failure = assertThrows(RuntimeException.class,
        () -> send(HubSpotBatchOperation.CREATE, "contacts", creates("bc-lost@example.com")));
    ProblemException problem = assertInstanceOf(ProblemException.class, failure);
    assertEquals(504, problem.status());
    assertEquals("outcome-unknown", problem.slug());
    assertEquals(1, sim.requestLog().entries(e -> e.path().equals(CREATE)).size());
  }

  @Test
  void retriesAnUpsertWhoseAnswerWasLostAndA5xx() {
    String upsert = "/crm/v3/objects/contacts/batch/upsert";
    sim.faults().on("POST", upsert).dropConnectionShare(1.0).onlyFirst(1);
    sim.faults().on("POST", upsert).errorShare(1.0, 503).onlyFirst(1);
    JsonObject body = new JsonObject().put("inputs", new JsonArray().add(new JsonObject().put("id", "bc-up@example.com")
        .put("idProperty", "email").put("properties", new JsonObject().put("firstname", "Up"))));
    HubSpotResponse answer = send(HubSpotBatchOperation.UPSERT, "contacts", body);
    assertEquals(200, answer.status());
    assertEquals(3, sim.requestLog().entries(e -> e.path().equals(upsert)).size());
  }

  /** A batch client of its own on a recording limiter, to make permits expire at the write. */
  private HubSpotBatchClient expiringClient(RecordingLimiter limiter) {
    var settings = new HubSpotClientSettings(URI.create(sim.baseUrl()), Duration.ofSeconds(3), Duration.ofSeconds(2), 4,
        Duration.ofMillis(20), Duration.ofSeconds(1), 8);
    PortalCredentials token = new PortalCredentials() {
      @Override
      public Uni<String> accessToken(long portalId) {
        return Uni.createFrom().item("pat-na1-" + PORTAL);
      }

      @Override
      public Uni<String> afterUnauthorized(long portalId, String rejected) {
        return Uni.createFrom().failure(new PortalNotAuthorizedException(portalId, "refused"));
      }
    };
    return new HubSpotBatchClient(new HubSpotCallPolicy(limiter, token, portal -> Uni.createFrom().item("1101"),
        settings));
  }

  private static RecordingLimiter localLimiter() {
    return new RecordingLimiter(RateLimiters.local(PortalBudgets.uniform(PortalBudget.of(100, 0)),
        LimiterSettings.defaults().withSafetyMargin(Duration.ZERO).withSpacing(0), new RateLimiterListener() { }));
  }

  @Test
  void checksThePermitBeforeWritingAndRenewsAnExpiredOne() {
    RecordingLimiter limiter = localLimiter();
    limiter.expireNext.set(1);
    HubSpotResponse answer = expiringClient(limiter)
        .send(PORTAL, Lane.BULK, HubSpotBatchOperation.CREATE, null, "contacts", null, creates("bc-renewed@example.com"))
        .await().atMost(Duration.ofSeconds(30));
    assertEquals(201, answer.status());
    assertEquals(2, limiter.sends.get());
    assertEquals(1, limiter.renewals.get());
    assertEquals(1, sim.requestLog().entries(e -> e.path().equals(CREATE)).size());
  }

  @Test
  void abandonsAPermitThatKeepsExpiringAndSendsNothing() {
    RecordingLimiter limiter = localLimiter();
    limiter.expireNext.set(Integer.MAX_VALUE);
    Throwable failure = assertThrows(RuntimeException.class, () -> expiringClient(limiter)
        .send(PORTAL, Lane.BULK, HubSpotBatchOperation.CREATE, null, "contacts", null, creates("bc-late@example.com"))
        .await().atMost(Duration.ofSeconds(30)));
    ProblemException problem = assertInstanceOf(ProblemException.class, failure);
    assertEquals(429, problem.status());
    assertEquals(HubSpotCallPolicy.MAX_RENEWALS, limiter.renewals.get());
    assertEquals(1, limiter.abandoned.get());
    assertEquals(0, sim.requestLog().entries(e -> e.path().equals(CREATE)).size());
  }
}
