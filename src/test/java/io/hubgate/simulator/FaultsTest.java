package io.hubgate.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultsTest {

  static final long PORTAL = 62515;
  HubSpotSimulator sim;
  SimHttp http;

  @BeforeEach
  void start() {
    sim = HubSpotSimulator.start();
    http = SimHttp.forPortal(sim, PORTAL, "pat-na1-faults", 4);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void errorShareAnswersTheChosenStatusOnlyOnMatchingEndpoints() {
    sim.faults().on("GET", "/crm/v3/objects/contacts.*").errorShare(1.0, 503);
    var failed = http.get("/crm/v3/objects/contacts");
    assertEquals(503, failed.status());
    assertEquals(200, http.get("/crm/v3/objects/companies").status());
    assertEquals("ERROR", sim.requestLog().entries().get(0).fault());
    assertEquals(1, sim.dailyUsed(PORTAL), "only the unfaulted call used budget");
  }

  @Test
  void seededFaultsRepeat() {
    List<List<Integer>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      sim.faults().clear();
      sim.faults().on("*", "/crm/v3/objects/.*").errorShare(0.5, 500).seed(7);
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        statuses.add(http.get("/crm/v3/objects/contacts").status());
      }
      runs.add(statuses);
    }
    assertEquals(runs.get(0), runs.get(1));
    assertEquals(true, runs.get(0).contains(500) && runs.get(0).contains(200));
  }

  @Test
  void droppedConnectionGivesTheClientAnIoError() {
    sim.faults().on("GET", "/crm/v3/objects/deals").dropConnectionShare(1.0);
    assertThrows(UncheckedIOException.class, () -> http.get("/crm/v3/objects/deals"));
    assertEquals(0, sim.requestLog().entries().get(0).status());
    assertEquals("DROP", sim.requestLog().entries().get(0).fault());
  }

  @Test
  void timeoutNeverAnswers() throws Exception {
    sim.faults().on("GET", "/crm/v3/objects/tickets").timeoutShare(1.0);
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/crm/v3/objects/tickets"))
        .header("Authorization", "Bearer pat-na1-faults").timeout(Duration.ofMillis(300)).build();
    assertThrows(HttpTimeoutException.class, () -> client.send(request, HttpResponse.BodyHandlers.ofString()));
    assertEquals("TIMEOUT", sim.requestLog().entries().get(0).fault());
  }

  @Test
  void latencyDelaysButStillAnswers() {
    sim.faults().on("GET", ".*").latency(Duration.ofMillis(50));
    assertEquals(200, http.get("/crm/v3/objects/contacts").status());
    assertEquals("LATENCY", sim.requestLog().entries().get(0).fault());
  }

  @Test
  void aHeldRequestIsAnsweredOnlyOnceReleased() throws Exception {
    java.util.concurrent.CompletableFuture<Void> release = new java.util.concurrent.CompletableFuture<>();
    FaultRule rule = sim.faults().on("GET", ".*").holdUntil(release).onlyFirst(1);
    var held = java.util.concurrent.CompletableFuture.supplyAsync(() -> http.get("/crm/v3/objects/contacts").status());
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> rule.exhausted() || held.isDone()); // the request arrived and met the rule
    assertEquals(false, held.isDone(), "no answer before the release");
    release.complete(null);
    assertEquals(200, held.get(10, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals("HELD", sim.requestLog().entries().get(0).fault());
    assertEquals(200, http.get("/crm/v3/objects/contacts").status(), "only the first was held");
  }

  @Test
  void migrationFaultCarriesRetryAfter() throws IOException {
    sim.faults().on("POST", ".*").errorShare(1.0, 477);
    var answer = http.post("/crm/v3/objects/contacts", SimHttp.props("email", "m@example.com"));
    assertEquals(477, answer.status());
    assertEquals("1", answer.header("Retry-After"));
  }

  @Test
  void onlyFirstScriptsFailuresThenRecovery() {
    sim.faults().on("GET", "/crm/v3/objects/contacts").errorShare(1.0, 502).onlyFirst(2);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      statuses.add(http.get("/crm/v3/objects/contacts").status());
    }
    assertEquals(List.of(502, 502, 200), statuses);
  }

  @Test
  void injected429LooksLikeHubSpotsBurstLimit() {
    sim.faults().on("*", ".*").errorShare(1.0, 429).onlyFirst(1);
    var answer = http.get("/crm/v3/objects/contacts");
    assertEquals(429, answer.status());
    assertEquals("TEN_SECONDLY_ROLLING", answer.json().getString("policyName"));
    assertEquals("RATE_LIMIT", answer.json().getString("errorType"));
    assertEquals(1, sim.requestLog().count429("TEN_SECONDLY_ROLLING"));
    assertEquals(PORTAL, sim.requestLog().entries().get(0).portalId(), "faulted calls are logged under their portal");
  }
}
