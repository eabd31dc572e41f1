package io.hubgate.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchApiTest {

  static final long PORTAL = 62515;
  HubSpotSimulator sim;
  SimHttp http;

  @BeforeEach
  void start() {
    sim = HubSpotSimulator.start();
    http = SimHttp.forPortal(sim, PORTAL, "pat-na1-batch", 12);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  static JsonObject inputs(List<JsonObject> inputs) {
    return new JsonObject().put("inputs", new JsonArray(new ArrayList<>(inputs)));
  }

  static JsonObject contactInput(String email, String trace) {
    JsonObject input = new JsonObject().put("properties", new JsonObject().put("email", email));
    return trace == null ? input : input.put("objectWriteTraceId", trace);
  }

  @Test
  void batchCreateAnswers201WithEnvelopeAndResultsNotInInputOrder() {
    List<JsonObject> list = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      list.add(contactInput("c" + i + "@example.com", "t" + i));
    }
    var answer = http.post("/crm/v3/objects/contacts/batch/create", inputs(list));
    assertEquals(201, answer.status());
    JsonObject body = answer.json();
    assertEquals("COMPLETE", body.getString("status"));
    assertNotNull(body.getString("startedAt"));
    assertNotNull(body.getString("completedAt"));
    List<String> traces = body.getJsonArray("results").stream()
        .map(r -> ((JsonObject) r).getString("objectWriteTraceId")).toList();
    List<String> inputOrder = list.stream().map(i -> i.getString("objectWriteTraceId")).toList();
    assertEquals(Set.copyOf(inputOrder), Set.copyOf(traces));
    assertNotEquals(inputOrder, traces, "HubSpot does not promise input order; neither does the simulator");
    assertEquals(20, sim.crm(PORTAL).activeRecords("contacts").size());
  }

  @Test
  void moreThan100InputsIs400ValidationError() {
    List<JsonObject> list = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      list.add(contactInput("x" + i + "@example.com", null));
    }
    var answer = http.post("/crm/v3/objects/contacts/batch/create", inputs(list));
    assertEquals(400, answer.status());
    assertEquals("VALIDATION_ERROR", answer.json().getString("category"));
    assertEquals(0, sim.crm(PORTAL).records("contacts").size());
  }

  @Test
  void invalidPropertyFailsWholeBatchWithoutTraceIds() {
    JsonObject bad = new JsonObject().put("properties", new JsonObject().put("missing", "x"));
    var answer = http.post("/crm/v3/objects/contacts/batch/create",
        inputs(List.of(contactInput("ok@example.com", null), bad)));
    assertEquals(400, answer.status());
    assertEquals(0, sim.crm(PORTAL).records("contacts").size(), "nothing is written");
  }

  @Test
  void invalidPropertyWithTraceIdsIs207WithPartialWrite() {
    JsonObject bad = new JsonObject().put("properties", new JsonObject().put("missing", "x"))
        .put("objectWriteTraceId", "549b1c2a9351");
    var answer = http.post("/crm/v3/objects/contacts/batch/create",
        inputs(List.of(contactInput("ok@example.com", "good-1"), bad)));
    assertEquals(207, answer.status());
    JsonObject body = answer.json();
    assertEquals(1, body.getInteger("numErrors"));
    JsonObject error = body.getJsonArray("errors").getJsonObject(0);
    assertEquals("VALIDATION_ERROR", error.getString("category"));
    assertEquals(new JsonArray().add("549b1c2a9351"), error.getJsonObject("context").getJsonArray("objectWriteTraceId"));
    assertEquals("good-1", body.getJsonArray("results").getJsonObject(0).getString("objectWriteTraceId"));
    assertEquals(1, sim.crm(PORTAL).records("contacts").size());
  }

  @Test
  void existingEmailOnBatchCreateIs409AndNothingIsWritten() {
    String existing = sim.crm(PORTAL).seed("contacts", Map.of("email", "taken@example.com")).id();
    var answer = http.post("/crm/v3/objects/contacts/batch/create",
        inputs(List.of(contactInput("new@example.com", "a"), contactInput("taken@example.com", "b"))));
    assertEquals(409, answer.status());
    assertEquals("Contact already exists. Existing ID: " + existing, answer.json().getString("message"));
    assertEquals(1, sim.crm(PORTAL).records("contacts").size());
  }

  @Test
  void duplicateIdsInUpdateAre400WithHubSpotsMessage() {
    String id = sim.crm(PORTAL).seed("contacts", Map.of("email", "d@example.com")).id();
    JsonObject input = new JsonObject().put("id", id).put("properties", new JsonObject().put("firstname", "A"));
    var answer = http.post("/crm/v3/objects/contacts/batch/update", inputs(List.of(input, input.copy())));
    assertEquals(400, answer.status());
    JsonObject body = answer.json();
    assertEquals("Duplicate IDs found in batch input: [" + id + "]. IDs must be unique", body.getString("message"));
    assertEquals(new JsonArray().add(id), body.getJsonObject("context").getJsonArray("ids"));
    assertEquals("VALIDATION_ERROR", body.getString("category"));
    assertEquals(null, sim.crm(PORTAL).record("contacts", id).orElseThrow().property("firstname"));
  }

  @Test
  void batchReadWithUnknownIdsIs207WithObjectNotFound() {
    String id = sim.crm(PORTAL).seed("contacts", Map.of("email", "r@example.com")).id();
    JsonObject body = inputs(List.of(new JsonObject().put("id", id), new JsonObject().put("id", "99999")))
        .put("properties", new JsonArray().add("email"));
    var answer = http.post("/crm/v3/objects/contacts/batch/read", body);
    assertEquals(207, answer.status());
    JsonObject error = answer.json().getJsonArray("errors").getJsonObject(0);
    assertEquals("OBJECT_NOT_FOUND", error.getString("category"));
    assertEquals("Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.",
        error.getString("message"));
    assertEquals(new JsonArray().add("99999"), error.getJsonObject("context").getJsonArray("ids"));
    assertEquals("r@example.com", answer.results().getJsonObject(0).getJsonObject("properties").getString("email"));
  }

  @Test
  void batchReadWithHistoryIsLimitedTo50() {
    List<JsonObject> list = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      list.add(new JsonObject().put("id", Integer.toString(i)));
    }
    var answer = http.post("/crm/v3/objects/contacts/batch/read",
        inputs(list).put("propertiesWithHistory", new JsonArray().add("email")));
    assertEquals(400, answer.status());
    assertTrue(answer.json().getString("message").contains("property histories is 50"));
  }

  @Test
  void batchUpdateWithUnknownIdIs207EchoingTraceIds() {
    String id = sim.crm(PORTAL).seed("contacts", Map.of("email", "u@example.com")).id();
    var answer = http.post("/crm/v3/objects/contacts/batch/update", inputs(List.of(
        new JsonObject().put("id", id).put("properties", new JsonObject().put("firstname", "U"))
            .put("objectWriteTraceId", "t1"),
        new JsonObject().put("id", "424242").put("properties", new JsonObject().put("firstname", "V"))
            .put("objectWriteTraceId", "t2"))));
    assertEquals(207, answer.status());
    JsonObject context = answer.json().getJsonArray("errors").getJsonObject(0).getJsonObject("context");
    assertEquals(new JsonArray().add("424242"), context.getJsonArray("ids"));
    assertEquals(new JsonArray().add("t2"), context.getJsonArray("objectWriteTraceId"));
    assertEquals("U", sim.crm(PORTAL).record("contacts", id).orElseThrow().property("firstname"));
  }

  @Test
  void upsertByEmailCreatesOrUpdatesAndSaysWhichIsNew() {
    String existing = sim.crm(PORTAL).seed("contacts", Map.of("email", "old@example.com")).id();
    var answer = http.post("/crm/v3/objects/contacts/batch/upsert", inputs(List.of(
        new JsonObject().put("id", "old@example.com").put("idProperty", "email")
            .put("properties", new JsonObject().put("firstname", "Old")),
        new JsonObject().put("id", "fresh@example.com").put("idProperty", "email")
            .put("properties", new JsonObject().put("firstname", "Fresh")))));
    assertEquals(200, answer.status());
    Map<String, Boolean> isNew = answer.results().stream().map(r -> (JsonObject) r)
        .collect(Collectors.toMap(r -> r.getJsonObject("properties").getString("email"), r -> r.getBoolean("new")));
    assertEquals(Map.of("old@example.com", false, "fresh@example.com", true), isNew);
    assertEquals("Old", sim.crm(PORTAL).record("contacts", existing).orElseThrow().property("firstname"));
    assertEquals(2, sim.crm(PORTAL).activeRecords("contacts").size());
  }

  @Test
  void upsertByNonUniquePropertyIs400AndDuplicateValuesAre400() {
    var nonUnique = http.post("/crm/v3/objects/companies/batch/upsert", inputs(List.of(
        new JsonObject().put("id", "Acme").put("idProperty", "name").put("properties", new JsonObject()))));
    assertEquals(400, nonUnique.status());
    assertTrue(nonUnique.json().getString("message").contains("Unable to perform update/upsert by non-unique 0-2 property"));

    sim.crm(PORTAL).addProperty("companies", PropertyDefinition.string("external_id").unique());
    JsonObject input = new JsonObject().put("id", "E-1").put("idProperty", "external_id")
        .put("properties", new JsonObject().put("name", "Acme"));
    assertEquals(400, http.post("/crm/v3/objects/companies/batch/upsert", inputs(List.of(input, input.copy()))).status());
    var ok = http.post("/crm/v3/objects/companies/batch/upsert", inputs(List.of(input)));
    assertEquals(200, ok.status());
    assertTrue(ok.results().getJsonObject(0).getBoolean("new"));
    assertEquals("E-1", sim.crm(PORTAL).activeRecords("companies").get(0).property("external_id"));
  }

  @Test
  void batchArchiveIs204() {
    String id = sim.crm(PORTAL).seed("deals", Map.of("dealname", "x")).id();
    var answer = http.post("/crm/v3/objects/deals/batch/archive",
        inputs(List.of(new JsonObject().put("id", id), new JsonObject().put("id", "1"))));
    assertEquals(204, answer.status());
    assertTrue(sim.crm(PORTAL).record("deals", id).orElseThrow().archived());
    assertFalse(sim.crm(PORTAL).activeRecords("deals").stream().anyMatch(r -> r.id().equals(id)));
  }

  @Test
  void requestLogCountsBatchInputs() {
    http.post("/crm/v3/objects/contacts/batch/create",
        inputs(List.of(contactInput("a@example.com", null), contactInput("b@example.com", null))));
    RequestLogEntry entry = sim.requestLog().entries().get(0);
    assertEquals(2, entry.inputs());
    assertEquals(PORTAL, entry.portalId());
    assertEquals(12, entry.appId());
    assertEquals(201, entry.status());
  }

  @Test
  void twoNewContactsWithOneEmailInABatchAre400() {
    var answer = http.post("/crm/v3/objects/contacts/batch/create",
        inputs(List.of(contactInput("same@example.com", "a"), contactInput("Same@example.com", "b"))));
    assertEquals(400, answer.status());
    assertEquals(0, sim.crm(PORTAL).records("contacts").size());
  }
}
