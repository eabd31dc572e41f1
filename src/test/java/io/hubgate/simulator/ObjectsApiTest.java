package io.hubgate.simulator;

import static io.hubgate.simulator.SimHttp.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ObjectsApiTest {

  static final long PORTAL = 62515;
  static HubSpotSimulator sim;
  static SimHttp http;

  @BeforeAll
  static void start() {
    sim = HubSpotSimulator.start();
    http = SimHttp.forPortal(sim, PORTAL, "pat-na1-objects", 11);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @Test
  void createsReadsUpdatesAndArchivesAContact() {
    var created = http.post("/crm/v3/objects/contacts", props("email", "crud@example.com", "firstname", "Ada"));
    assertEquals(201, created.status());
    JsonObject record = created.json();
    String id = record.getString("id");
    assertEquals("crud@example.com", record.getJsonObject("properties").getString("email"));
    assertEquals(id, record.getJsonObject("properties").getString("hs_object_id"));
    assertFalse(record.getBoolean("archived"));
    assertNotNull(java.time.Instant.parse(record.getString("createdAt")));

    var read = http.get("/crm/v3/objects/contacts/" + id + "?properties=firstname,phone");
    assertEquals(200, read.status());
    JsonObject properties = read.json().getJsonObject("properties");
    assertEquals("Ada", properties.getString("firstname"));
    assertTrue(properties.containsKey("phone"), "requested but unset properties come back as null");
    assertNull(properties.getValue("phone"));

    var byEmail = http.get("/crm/v3/objects/contacts/crud@example.com?idProperty=email");
    assertEquals(id, byEmail.json().getString("id"));

    var updated = http.patch("/crm/v3/objects/contacts/" + id, props("lastname", "Lovelace"));
    assertEquals(200, updated.status());
    assertEquals("Lovelace", sim.crm(PORTAL).record("contacts", id).orElseThrow().property("lastname"));

    assertEquals(204, http.delete("/crm/v3/objects/contacts/" + id).status());
    assertEquals(404, http.get("/crm/v3/objects/contacts/" + id).status());
    assertTrue(sim.crm(PORTAL).record("contacts", id).orElseThrow().archived());
  }

  @Test
  void dateVersionedPathsReachTheSameHandlers() {
    var created = http.post("/crm/objects/2026-03/companies", props("name", "Versioned Inc"));
    assertEquals(201, created.status());
    String id = created.json().getString("id");
    assertEquals(200, http.get("/crm/v3/objects/companies/" + id).status());
    assertEquals(200, http.get("/crm/objects/2026-03/0-2/" + id).status());
  }

  @Test
  void listPagesWithAfterUpTo100() {
    for (int i = 0; i < 5; i++) {
      sim.crm(PORTAL).seed("products", Map.of("name", "p" + i));
    }
    Set<String> seen = new HashSet<>();
    String after = null;
    int pages = 0;
    do {
      var page = http.get("/crm/v3/objects/products?limit=2" + (after == null ? "" : "&after=" + after));
      assertEquals(200, page.status());
      page.results().forEach(r -> seen.add(((JsonObject) r).getString("id")));
      JsonObject paging = page.json().getJsonObject("paging");
      after = paging == null ? null : paging.getJsonObject("next").getString("after");
      pages++;
    } while (after != null);
    assertEquals(5, seen.size());
    assertEquals(3, pages);
    assertEquals(400, http.get("/crm/v3/objects/products?limit=101").status());
  }

  @Test
  void requiresHubSpotsCreateProperties() {
    var deal = http.post("/crm/v3/objects/deals", props("dealname", "No stage"));
    assertEquals(400, deal.status());
    assertEquals("VALIDATION_ERROR", deal.json().getString("category"));
    assertEquals(201, http.post("/crm/v3/objects/deals",
        props("dealname", "Ok", "dealstage", "appointmentscheduled", "pipeline", "default")).status());
    assertEquals(400, http.post("/crm/v3/objects/notes", props("hs_note_body", "x")).status());
    assertEquals(201, http.post("/crm/v3/objects/notes",
        props("hs_note_body", "x", "hs_timestamp", "2026-03-10T09:00:00Z")).status());
    assertEquals(400, http.post("/crm/v3/objects/companies", props("industry", "x")).status());
    assertEquals(201, http.post("/crm/v3/objects/companies", props("domain", "x.example")).status());
  }

  @Test
  void rejectsUnknownPropertyWithHubSpotsBody() {
    var answer = http.post("/crm/v3/objects/contacts", props("email", "u@example.com", "testproperty", "x"));
    assertEquals(400, answer.status());
    JsonObject body = answer.json();
    assertEquals("error", body.getString("status"));
    assertEquals("VALIDATION_ERROR", body.getString("category"));
    assertTrue(body.getString("message").startsWith("Property values were not valid: "));
    JsonObject error = body.getJsonArray("errors").getJsonObject(0);
    assertEquals("PROPERTY_DOESNT_EXIST", error.getString("code"));
    assertEquals(new JsonArray().add("testproperty"), error.getJsonObject("context").getJsonArray("propertyName"));
    assertNotNull(body.getString("correlationId"));
  }

  @Test
  void conflictsOnExistingContactEmail() {
    String id = http.post("/crm/v3/objects/contacts", props("email", "dup@example.com")).json().getString("id");
    var again = http.post("/crm/v3/objects/contacts", props("email", "dup@example.com"));
    assertEquals(409, again.status());
    assertEquals("CONFLICT", again.json().getString("category"));
    assertEquals("Contact already exists. Existing ID: " + id, again.json().getString("message"));
  }

  @Test
  void malformedJsonIs400WithoutCategory() {
    var answer = http.post("/crm/v3/objects/contacts", "{\"properties\": {");
    assertEquals(400, answer.status());
    assertTrue(answer.json().getString("message").startsWith("Invalid input JSON"));
    assertFalse(answer.json().containsKey("category"));
  }

  @Test
  void supportsCustomObjectsByTypeIdAndName() {
    sim.crm(PORTAL).defineCustomObject("2-9001", "widgets", "widget_name",
        PropertyDefinition.string("serial").unique());
    var created = http.post("/crm/v3/objects/2-9001", props("widget_name", "w1", "serial", "S-1"));
    assertEquals(201, created.status());
    String id = created.json().getString("id");
    assertEquals(200, http.get("/crm/v3/objects/widgets/" + id).status());
    assertEquals(200, http.get("/crm/v3/objects/p62515_widgets/S-1?idProperty=serial").status());
    assertEquals(400, http.get("/crm/v3/objects/unknowns/1").status());
  }

  @Test
  void createAcceptsInlineAssociations() {
    String company = http.post("/crm/v3/objects/companies", props("name", "Acme")).json().getString("id");
    JsonObject body = props("email", "assoc@example.com").put("associations", new JsonArray().add(new JsonObject()
        .put("to", new JsonObject().put("id", company))
        .put("types", new JsonArray().add(new JsonObject().put("associationCategory", "HUBSPOT_DEFINED")
            .put("associationTypeId", 279)))));
    var created = http.post("/crm/v3/objects/contacts", body);
    assertEquals(201, created.status());
    String contact = created.json().getString("id");
    assertEquals(279, sim.crm(PORTAL).associationsOf("contacts", contact).get(0).typeId());
    assertEquals(280, sim.crm(PORTAL).associationsOf("companies", company).get(0).typeId());

    body.getJsonArray("associations").getJsonObject(0).getJsonObject("to").put("id", "999");
    body.getJsonObject("properties").put("email", "assoc2@example.com");
    assertEquals(400, http.post("/crm/v3/objects/contacts", body).status());
  }

  @Test
  void emailLookupsIgnoreCaseAndFollowUpdates() {
    String id = http.post("/crm/v3/objects/contacts", props("email", "Case@Example.com")).json().getString("id");
    assertEquals(id, http.get("/crm/v3/objects/contacts/case@example.com?idProperty=email").json().getString("id"));
    assertEquals(200, http.patch("/crm/v3/objects/contacts/" + id, props("email", "moved@example.com")).status());
    assertEquals(201, http.post("/crm/v3/objects/contacts", props("email", "case@example.com")).status());
    assertEquals(409, http.post("/crm/v3/objects/contacts", props("email", "MOVED@example.com")).status());
  }

  @Test
  void rejectsAnInvalidEmailAndNamesDatesPerType() {
    var answer = http.post("/crm/v3/objects/contacts", props("email", "not-an-email"));
    assertEquals(400, answer.status());
    assertEquals("INVALID_EMAIL", answer.json().getJsonArray("errors").getJsonObject(0).getString("code"));
    JsonObject company = http.post("/crm/v3/objects/companies", props("name", "Dates")).json();
    assertTrue(company.getJsonObject("properties").containsKey("createdate"));
    assertFalse(company.getJsonObject("properties").containsKey("hs_createdate"));
    JsonObject task = http.post("/crm/v3/objects/tasks", props("hs_timestamp", "1700000000000")).json();
    assertTrue(task.getJsonObject("properties").containsKey("hs_createdate"));
  }
}
