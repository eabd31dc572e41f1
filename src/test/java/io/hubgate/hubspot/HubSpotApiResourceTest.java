package io.hubgate.hubspot;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.testsupport.HubSpotSimulatorResource;
import io.hubgate.testsupport.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * {@code /hubspot/{portalId}/...} against the simulator: access control decided before anything reaches HubSpot, and
 * real-looking SDK calls (create, read, batch, search, associations) passed through unchanged.
 */
@QuarkusTest
@TestProfile(HubSpotApiResourceTest.WithSimulator.class)
class HubSpotApiResourceTest {

  static final long PORTAL = 101;
  static final long OTHER = 102;
  static final long NO_CREDENTIALS = 103;
  static final long TINY = 104;

  public static class WithSimulator implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.ofEntries(
          // these tests check what the pass-through sends byte for byte; CoalescingApiTest covers the coalesced calls
          Map.entry("hubgate.coalescing.enabled", "false"),
          Map.entry("hubgate.portals.\"101\".access-token", "pat-na1-101"),
          Map.entry("hubgate.portals.\"101\".app-id", "1001"),
          Map.entry("hubgate.portals.\"102\".access-token", "pat-na1-102"),
          Map.entry("hubgate.portals.\"102\".tier", "PROFESSIONAL"),
          Map.entry("hubgate.portals.\"104\".access-token", "pat-na1-104"),
          Map.entry("hubgate.portals.\"104\".burst-limit", "2"),
          // RequestTargetAccessTest: hundreds of calls, searches among them (5 a second)
          Map.entry("hubgate.portals.\"105\".access-token", "pat-na1-105"),
          Map.entry("hubgate.portals.\"105\".burst-limit", "100000"),
          Map.entry("hubgate.ratelimit.max-wait", "PT2S"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(HubSpotSimulatorResource.class));
    }
  }

  @TestHTTPResource("/")
  String base;

  @TestHTTPResource(value = "/", management = true)
  String management;

  HubSpotSimulator sim;

  @BeforeEach
  void portals() {
    sim = HubSpotSimulatorResource.withPortals(PORTAL, OTHER, TINY);
  }

  private RequestSpecification as(String scopes, Object... portals) {
    return given().baseUri(base).header("Authorization", "Bearer " + TestTokens.token(scopes, portals));
  }

  private static ValidatableResponse assertProblem(ValidatableResponse response, int status, String slug) {
    return response.statusCode(status).contentType("application/problem+json").body("type", containsString(slug))
        .body("status", equalTo(status));
  }

  @Test
  void refusesCallersWithoutAToken() {
    assertProblem(given().baseUri(base).get("/hubspot/101/crm/v3/objects/contacts").then(), 401, "unauthenticated");
    assertProblem(given().baseUri(base).header("Authorization", "Bearer pat-na1-101")
        .get("/hubspot/101/crm/v3/objects/contacts").then(), 401, "unauthenticated");
    assertEquals(0, sim.requestLog().size(), "nothing reached HubSpot");
  }

  @Test
  void readScopeReadsAndSearchesButCannotWrite() {
    as("hubspot.read", PORTAL).get("/hubspot/101/crm/v3/objects/contacts").then().statusCode(200);
    as("hubspot.read", PORTAL).contentType("application/json").body("{\"inputs\":[{\"id\":\"1\"}]}")
        .post("/hubspot/101/crm/v3/objects/contacts/batch/read").then().statusCode(207);
    as("hubspot.read", PORTAL).contentType("application/json").body("{\"filterGroups\":[]}")
        .post("/hubspot/101/crm/v3/objects/contacts/search").then().statusCode(200);
    int before = sim.requestLog().size();
    assertProblem(as("hubspot.read", PORTAL).contentType("application/json")
        .body("{\"properties\":{\"email\":\"no@example.com\"}}")
        .post("/hubspot/101/crm/v3/objects/contacts").then(), 403, "missing-scope");
    // HubSpot's SDKs read message and category from an error body
    assertProblem(as("hubspot.read", PORTAL).delete("/hubspot/101/crm/v3/objects/contacts/1").then(), 403,
        "missing-scope")
        .body("category", equalTo("MISSING_SCOPES"))
        .body("message", equalTo("This call needs the scope hubspot.write."))
        .body("detail", equalTo("This call needs the scope hubspot.write."));
    assertEquals(before, sim.requestLog().size(), "refused writes never reached HubSpot");
  }

  @Test
  void aTokenForOnePortalCannotActForAnother() {
    assertProblem(as("hubspot.read hubspot.write", PORTAL).get("/hubspot/102/crm/v3/objects/contacts").then(), 403,
        "portal-not-allowed");
    assertProblem(as("hubspot.write", PORTAL).contentType("application/json").body("{\"properties\":{}}")
        .post("/hubspot/102/crm/v3/objects/companies").then(), 403, "portal-not-allowed");
    assertEquals(0, sim.requestLog().size());
  }

  @Test
  void passesSdkCallsThroughUnchanged() {
    var writer = as("hubspot.write", PORTAL);
    String contactId = writer.contentType("application/json")
        .body("{\"properties\":{\"email\":\"ada@example.com\",\"firstname\":\"Ada\"}}")
        .post("/hubspot/101/crm/v3/objects/contacts")
        .then().statusCode(201).contentType(containsString("application/json"))
        .body("properties.email", equalTo("ada@example.com"))
        .extract().path("id");
    String companyId = as("hubspot.write", PORTAL).contentType("application/json")
        .body("{\"properties\":{\"name\":\"Analytical Engines\",\"domain\":\"engines.example\"}}")
        .post("/hubspot/101/crm/v3/objects/companies").then().statusCode(201).extract().path("id");

    // the raw query goes through: only the asked-for property comes back
    as("hubspot.read", PORTAL).get("/hubspot/101/crm/v3/objects/contacts/" + contactId + "?properties=firstname&archived=false")
        .then().statusCode(200)
        .header("X-HubSpot-RateLimit-Max", "100")
        .header("X-HubSpot-Correlation-Id", notNullValue())
        .body("properties.firstname", equalTo("Ada"));

    as("hubspot.read", PORTAL).contentType("application/json")
        .body("{\"properties\":[\"email\"],\"inputs\":[{\"id\":\"" + contactId + "\"}]}")
        .post("/hubspot/101/crm/v3/objects/contacts/batch/read")
        .then().statusCode(200).body("status", equalTo("COMPLETE")).body("results.id", hasItem(contactId));

    as("hubspot.read", PORTAL).contentType("application/json")
        .body("{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"email\",\"operator\":\"EQ\",\"value\":\"ada@example.com\"}]}]}")
        .post("/hubspot/101/crm/v3/objects/contacts/search")
        .then().statusCode(200).body("total", equalTo(1)).body("results[0].id", equalTo(contactId));

    as("hubspot.write", PORTAL)
        .put("/hubspot/101/crm/v4/objects/contacts/" + contactId + "/associations/default/companies/" + companyId)
        .then().statusCode(200);
    as("hubspot.read", PORTAL).get("/hubspot/101/crm/v4/objects/contacts/" + contactId + "/associations/companies")
        .then().statusCode(200).body("results.toObjectId", hasItem(Long.parseLong(companyId)));

    as("hubspot.write", PORTAL).contentType("application/json").body("{\"properties\":{\"firstname\":\"Augusta\"}}")
        .patch("/hubspot/101/crm/v3/objects/contacts/" + contactId).then().statusCode(200)
        .body("properties.firstname", equalTo("Augusta"));

    // HubSpot's own errors come back as HubSpot sent them, not as gateway problems
    as("hubspot.read", PORTAL).get("/hubspot/101/crm/v3/objects/contacts/999999999")
        .then().statusCode(404).contentType(containsString("application/json"));

    // every call carried the portal's token, none the caller's
    sim.requestLog().entries().forEach(e -> assertEquals(PORTAL, e.portalId()));
    assertEquals(1, sim.crm(PORTAL).records("contacts").size());
  }

  @Test
  void aPortalWithoutCredentialsIsAClearProblem() {
    assertProblem(as("hubspot.read", NO_CREDENTIALS).get("/hubspot/103/crm/v3/objects/contacts").then(), 409,
        "portal-not-authorized");
    assertEquals(0, sim.requestLog().size());
  }

  @Test
  void aWaitBeyondTheLimitersBoundIsA429ProblemWithRetryAfter() {
    as("hubspot.read", TINY).get("/hubspot/104/crm/v3/objects/contacts").then().statusCode(200);
    as("hubspot.read", TINY).get("/hubspot/104/crm/v3/objects/contacts").then().statusCode(200);
    var refused = as("hubspot.read", TINY).get("/hubspot/104/crm/v3/objects/contacts").then();
    // as HubSpot's own 429 for this limit: HubSpot's Node client retries it (numberOfApiCallRetries) after 10 s
    assertProblem(refused, 429, "rate-limited").body("category", equalTo("RATE_LIMITS"))
        .body("policyName", equalTo("TEN_SECONDLY_ROLLING")).body("message", containsString("BURST_WINDOW"));
    refused.header("Retry-After", notNullValue());
    assertEquals(2, sim.requestLog().countFor(TINY), "the third call never reached HubSpot");
  }

  @Test
  void thePriorityHeaderPutsACallInTheBulkLane() {
    as("hubspot.read", PORTAL).header(HubSpotApiResource.PRIORITY_HEADER, "bulk")
        .get("/hubspot/101/crm/v3/objects/contacts").then().statusCode(200);
    given().baseUri(management).get("/metrics").then().statusCode(200)
        .body(containsString("hubgate_ratelimit_permits_total{lane=\"BULK\",mode=\"LOCAL\",portal=\"101\"}"));
  }

  @Test
  void readinessReportsTheLimiterMode() {
    given().baseUri(management).get("/health/ready").then().statusCode(200)
        .body("checks.find { it.name == 'hubspot-rate-limiter' }.data.mode", equalTo("LOCAL"));
    as("hubspot.read", PORTAL).get("/hubspot/101/crm/v3/objects/contacts").then().statusCode(200);
    given().baseUri(management).get("/metrics").then().statusCode(200)
        .body(containsString("hubgate_ratelimit_permits_total{lane=\"INTERACTIVE\",mode=\"LOCAL\",portal=\"101\"}"));
  }
}
