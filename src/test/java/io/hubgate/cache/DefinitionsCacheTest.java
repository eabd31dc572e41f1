package io.hubgate.cache;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.simulator.RequestLogEntry;
import io.hubgate.testsupport.HubSpotSimulatorResource;
import io.hubgate.testsupport.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;

/**
 * Definitions read through {@code /hubspot/{portalId}/...} against the simulator: hits cost no HubSpot request, and
 * writes through the gateway invalidate. The simulator's request log shows what reached HubSpot.
 */
@QuarkusTest
@TestProfile(DefinitionsCacheTest.WithSimulator.class)
class DefinitionsCacheTest {

  static final long PORTAL = 201;
  static final long OTHER = 202;

  public static class WithSimulator implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "hubgate.portals.\"201\".access-token", "pat-na1-201",
          "hubgate.portals.\"202\".access-token", "pat-na1-202");
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
    sim = HubSpotSimulatorResource.withPortals(PORTAL, OTHER);
  }

  private RequestSpecification as(long portal) {
    return given().baseUri(base)
        .header("Authorization", "Bearer " + TestTokens.token("hubspot.read hubspot.write", portal));
  }

  private long reached(String method, String target) {
    return sim.requestLog().entries().stream()
        .filter(e -> e.method().equals(method) && target.equals(e.target()))
        .count();
  }

  private double metric(String result) {
    String text = given().baseUri(management).get("/metrics").then().statusCode(200).extract().asString();
    // summed over portals
    return text.lines()
        .filter(l -> l.startsWith("hubgate_cache_requests_total{cache=\"hubspot-definitions\",")
            && l.contains("result=\"" + result + "\"}"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void aSecondReadOfAPropertyListIsAHit() {
    double hitsBefore = metric("hit");
    double missesBefore = metric("miss");
    String first = as(PORTAL).get("/hubspot/201/crm/v3/properties/contacts?archived=false")
        .then().statusCode(200).contentType(containsString("application/json"))
        .header("Age", "0").header("X-Hubgate-Cache", "miss")
        .body("results.name", hasItem("email"))
        .extract().asString();
    String second = as(PORTAL).get("/hubspot/201/crm/v3/properties/contacts?archived=false")
        .then().statusCode(200).contentType(containsString("application/json"))
        .header("Age", notNullValue()).header("X-Hubgate-Cache", "hit")
        .extract().asString();

    assertEquals(first, second, "the same definitions");
    assertEquals(1, reached("GET", "/crm/v3/properties/contacts?archived=false"), "one request reached HubSpot");
    assertEquals(hitsBefore + 1, metric("hit"));
    assertEquals(missesBefore + 1, metric("miss"));
  }

  @Test
  void portalsQueriesAndShapesAreSeparateEntries() {
    for (String target : new String[] {"/crm/v3/properties/companies", "/crm/v3/properties/companies?archived=true",
        "/crm/v3/properties/companies/name", "/crm/properties/2026-03/companies", "/crm/v3/pipelines/deals",
        "/crm/v3/pipelines/deals/default", "/crm/v4/associations/contacts/companies/labels"}) {
      for (long portal : new long[] {PORTAL, OTHER}) {
        as(portal).get("/hubspot/" + portal + target).then().statusCode(200).header("X-Hubgate-Cache", "miss");
        as(portal).get("/hubspot/" + portal + target).then().statusCode(200).header("X-Hubgate-Cache", "hit");
      }
      assertEquals(2, reached("GET", target), target + ": once per portal");
    }
  }

  @Test
  void aPropertyWrittenThroughTheGatewayInvalidatesItsType() {
    String list = "/hubspot/201/crm/v3/properties/deals";
    String single = "/hubspot/201/crm/v3/properties/deals/dealname";
    as(PORTAL).get(list).then().statusCode(200).body("results.name", not(hasItem("region")));
    as(PORTAL).get(single).then().statusCode(200).body("label", equalTo("Dealname"));
    as(PORTAL).get(list).then().header("X-Hubgate-Cache", "hit");
    as(PORTAL).get(single).then().header("X-Hubgate-Cache", "hit");

    as(PORTAL).contentType("application/json")
        .body("{\"name\":\"region\",\"label\":\"Region\",\"type\":\"string\",\"fieldType\":\"text\",\"groupName\":\"dealinformation\"}")
        .post("/hubspot/201/crm/v3/properties/deals").then().statusCode(201);
    as(PORTAL).get(list).then().statusCode(200).header("X-Hubgate-Cache", "miss")
        .body("results.name", hasItem("region"));
    as(PORTAL).get(single).then().statusCode(200).header("X-Hubgate-Cache", "miss");

    as(PORTAL).contentType("application/json").body("{\"label\":\"Deal name\"}")
        .patch("/hubspot/201/crm/v3/properties/deals/dealname").then().statusCode(200);
    as(PORTAL).get(single).then().statusCode(200).header("X-Hubgate-Cache", "miss")
        .body("label", equalTo("Deal name"));
    as(PORTAL).get(single).then().statusCode(200).header("X-Hubgate-Cache", "hit")
        .body("label", equalTo("Deal name"));
    assertEquals(3, reached("GET", "/crm/v3/properties/deals/dealname"));
  }

  @Test
  void aWriteToAnotherTypeOrPortalOrAFailedWriteKeepsTheEntries() {
    String target = "/hubspot/201/crm/v3/properties/tickets";
    as(PORTAL).get(target).then().header("X-Hubgate-Cache", "miss");
    as(OTHER).contentType("application/json").body("{\"name\":\"x1\",\"label\":\"X1\"}")
        .post("/hubspot/202/crm/v3/properties/tickets").then().statusCode(201);
    as(PORTAL).contentType("application/json").body("{\"name\":\"x2\",\"label\":\"X2\"}")
        .post("/hubspot/201/crm/v3/properties/companies").then().statusCode(201);
    as(PORTAL).contentType("application/json").body("{\"label\":\"Nothing\"}")
        .patch("/hubspot/201/crm/v3/properties/tickets/no_such_property").then().statusCode(404);
    as(PORTAL).get(target).then().header("X-Hubgate-Cache", "hit");
    assertEquals(1, reached("GET", "/crm/v3/properties/tickets"));
  }

  @Test
  void nonOkAnswersAreNotCached() {
    for (int i = 0; i < 2; i++) {
      as(PORTAL).get("/hubspot/201/crm/v3/properties/contacts/no_such_property").then().statusCode(404)
          .header("X-Hubgate-Cache", "miss");
    }
    assertEquals(2, reached("GET", "/crm/v3/properties/contacts/no_such_property"));
  }

  @Test
  void otherReadsAreNeverCached() {
    for (int i = 0; i < 2; i++) {
      as(PORTAL).get("/hubspot/201/crm/v3/objects/contacts?limit=1").then().statusCode(200)
          .header("X-Hubgate-Cache", (String) null).header("Age", (String) null);
    }
    assertEquals(2, reached("GET", "/crm/v3/objects/contacts?limit=1"));
    List<RequestLogEntry> entries = sim.requestLog().entries();
    assertEquals(2, entries.size());
  }
}
