package io.hubgate.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class HubSpotSimulatorMainTest {

  @Test
  void parsesPortalsTokensAndAppsAndServesThem() {
    HubSpotSimulatorMain.Setup setup = HubSpotSimulatorMain.Setup.parse(new String[] {
        "--port", "0", "--portal", "62515:7:250000", "--tier", "9=PROFESSIONAL",
        "--token", "62515=pat-na1-demo", "--token", "9=pat-na1-nine:44",
        "--oauth-app", "cid,csecret,777,http://localhost:8080/oauth/callback", "--retry-after",
        "--install-portal", "9"});
    assertTrue(setup.options().retryAfter());
    try (HubSpotSimulator sim = HubSpotSimulator.start(setup.options())) {
      setup.apply(sim);
      assertEquals(7, sim.portals().find(62515).orElseThrow().burstLimit());
      assertEquals(190, sim.portals().find(9).orElseThrow().burstLimit());
      assertEquals(625_000, sim.portals().find(9).orElseThrow().dailyLimit());
      SimHttp http = new SimHttp(sim.baseUrl(), "pat-na1-nine");
      assertEquals(200, http.get("/crm/v3/objects/contacts").status());
      assertEquals(44, sim.requestLog().entries().get(0).appId());
      assertTrue(sim.oauth().app("cid").isPresent());
      var redirect = http.as(null).get("/oauth/authorize?client_id=cid&redirect_uri=http://localhost:8080/oauth/callback"
          + "&scope=oauth");
      assertEquals(302, redirect.status());
    }
  }

  @Test
  void standaloneStatsSummariseTheRequestLog() {
    HubSpotSimulatorMain.Setup setup = HubSpotSimulatorMain.Setup.parse(new String[] {
        "--port", "0", "--portal", "62515:2:250000", "--token", "62515=pat-na1-demo"});
    try (HubSpotSimulator sim = HubSpotSimulator.start(setup.options())) {
      setup.apply(sim);
      SimHttp http = new SimHttp(sim.baseUrl(), "pat-na1-demo");
      for (int i = 0; i < 3; i++) {
        http.get("/crm/v3/objects/contacts");
      }
      JsonObject stats = http.get("/_simulator/stats").json();
      assertEquals(3, stats.getInteger("requests"));
      assertEquals(1, stats.getJsonObject("rateLimitedByPolicy").getInteger("TEN_SECONDLY_ROLLING"));
      JsonObject window = stats.getJsonArray("windows").getJsonObject(0);
      assertEquals(3, window.getInteger("maxInAnyTenSeconds"));
      assertEquals(2, window.getInteger("maxAcceptedInAnyTenSeconds"));
    }
  }

  @Test
  void rejectsUnknownArguments() {
    assertThrows(IllegalArgumentException.class,
        () -> HubSpotSimulatorMain.Setup.parse(new String[] {"--bogus"}));
  }
}
