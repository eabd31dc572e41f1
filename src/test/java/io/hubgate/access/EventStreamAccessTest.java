package io.hubgate.access;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.hubgate.testsupport.Deliveries;
import io.hubgate.testsupport.SseClient;
import io.hubgate.testsupport.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;

/** Internal callers of GET /events: OIDC bearer tokens, the hubgate_portals claim and the hubspot.read scope. */
@QuarkusTest
class EventStreamAccessTest {

  @TestHTTPResource("/")
  String base;

  private ValidatableResponse get(String path, String token) {
    var request = given().baseUri(base).accept("text/event-stream");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request.get(path).then();
  }

  private static void assertProblem(ValidatableResponse response, int status, String slug) {
    response.statusCode(status).contentType("application/problem+json").body("type", containsString(slug))
        .body("status", equalTo(status));
  }

  @Test
  void refusesCallersWithoutAValidToken() {
    assertProblem(get("events", null).header("WWW-Authenticate", containsString("Bearer")), 401, "unauthenticated");
    assertProblem(get("events", "not-a-jwt"), 401, "unauthenticated");
    JsonObject claims = TestTokens.claims("hubspot.read", "*");
    assertProblem(get("events", TestTokens.forged(claims)), 401, "unauthenticated");
    long past = System.currentTimeMillis() / 1000 - 7200;
    assertProblem(get("events", TestTokens.sign(claims.copy().put("iat", past).put("exp", past + 60))), 401, "unauthenticated");
    assertProblem(get("events", TestTokens.sign(claims.copy().put("iss", "someone-else"))), 401, "unauthenticated");
    String valid = TestTokens.token("hubspot.read", "*");
    String[] parts = valid.split("\\.");
    assertProblem(get("events", parts[0] + "." + parts[1] + "."), 401, "unauthenticated");
    String noneAlg = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
        + parts[1] + ".";
    assertProblem(get("events", noneAlg), 401, "unauthenticated");
  }

  @Test
  void refusesTokensWithoutTheReadScopeOrThePortal() {
    assertProblem(get("events", TestTokens.token("openid profile", "*")), 403, "missing-scope");
    assertProblem(get("events?portalId=2", TestTokens.token("hubspot.read", 1)), 403, "portal-not-allowed");
    assertProblem(get("events?portalId=2", TestTokens.token("hubspot.read")), 403, "portal-not-allowed");
  }

  @Test
  void showsACallerOnlyThePortalsItsTokenLists() {
    try (var mine = new SseClient(base + "events", TestTokens.token("hubspot.write", 301, "302"))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        JsonObject other = Deliveries.event(303);
        JsonObject allowed = Deliveries.event(302);
        Deliveries.postV3(base.substring(0, base.length() - 1), "test-secret-one", Deliveries.body(other, allowed)).statusCode(200);
        return mine.countWithId(allowed.getValue("eventId").toString()) == 1;
      });
      assertEquals(200, mine.status());
      for (JsonObject ce : mine.events()) {
        assertEquals(302L, ce.getLong("hubspotportalid"), "only the portals the token lists");
      }
    }
  }
}
