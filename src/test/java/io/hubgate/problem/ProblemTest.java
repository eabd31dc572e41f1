package io.hubgate.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/** A problem body as HubSpot's SDKs read it: RFC 9457 members and HubSpot's {@code message}, {@code category}. */
class ProblemTest {

  private static JsonObject json(Problem problem) {
    return new JsonObject(io.vertx.core.json.Json.encode(problem));
  }

  @Test
  void carriesHubSpotsMessageAndCategoryBesideTheRfcMembers() {
    JsonObject body = json(new ProblemException(400, "invalid-json", "Invalid JSON", "The request body is not JSON.")
        .toProblem("/hubspot/1/crm/v3/objects/contacts"));
    assertEquals("https://hubgate.io/problems/invalid-json", body.getString("type"));
    assertEquals(400, body.getInteger("status"));
    assertEquals("The request body is not JSON.", body.getString("detail"));
    assertEquals("The request body is not JSON.", body.getString("message"));
    assertEquals("VALIDATION_ERROR", body.getString("category"));
    assertFalse(body.containsKey("policyName"));
  }

  @Test
  void categoriesAreHubSpotsWhereOneFitsAndAbsentElsewhere() {
    assertEquals("INVALID_AUTHENTICATION", ProblemException.unauthenticated().toProblem(null).category());
    assertEquals("MISSING_SCOPES",
        new ProblemException(403, "missing-scope", "Missing Scope", "x").toProblem(null).category());
    assertEquals(null, new ProblemException(403, "portal-not-allowed", "Portal Not Allowed", "x").toProblem(null)
        .category());
    assertEquals("RATE_LIMITS", new ProblemException(429, "write-queue-full", "Write Queue Full", "x").toProblem(null)
        .category());
    assertFalse(json(new ProblemException(503, "shutting-down", "Shutting Down", "x").toProblem(null))
        .containsKey("category"));
  }

  @Test
  void aLimitersRefusalNamesHubSpotsPolicy() {
    JsonObject body = json(new ProblemException(429, "rate-limited", "Rate Limited", "over budget",
        Duration.ofSeconds(3), "TEN_SECONDLY_ROLLING").toProblem(null));
    assertEquals("TEN_SECONDLY_ROLLING", body.getString("policyName"));
    assertEquals("RATE_LIMITS", body.getString("category"));
    assertEquals("over budget", body.getString("message"));
  }
}
