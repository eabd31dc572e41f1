package io.hubgate.hubspot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
import io.hubgate.simulator.SimulatorOptions;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * The client's policy against the simulator (and, for {@code Retry-After}, a scripted stub): one permit per attempt,
 * 429s penalize the limiter, 5xx and lost answers retried with back-off only where that is safe, 401 retried once.
 */
class HubSpotClientTest {

  static final long PORTAL = 62515;
  static final long APP = 1001;
  static final String TOKEN = "pat-na1-client-test";
  static final String CONTACTS = "/crm/v3/objects/contacts";

  static HubSpotSimulator sim;
  static Vertx vertx;
  final AtomicLong externalSlots = new AtomicLong();
  RecordingLimiter limiter;
  HubSpotClient client;

  @BeforeAll
  static void startSimulator() {
    sim = HubSpotSimulator.start(SimulatorOptions.defaults());
    sim.portals().add(PORTAL).burstLimit(100);
    sim.portals().privateAppToken(PORTAL, TOKEN, APP);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
    vertx.closeAndAwait();
  }

  @AfterEach
  void reset() {
    if (client != null) {
      client.close();
    }
    sim.faults().clear();
    sim.requestLog().clear();
    sim.resetLimits();
  }

  /** A client on a local limiter whose window is 1 s (a penalty pauses for a second, not ten). */
  private HubSpotClient client(String baseUrl, PortalCredentials credentials, int burst, Duration maxWait) {
    var listener = new RateLimiterListener() {
      @Override
      public void externalUsage(String portalId, long phantomSlots) {
        externalSlots.addAndGet(phantomSlots);
      }
    };
    var budget = new PortalBudget(burst, Duration.ofSeconds(1), 0, 5, java.time.ZoneOffset.UTC);
    limiter = new RecordingLimiter(RateLimiters.local(PortalBudgets.uniform(budget),
        LimiterSettings.defaults().withSafetyMargin(Duration.ZERO).withMaxWait(maxWait, maxWait).withSpacing(0), listener));
    // a request timeout far above a loaded machine's answer times (a spurious timeout would turn a 429 into a retry)
    var settings = new HubSpotClientSettings(URI.create(baseUrl), Duration.ofSeconds(3), Duration.ofSeconds(2), 4,
        Duration.ofMillis(20), Duration.ofSeconds(1), 8);
    client = new HubSpotClient(vertx, limiter, credentials, portal -> Uni.createFrom().item(Long.toString(APP)), settings);
    return client;
  }

  private HubSpotClient client() {
    return client(sim.baseUrl(), fixed(TOKEN), 100, Duration.ofSeconds(10));
  }

  static PortalCredentials fixed(String token) {
    return new PortalCredentials() {
      @Override
      public Uni<String> accessToken(long portalId) {
        return Uni.createFrom().item(token);
      }

      @Override
      public Uni<String> afterUnauthorized(long portalId, String rejected) {
        return Uni.createFrom().failure(new PortalNotAuthorizedException(portalId, "refused"));
      }
    };
  }


  private static long logged(String method, String pathPrefix) {
    return sim.requestLog().entries(e -> e.method().equals(method) && e.path().startsWith(pathPrefix)).size();
  }

