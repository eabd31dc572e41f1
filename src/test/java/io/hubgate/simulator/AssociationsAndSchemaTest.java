package io.hubgate.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AssociationsAndSchemaTest {

  static final long PORTAL = 62515;
  static HubSpotSimulator sim;
  static SimHttp http;

  @BeforeAll
  static void start() {
    sim = HubSpotSimulator.start();
    http = SimHttp.forPortal(sim, PORTAL, "pat-na1-assoc", 3);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @Test
  void defaultAssociationAnswersBothDirectionsWithTheirTypeIds() {
    String lineItem = sim.crm(PORTAL).seed("line_items", Map.of("name", "li")).id();
    String deal = sim.crm(PORTAL).seed("deals", Map.of("dealname", "d")).id();
    var answer = http.put("/crm/v4/objects/deals/" + deal + "/associations/default/line_items/" + lineItem);
    assertEquals(200, answer.status());
    JsonObject body = answer.json();
    assertEquals("COMPLETE", body.getString("status"));
    Map<String, Integer> byFrom = body.getJsonArray("results").stream().map(r -> (JsonObject) r)
        .collect(Collectors.toMap(r -> r.getJsonObject("from").getString("id"),
            r -> r.getJsonObject("associationSpec").getInteger("associationTypeId")));
    assertEquals(Map.of(deal, 19, lineItem, 20), byFrom);
    assertEquals("HUBSPOT_DEFINED", body.getJsonArray("results").getJsonObject(0).getJsonObject("associationSpec")
        .getString("associationCategory"));
  }

  @Test
  void defaultAssociationOfAMissingRecordIs404() {
    String contact = sim.crm(PORTAL).seed("contacts", Map.of("email", "a1@example.com")).id();
    assertEquals(404, http.put("/crm/v4/objects/contact/" + contact + "/associations/default/company/123").status());
  }

  @Test
  void batchDefaultAssociatesAndReportsMissingIds() {
    String contact = sim.crm(PORTAL).seed("contacts", Map.of("email", "a2@example.com")).id();
    String company = sim.crm(PORTAL).seed("companies", Map.of("name", "c")).id();
    JsonObject body = new JsonObject().put("inputs", new JsonArray()
        .add(new JsonObject().put("from", new JsonObject().put("id", contact)).put("to", new JsonObject().put("id", company))));
    var ok = http.post("/crm/associations/2026-03/contacts/companies/batch/associate/default", body);
    assertEquals(200, ok.status());
    Set<Integer> typeIds = ok.results().stream().map(r -> ((JsonObject) r).getJsonObject("associationSpec")
        .getInteger("associationTypeId")).collect(Collectors.toSet());
    assertEquals(Set.of(279, 280), typeIds);
    var listed = http.get("/crm/v4/objects/contacts/" + contact + "/associations/companies");
    assertEquals(Long.parseLong(company), listed.results().getJsonObject(0).getLong("toObjectId"));

    body.getJsonArray("inputs").add(new JsonObject().put("from", new JsonObject().put("id", contact))
        .put("to", new JsonObject().put("id", "31337")));
    var partial = http.post("/crm/v4/associations/contacts/companies/batch/associate/default", body);
    assertEquals(207, partial.status());
    assertEquals(new JsonArray().add("31337"),
        partial.json().getJsonArray("errors").getJsonObject(0).getJsonObject("context").getJsonArray("ids"));
  }

  @Test
  void propertiesCarryUniquenessAndDefinitions() {
    sim.crm(PORTAL).addProperty("contacts", PropertyDefinition.string("customer_number").unique());
    for (String path : new String[] {"/crm/v3/properties/contacts", "/crm/properties/2026-03/contacts"}) {
      var answer = http.get(path);
      assertEquals(200, answer.status());
      Map<String, JsonObject> byName = answer.results().stream().map(p -> (JsonObject) p)
          .collect(Collectors.toMap(p -> p.getString("name"), p -> p));
      assertTrue(byName.get("customer_number").getBoolean("hasUniqueValue"));
      JsonObject email = byName.get("email");
      for (String field : new String[] {"name", "label", "type", "fieldType", "description", "groupName", "options"}) {
        assertTrue(email.containsKey(field), field);
      }
      assertTrue(byName.get("lifecyclestage").getJsonArray("options").size() > 3);
    }
  }

  @Test
  void dealPipelineStagesHaveStringMetadata() {
    var answer = http.get("/crm/pipelines/2026-03/deals");
    assertEquals(200, answer.status());
    JsonObject pipeline = answer.results().getJsonObject(0);
    assertEquals("default", pipeline.getString("id"));
    JsonObject won = pipeline.getJsonArray("stages").stream().map(s -> (JsonObject) s)
        .filter(s -> s.getString("id").equals("closedwon")).findFirst().orElseThrow();
    assertEquals("true", won.getJsonObject("metadata").getValue("isClosed"));
    assertEquals("1.0", won.getJsonObject("metadata").getValue("probability"));
    JsonObject ticketStage = http.get("/crm/v3/pipelines/tickets").results().getJsonObject(0)
        .getJsonArray("stages").getJsonObject(0);
    assertEquals("OPEN", ticketStage.getJsonObject("metadata").getString("ticketState"));
  }

  @Test
  void batchReadAndLabelsOfAssociations() {
    String contact = sim.crm(PORTAL).seed("contacts", Map.of("email", "a3@example.com")).id();
    String company = sim.crm(PORTAL).seed("companies", Map.of("name", "c3")).id();
    http.put("/crm/v4/objects/contacts/" + contact + "/associations/default/companies/" + company);
    JsonObject body = new JsonObject().put("inputs", new JsonArray().add(new JsonObject().put("id", contact)));
    var read = http.post("/crm/v4/associations/contacts/companies/batch/read", body);
    assertEquals(200, read.status());
    JsonObject to = read.results().getJsonObject(0).getJsonArray("to").getJsonObject(0);
    assertEquals(Long.parseLong(company), to.getLong("toObjectId"));
    assertEquals(279, to.getJsonArray("associationTypes").getJsonObject(0).getInteger("typeId"));
    Set<Integer> labels = http.get("/crm/v4/associations/contacts/companies/labels").results().stream()
        .map(l -> ((JsonObject) l).getInteger("typeId")).collect(Collectors.toSet());
    assertEquals(Set.of(279, 1), labels);
  }

  @Test
  void mergeKeepsThePrimaryAndGdprDeleteRemovesForGood() {
    String primary = sim.crm(PORTAL).seed("contacts", Map.of("email", "p@example.com")).id();
    String other = sim.crm(PORTAL).seed("contacts", Map.of("email", "o@example.com", "phone", "123")).id();
    var merged = http.post("/crm/v3/objects/contacts/merge",
        new JsonObject().put("primaryObjectId", primary).put("objectIdToMerge", other));
    assertEquals(200, merged.status());
    assertEquals("123", sim.crm(PORTAL).record("contacts", primary).orElseThrow().property("phone"));
    assertEquals(other, sim.crm(PORTAL).record("contacts", primary).orElseThrow().property("hs_merged_object_ids"));
    assertTrue(sim.crm(PORTAL).record("contacts", other).orElseThrow().archived());

    var gdpr = http.post("/crm/v3/objects/contacts/gdpr-delete",
        new JsonObject().put("objectId", "p@example.com").put("idProperty", "email"));
    assertEquals(204, gdpr.status());
    assertTrue(sim.crm(PORTAL).record("contacts", primary).isEmpty());
  }
}
