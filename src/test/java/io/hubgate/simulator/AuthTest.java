package io.hubgate.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthTest {

  HubSpotSimulator sim;
  SimHttp anonymous;

  @BeforeEach
  void start() {
    sim = HubSpotSimulator.start();
    anonymous = new SimHttp(sim.baseUrl(), null);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void unknownOrMissingTokenIs401InvalidAuthentication() {
    for (SimHttp client : new SimHttp[] {anonymous, anonymous.as("pat-na1-nobody")}) {
      var answer = client.get("/crm/v3/objects/contacts");
      assertEquals(401, answer.status());
      assertEquals("INVALID_AUTHENTICATION", answer.json().getString("category"));
      assertTrue(answer.json().getString("message").startsWith("Authentication credentials not found."));
      assertNull(answer.header("X-HubSpot-RateLimit-Max"));
    }
  }

  @Test
  void missingScopeIs403WithRequiredGranularScopes() {
    sim.portals().privateAppToken(1, "pat-na1-contacts-only", 5, "crm.objects.contacts.read");
    SimHttp http = anonymous.as("pat-na1-contacts-only");
    assertEquals(200, http.get("/crm/v3/objects/contacts").status());
    var answer = http.get("/crm/v3/objects/deals");
    assertEquals(403, answer.status());
    JsonObject body = answer.json();
    assertEquals("MISSING_SCOPES", body.getString("category"));
    assertEquals(new JsonArray().add("crm.objects.deals.read"),
        body.getJsonArray("errors").getJsonObject(0).getJsonObject("context").getJsonArray("requiredGranularScopes"));
    assertEquals(403, http.post("/crm/v3/objects/contacts", SimHttp.props("email", "a@b.c")).status());
  }

  @Test
  void expiredOAuthTokenIs401ExpiredAuthenticationWithExpireTime() {
    sim.oauth().registerApp("client-1", "secret-1", 777, "https://gw.example.com/oauth/callback");
    String code = sim.oauth().authorizationCode("client-1", 42, "crm.objects.contacts.read");
    var tokens = anonymous.form("/oauth/v1/token", "grant_type=authorization_code&client_id=client-1"
        + "&client_secret=secret-1&redirect_uri=https://gw.example.com/oauth/callback&code=" + code).json();
    SimHttp http = anonymous.as(tokens.getString("access_token"));
    assertEquals(200, http.get("/crm/v3/objects/contacts").status());

    sim.clock().advance(Duration.ofSeconds(1799));
    assertEquals(200, http.get("/crm/v3/objects/contacts").status());
    sim.clock().advance(Duration.ofSeconds(5));
    var expired = http.get("/crm/v3/objects/contacts");
    assertEquals(401, expired.status());
    assertEquals("EXPIRED_AUTHENTICATION", expired.json().getString("category"));
    assertEquals("2026-03-10T09:30:00Z",
        expired.json().getJsonObject("context").getJsonArray("expire time").getString(0));
    assertEquals("The OAuth token used to make this call expired 4 second(s) ago.", expired.json().getString("message"));
  }
}
