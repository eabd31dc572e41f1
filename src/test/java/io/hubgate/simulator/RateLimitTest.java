package io.hubgate.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  static final long PORTAL = 62515;
  HubSpotSimulator sim;

  SimHttp start(SimulatorOptions options, int burst, long daily) {
    sim = HubSpotSimulator.start(options);
    sim.portals().add(PORTAL).burstLimit(burst).dailyLimit(daily);
    sim.portals().privateAppToken(PORTAL, "pat-na1-a", 1);
    sim.portals().privateAppToken(PORTAL, "pat-na1-b", 2);
    return new SimHttp(sim.baseUrl(), "pat-na1-a");
  }

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  @Test
  void burstOverTheWindowIs429TenSecondlyRollingWithHeaders() {
    SimHttp http = start(SimulatorOptions.defaults(), 3, 1000);
    for (int remaining = 2; remaining >= 0; remaining--) {
      var ok = http.get("/crm/v3/objects/contacts");
      assertEquals(200, ok.status());
      assertEquals("3", ok.header("X-HubSpot-RateLimit-Max"));
      assertEquals(Integer.toString(remaining), ok.header("X-HubSpot-RateLimit-Remaining"));
      assertEquals("10000", ok.header("X-HubSpot-RateLimit-Interval-Milliseconds"));
      assertEquals("1000", ok.header("X-HubSpot-RateLimit-Daily"));
    }
    var limited = http.get("/crm/v3/objects/contacts");
    assertEquals(429, limited.status());
    JsonObject body = limited.json();
    assertEquals("error", body.getString("status"));
    assertEquals("You have reached your ten_secondly_rolling limit.", body.getString("message"));
    assertEquals("RATE_LIMIT", body.getString("errorType"));
    assertEquals("TEN_SECONDLY_ROLLING", body.getString("policyName"));
    assertNotNull(body.getString("correlationId"));
    assertEquals(body.getString("correlationId"), limited.header("X-HubSpot-Correlation-Id"));
    assertNull(limited.header("Retry-After"), "HubSpot does not document Retry-After; off by default");
    assertEquals("0", limited.header("X-HubSpot-RateLimit-Remaining"));
    assertEquals(1, sim.requestLog().count429());
    assertEquals(1, sim.requestLog().count429("TEN_SECONDLY_ROLLING"));
    assertEquals(3, sim.dailyUsed(PORTAL), "a 429 does not use daily budget");
  }

  @Test
  void retryAfterCanBeSwitchedOn() {
    SimHttp http = start(SimulatorOptions.defaults().withRetryAfter(true), 1, 1000);
    http.get("/crm/v3/objects/contacts");
    String retryAfter = http.get("/crm/v3/objects/contacts").header("Retry-After");
    int seconds = Integer.parseInt(retryAfter);
    assertTrue(seconds >= 1 && seconds <= 10, retryAfter);
  }

  @Test
  void burstBudgetIsPerAppAndDailyBudgetIsShared() {
    SimHttp a = start(SimulatorOptions.defaults(), 2, 3);
    SimHttp b = a.as("pat-na1-b");
    assertEquals(200, a.get("/crm/v3/objects/contacts").status());
    assertEquals(200, a.get("/crm/v3/objects/contacts").status());
    assertEquals(429, a.get("/crm/v3/objects/contacts").status());
    var fromB = b.get("/crm/v3/objects/contacts");
    assertEquals(200, fromB.status(), "another app has its own burst window");
    assertEquals("0", fromB.header("X-HubSpot-RateLimit-Daily-Remaining"));
    var daily = b.get("/crm/v3/objects/contacts");
    assertEquals(429, daily.status());
    assertEquals("DAILY", daily.json().getString("policyName"));
    assertEquals("You have reached your daily limit.", daily.json().getString("message"));
    assertNotNull(daily.json().getString("requestId"));

    sim.close();
    b = start(SimulatorOptions.defaults().withRetryAfter(true)
        .withClockStart(java.time.Instant.parse("2026-03-10T23:59:30Z")), 2, 1).as("pat-na1-b");
    assertEquals(200, b.get("/crm/v3/objects/contacts").status());
    var untilMidnight = b.get("/crm/v3/objects/contacts");
    assertEquals("DAILY", untilMidnight.json().getString("policyName"));
    assertEquals("30", untilMidnight.header("Retry-After"), "the daily budget returns at midnight");
    sim.clock().advance(Duration.ofSeconds(30));
    assertEquals(200, b.get("/crm/v3/objects/contacts").status(), "the day rolls over on the simulator's clock");
  }

  @Test
  void oauthAppsGet110AndNoDailyHeadersUnlessThePortalSetsABudget() {
    SimHttp http = start(SimulatorOptions.defaults(), 50, 1000);
    sim.oauth().registerApp("c", "s", 3);
    long unconfigured = 777;
    sim.portals().privateAppToken(unconfigured, "pat-na1-777", 9);
    for (long portal : new long[] {unconfigured, PORTAL}) {
      String code = sim.oauth().authorizationCode("c", portal, "crm.objects.contacts.read");
      String token = http.as(null).form("/oauth/v1/token", "grant_type=authorization_code&client_id=c&client_secret=s"
          + "&code=" + code).json().getString("access_token");
      var answer = http.as(token).get("/crm/v3/objects/contacts");
      assertEquals(200, answer.status());
      assertEquals(portal == PORTAL ? "50" : "110", answer.header("X-HubSpot-RateLimit-Max"));
      assertNull(answer.header("X-HubSpot-RateLimit-Daily"));
      assertNull(answer.header("X-HubSpot-RateLimit-Daily-Remaining"));
    }
    assertEquals("100", http.as("pat-na1-777").get("/crm/v3/objects/contacts").header("X-HubSpot-RateLimit-Max"));
  }

  @Test
  void searchHasItsOwnSecondlyLimitAndNoRateHeaders() {
    SimHttp http = start(SimulatorOptions.defaults(), 3, 1000);
    JsonObject query = new JsonObject().put("filterGroups", new io.vertx.core.json.JsonArray());
    int ok = 0;
    SimHttp.Answer last = null;
    for (int i = 0; i < 6; i++) {
      last = http.post("/crm/v3/objects/contacts/search", query);
      if (last.status() == 200) {
        ok++;
        assertNull(last.header("X-HubSpot-RateLimit-Max"));
        assertNull(last.header("X-HubSpot-RateLimit-Remaining"));
      }
    }
    assertTrue(ok >= 5, "at least five searches fit into the rolling second");
    if (last.status() == 429) {
      assertEquals("You have reached your secondly limit.", last.json().getString("message"));
      assertEquals("SECONDLY", last.json().getString("policyName"));
      assertNull(last.header("X-HubSpot-RateLimit-Max"));
    }
    var afterSearches = http.get("/crm/v3/objects/contacts");
    assertEquals(200, afterSearches.status());
    assertEquals("2", afterSearches.header("X-HubSpot-RateLimit-Remaining"), "search does not use the burst window");
  }

  @Test
  void searchFiltersRecords() {
    SimHttp http = start(SimulatorOptions.defaults(), 100, 1000);
    sim.crm(PORTAL).seed("deals", java.util.Map.of("dealname", "Big", "amount", "5000"));
    sim.crm(PORTAL).seed("deals", java.util.Map.of("dealname", "Small", "amount", "50"));
    JsonObject query = new JsonObject().put("filterGroups", new io.vertx.core.json.JsonArray().add(new JsonObject()
        .put("filters", new io.vertx.core.json.JsonArray().add(new JsonObject().put("propertyName", "amount")
            .put("operator", "GT").put("value", "100")))))
        .put("properties", new io.vertx.core.json.JsonArray().add("dealname"));
    var answer = http.post("/crm/v3/objects/deals/search", query);
    assertEquals(200, answer.status());
    assertEquals(1, answer.json().getInteger("total"));
    assertEquals("Big", answer.results().getJsonObject(0).getJsonObject("properties").getString("dealname"));
  }

  @Test
  void phantomAppWithTheSameAppIdConsumesTheWindow() {
    SimHttp http = start(SimulatorOptions.defaults(), 100, 100_000);
    try (PhantomApp phantom = sim.faults().phantomApp(PORTAL, 1, 500)) {
      await().atMost(Duration.ofSeconds(10))
          .until(() -> sim.requestLog().entries(e -> "PHANTOM".equals(e.fault())).size() >= 10);
    }
    int phantomCalls = sim.requestLog().entries(e -> "PHANTOM".equals(e.fault())).size();
    var answer = http.get("/crm/v3/objects/contacts");
    int remaining = Integer.parseInt(answer.header("X-HubSpot-RateLimit-Remaining"));
    assertTrue(remaining <= 100 - 1 - 10, "remaining " + remaining + " after " + phantomCalls + " phantom calls");
    assertTrue(sim.dailyUsed(PORTAL) >= 11);
  }

  @Test
  void requestLogFindsTheBusiestWindow() {
    SimHttp http = start(SimulatorOptions.defaults(), 4, 1000);
    for (int i = 0; i < 6; i++) {
      http.get("/crm/v3/objects/contacts");
    }
    assertEquals(6, sim.requestLog().maxInAnyWindow(PORTAL, 1, Duration.ofSeconds(10)));
    assertEquals(4, sim.requestLog().maxAcceptedInAnyWindow(PORTAL, 1, Duration.ofSeconds(10)));
    assertEquals(2, sim.requestLog().count(429));
    sim.requestLog().clear();
    assertEquals(0, sim.requestLog().size());
  }
}