  private static Throwable failure(Uni<HubSpotResponse> uni) {
    try {
      uni.await().atMost(Duration.ofSeconds(30));
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void sendsThePortalTokenAndRelaysHubSpotsAnswer() {
    HubSpotResponse created = client().send(HubSpotRequest.json(PORTAL, "POST", CONTACTS,
        "{\"properties\":{\"email\":\"ada@example.com\"}}")).await().atMost(Duration.ofSeconds(10));
    assertEquals(201, created.status());
    assertTrue(created.contentType().startsWith("application/json"));
    String id = new io.vertx.core.json.JsonObject(created.body().toString()).getString("id");
    HubSpotResponse read = client.send(HubSpotRequest.get(PORTAL, CONTACTS + "/" + id + "?properties=email"))
        .await().atMost(Duration.ofSeconds(10));
    assertEquals(200, read.status());
    assertEquals("ada@example.com",
        new io.vertx.core.json.JsonObject(read.body().toString()).getJsonObject("properties").getString("email"));
    assertEquals(2, limiter.acquisitions.get(), "one permit per attempt");
    assertEquals(2, limiter.sends.get(), "each call going out is reported to the limiter (send lag)");
  }

  @Test
  void retriesAfter429WithoutRetryAfterAndPausesThePortal() {
    String deals = "/crm/v3/objects/deals";
    sim.faults().on("GET", deals).errorShare(1.0, 429).onlyFirst(1);
    HubSpotResponse response = client().send(HubSpotRequest.get(PORTAL, deals)).await().atMost(Duration.ofSeconds(30));
    assertEquals(200, response.status());
    assertEquals(2, logged("GET", deals));
    assertEquals(2, limiter.acquisitions.get(), "the retry took a permit of its own");
    assertEquals(2, limiter.sends.get());
    assertEquals(1, limiter.penalties.size());
    assertEquals("TEN_SECONDLY_ROLLING", limiter.penalties.get(0).policyName());
    assertTrue(limiter.penalties.get(0).retryAfter().isEmpty());
  }

  @Test
  void retriesAfter429AsRetryAfterSays() throws Exception {
    var answers = new AtomicInteger();
    var stub = io.vertx.core.Vertx.vertx();
    try {
      var server = stub.createHttpServer().requestHandler(request -> {
        if (answers.getAndIncrement() == 0) {
          request.response().setStatusCode(429).putHeader("Retry-After", "1")
              .putHeader("Content-Type", "application/json")
              .end("{\"status\":\"error\",\"errorType\":\"RATE_LIMIT\",\"policyName\":\"TEN_SECONDLY_ROLLING\"}");
        } else {
          request.response().putHeader("Content-Type", "application/json").end("{\"results\":[]}");
        }
      }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
      HubSpotResponse response = client("http://127.0.0.1:" + server.actualPort(), fixed(TOKEN), 100,
          Duration.ofSeconds(10)).send(HubSpotRequest.get(PORTAL, CONTACTS)).await().atMost(Duration.ofSeconds(30));
      assertEquals(200, response.status());
      assertEquals(2, answers.get());
      assertEquals(Duration.ofSeconds(1), limiter.penalties.get(0).retryAfter().orElseThrow());
    } finally {
      stub.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  @Test
  void dailyLimit429IsRelayedNotRetried() throws Exception {
    var answers = new AtomicInteger();
    var stub = io.vertx.core.Vertx.vertx();
    try {
      var server = stub.createHttpServer().requestHandler(request -> {
        answers.incrementAndGet();
        request.response().setStatusCode(429).putHeader("Content-Type", "application/json")
            .end("{\"status\":\"error\",\"errorType\":\"RATE_LIMIT\",\"policyName\":\"DAILY\"}");
      }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
      HubSpotResponse response = client("http://127.0.0.1:" + server.actualPort(), fixed(TOKEN), 100,
          Duration.ofSeconds(10)).send(HubSpotRequest.get(PORTAL, CONTACTS)).await().atMost(Duration.ofSeconds(30));
      assertEquals(429, response.status());
      assertEquals(1, answers.get());
      assertEquals("DAILY", limiter.penalties.get(0).policyName());
    } finally {
      stub.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  @Test
  void retries5xxWithBackoff() {
    sim.faults().on("GET", CONTACTS).errorShare(1.0, 503).onlyFirst(2);
    HubSpotResponse response = client().send(HubSpotRequest.get(PORTAL, CONTACTS)).await().atMost(Duration.ofSeconds(30));
    assertEquals(200, response.status());
    assertEquals(3, logged("GET", CONTACTS));
    assertEquals(3, limiter.acquisitions.get());
  }

  @Test
  void relaysTheLast5xxWhenAttemptsRunOut() {
    sim.faults().on("GET", CONTACTS).errorShare(1.0, 500);
    HubSpotResponse response = client().send(HubSpotRequest.get(PORTAL, CONTACTS)).await().atMost(Duration.ofSeconds(30));
    assertEquals(500, response.status());
    assertEquals(4, logged("GET", CONTACTS), "max-attempts bounds the retries");
  }

  @Test
  void doesNotResendACreateAfterA5xx() {
    sim.faults().on("POST", CONTACTS).errorShare(1.0, 500).onlyFirst(1);
    HubSpotResponse response = client().send(HubSpotRequest.json(PORTAL, "POST", CONTACTS,
        "{\"properties\":{\"email\":\"once@example.com\"}}")).await().atMost(Duration.ofSeconds(30));
    assertEquals(500, response.status());
    assertEquals(1, logged("POST", CONTACTS));
  }

  @Test
  void neverResendsACreateWhoseOutcomeIsUnknown() {
    sim.faults().on("POST", CONTACTS).timeoutShare(1.0).onlyFirst(1);
    Throwable failure = failure(client().send(HubSpotRequest.json(PORTAL, "POST", CONTACTS,
        "{\"properties\":{\"email\":\"maybe@example.com\"}}")));
    ProblemException problem = assertInstanceOf(ProblemException.class, failure);
    assertEquals(504, problem.status());
    assertEquals("outcome-unknown", problem.slug());
    assertEquals(1, logged("POST", CONTACTS), "sent once, never resent");
  }

  @Test
  void neverResendsACreateAfterADroppedConnection() {
    sim.faults().on("POST", CONTACTS).dropConnectionShare(1.0).onlyFirst(1);
    Throwable failure = failure(client().send(HubSpotRequest.json(PORTAL, "POST", CONTACTS,
        "{\"properties\":{\"email\":\"dropped@example.com\"}}")));
    assertEquals("outcome-unknown", assertInstanceOf(ProblemException.class, failure).slug());
    assertEquals(1, logged("POST", CONTACTS));
  }

  @Test
  void retriesAReadThatTimedOut() {
    sim.faults().on("GET", CONTACTS).timeoutShare(1.0).onlyFirst(1);
    HubSpotResponse response = client().send(HubSpotRequest.get(PORTAL, CONTACTS)).await().atMost(Duration.ofSeconds(30));
    assertEquals(200, response.status());
    assertEquals(2, logged("GET", CONTACTS));
  }

  @Test
  void retriesASearchThatLostItsConnection() {
    sim.faults().on("POST", CONTACTS + "/search").dropConnectionShare(1.0).onlyFirst(1);
    HubSpotResponse response = client().send(HubSpotRequest.json(PORTAL, "POST", CONTACTS + "/search", "{}"))
        .await().atMost(Duration.ofSeconds(30));
    assertEquals(200, response.status());
    assertEquals(2, logged("POST", CONTACTS + "/search"));
    assertEquals(List.of(Lane.SEARCH, Lane.SEARCH), limiter.lanes);
  }

  @Test
  void after401AsksForAnotherTokenOnceAndRetriesOnce() {
    var asked = new AtomicInteger();
    var credentials = new PortalCredentials() {
      @Override
      public Uni<String> accessToken(long portalId) {
        return Uni.createFrom().item("pat-na1-stale");
      }

      @Override
      public Uni<String> afterUnauthorized(long portalId, String rejected) {
        asked.incrementAndGet();
        assertEquals("pat-na1-stale", rejected);
        return Uni.createFrom().item(TOKEN);
      }
    };
    HubSpotResponse response = client(sim.baseUrl(), credentials, 100, Duration.ofSeconds(10))
        .send(HubSpotRequest.get(PORTAL, CONTACTS)).await().atMost(Duration.ofSeconds(10));
    assertEquals(200, response.status());
    assertEquals(1, asked.get());
    assertEquals(1, sim.requestLog().count(401));
    assertEquals(2, sim.requestLog().size());
  }

  @Test
  void asecond401IsAPortalProblemNotALoop() {
    var asked = new AtomicInteger();
    var credentials = new PortalCredentials() {
      @Override
      public Uni<String> accessToken(long portalId) {
        return Uni.createFrom().item("pat-na1-stale");
      }

      @Override
      public Uni<String> afterUnauthorized(long portalId, String rejected) {
        asked.incrementAndGet();
        return Uni.createFrom().item("pat-na1-also-stale");
      }
    };
    Throwable failure = failure(client(sim.baseUrl(), credentials, 100, Duration.ofSeconds(10))
        .send(HubSpotRequest.get(PORTAL, CONTACTS)));
    ProblemException problem = assertInstanceOf(PortalNotAuthorizedException.class, failure);
    assertEquals(409, problem.status(), "the caller's own token was fine: the portal's was refused");
    assertEquals("portal-not-authorized", problem.slug());
    assertEquals(1, asked.get());
    assertEquals(2, sim.requestLog().count(401));
  }

  @Test
  void a401WithNothingBetterToTryIsAPortalProblem() {
    Throwable failure = failure(client(sim.baseUrl(), fixed("pat-na1-revoked"), 100, Duration.ofSeconds(10))
        .send(HubSpotRequest.get(PORTAL, CONTACTS)));
    assertEquals("portal-not-authorized", assertInstanceOf(ProblemException.class, failure).slug());
    assertEquals(1, sim.requestLog().count(401));
  }

  @Test
  void rateLimitHeadersBookUsageFromOutsideTheGateway() {
    client();
    try (var phantom = sim.faults().phantomApp(PORTAL, APP, 50)) {
      await().atMost(Duration.ofSeconds(10))
          .until(() -> sim.requestLog().entries(e -> "PHANTOM".equals(e.fault())).size() >= 5);
      HubSpotResponse response = client.send(HubSpotRequest.get(PORTAL, CONTACTS)).await().atMost(Duration.ofSeconds(10));
      assertEquals(200, response.status());
    }
    assertEquals(100, limiter.observed.get(0).max().orElseThrow());
    await().atMost(Duration.ofSeconds(5)).until(() -> externalSlots.get() > 0);
  }

  @Test
  void overTheLimitersBoundIsA429ProblemAndNothingIsSent() {
    var c = client(sim.baseUrl(), fixed(TOKEN), 2, Duration.ZERO);
    c.send(HubSpotRequest.get(PORTAL, CONTACTS)).await().atMost(Duration.ofSeconds(10));
    c.send(HubSpotRequest.get(PORTAL, CONTACTS)).await().atMost(Duration.ofSeconds(10));
    Throwable failure = failure(c.send(HubSpotRequest.get(PORTAL, CONTACTS)));
    ProblemException problem = assertInstanceOf(ProblemException.class, failure);
    assertEquals(429, problem.status());
    assertTrue(problem.retryAfter().isPresent());
    assertEquals(2, logged("GET", CONTACTS));
  }

  @Test
  void anExpiredPermitIsRenewedAndTheRequestWrittenOnce() {
    var c = client();
    limiter.expireNext.set(2);
    HubSpotResponse response = c.send(HubSpotRequest.get(PORTAL, CONTACTS)).await().atMost(Duration.ofSeconds(10));
    assertEquals(200, response.status());
    assertEquals(2, limiter.renewals.get());
    assertEquals(0, limiter.abandoned.get());
    assertEquals(1, logged("GET", CONTACTS));
  }

  @Test
  void aPermitThatKeepsExpiringIsAbandonedAsACountedRefusalAndNothingIsSent() {
    var c = client();
    limiter.expireNext.set(Integer.MAX_VALUE);
    Throwable failure = failure(c.send(HubSpotRequest.json(PORTAL, "POST", CONTACTS, "{\"properties\":{}}")));
    ProblemException problem = assertInstanceOf(ProblemException.class, failure);
    assertEquals(429, problem.status());
    assertEquals(HubSpotCallPolicy.MAX_RENEWALS, limiter.renewals.get());
    assertEquals(1, limiter.abandoned.get());
    assertEquals(0, logged("POST", CONTACTS));
  }

  @Test
  void twoAppsOnOnePortalKeepSeparateBudgets() {
    sim.portals().privateAppToken(PORTAL, "pat-na1-second-app", 2002);
    // 3 a minute for each (app, portal): no slot frees up while the test runs; no wait, so a full window refuses at once
    var budget = new PortalBudget(3, Duration.ofMinutes(1), 0, 5, java.time.ZoneOffset.UTC);
    var shared = RateLimiters.local(PortalBudgets.uniform(budget), LimiterSettings.defaults().withSafetyMargin(Duration.ZERO)
        .withMaxWait(Duration.ZERO, Duration.ZERO).withSpacing(0), RateLimiterListener.NONE);
    var settings = new HubSpotClientSettings(URI.create(sim.baseUrl()), Duration.ofSeconds(3), Duration.ofSeconds(2), 1,
        Duration.ofMillis(20), Duration.ofSeconds(1), 8);
    try (var first = new HubSpotClient(vertx, shared, fixed(TOKEN), portal -> Uni.createFrom().item(Long.toString(APP)), settings);
        var second = new HubSpotClient(vertx, shared, fixed("pat-na1-second-app"), portal -> Uni.createFrom().item("2002"),
            settings)) {
      for (int i = 0; i < 3; i++) {
        assertEquals(200, first.send(HubSpotRequest.get(PORTAL, CONTACTS)).await().atMost(Duration.ofSeconds(10)).status());
      }
      for (int i = 0; i < 3; i++) {
        assertEquals(200, second.send(HubSpotRequest.get(PORTAL, CONTACTS)).await().atMost(Duration.ofSeconds(10)).status(),
            "the second app's budget is its own");
      }
      for (HubSpotClient full : List.of(first, second)) {
        ProblemException refused = assertInstanceOf(ProblemException.class,
            failure(full.send(HubSpotRequest.get(PORTAL, CONTACTS))));
        assertEquals(429, refused.status(), "each app's window is full");
      }
    }
    assertEquals(3, sim.requestLog().entries(e -> e.appId() == APP).size());
    assertEquals(3, sim.requestLog().entries(e -> e.appId() == 2002).size());
  }

  @Test
  void aPortalWithoutCredentialsSendsNothing() {
    var none = new PortalCredentials() {
      @Override
      public Uni<String> accessToken(long portalId) {
        return Uni.createFrom().failure(PortalNotAuthorizedException.notConfigured(portalId));
      }

      @Override
      public Uni<String> afterUnauthorized(long portalId, String rejected) {
        return accessToken(portalId);
      }
    };
    Throwable failure = failure(client(sim.baseUrl(), none, 100, Duration.ofSeconds(10))
        .send(HubSpotRequest.get(PORTAL, CONTACTS)));
    assertEquals("portal-not-authorized", assertInstanceOf(ProblemException.class, failure).slug());
    assertEquals(0, sim.requestLog().size());
  }
}
