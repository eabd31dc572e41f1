package io.hubgate.writes;

import static io.restassured.RestAssured.given;
import static io.hubgate.testsupport.Concurrently.metric;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hubgate.simulator.AssociationRecord;
import io.hubgate.simulator.CrmRecord;
import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.simulator.RequestLogEntry;
import io.hubgate.testsupport.Concurrently;
import io.hubgate.testsupport.HubSpotSimulatorResource;
import io.hubgate.testsupport.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The three flows integration teams run most, as their services call HubSpot's API through the gateway, with several
 * services at once so that their calls are coalesced: a contact sync by upsert on email, a deal created on conversion
 * and associated with its contact and company, a note logged on a contact's timeline. And callers' own batch requests
 * merged into shared batches, a whole-batch rejection among them isolated.
 */
@QuarkusTest
@TestProfile(CoalescingApiTest.Coalescing.class)
class UserFlowsTest {

  static final long PORTAL = CoalescingApiTest.PORTAL;
  static final String BASE = "/hubspot/" + PORTAL;
  static final String UPSERT = "/crm/v3/objects/contacts/batch/upsert";

  @TestHTTPResource("/")
  URI base;

  @TestHTTPResource(value = "/", management = true)
  String management;

  HubSpotSimulator sim;
  String run;

  @BeforeEach
  void portals() {
    sim = HubSpotSimulatorResource.withPortals(PORTAL, CoalescingApiTest.BULK_PORTAL);
    run = UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void clearFaults() {
    sim.faults().clear();
  }

  private RequestSpecification write() {
    return given().baseUri(base.toString())
        .header("Authorization", "Bearer " + TestTokens.token("hubspot.write", PORTAL))
        .contentType("application/json");
  }

  private RequestSpecification read() {
    return given().baseUri(base.toString())
        .header("Authorization", "Bearer " + TestTokens.token("hubspot.read", PORTAL));
  }

  private List<RequestLogEntry> received(String method, String path) {
    return sim.requestLog().entries(e -> e.portalId() == PORTAL && e.method().equals(method) && e.path().equals(path));
  }

  private String email(String name) {
    return name + "-" + run + "@example.com";
  }

  private static JsonObject upsertInput(String email, String firstname, String trace) {
    JsonObject input = new JsonObject().put("id", email).put("idProperty", "email")
        .put("properties", new JsonObject().put("firstname", firstname));
    return trace == null ? input : input.put("objectWriteTraceId", trace);
  }

  /** Three sync services, 30 contacts each; the first batch held at HubSpot so that the three queue up together. */
  private List<Response> syncRound(String firstname) throws Exception {
    CompletableFuture<Void> release = new CompletableFuture<>();
    sim.faults().on("POST", UPSERT).holdUntil(release).onlyFirst(1);
    double batchesBefore = metric(management, "hubgate_coalescing_batch_inputs_count");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Future<Response> opener = pool.submit(() -> write()
          .body(new JsonObject().put("inputs", new JsonArray().add(upsertInput(email("opener"), firstname, null)))
              .encode())
          .post(BASE + UPSERT));
      await().atMost(Duration.ofSeconds(10)).until(() -> metric(management, "hubgate_coalescing_batch_inputs_count") > batchesBefore);
      List<Future<Response>> services = new ArrayList<>();
      for (int service = 0; service < 3; service++) {
        JsonArray inputs = new JsonArray();
        for (int i = 0; i < 30; i++) {
          inputs.add(upsertInput(email("sync" + service + "-" + i), firstname + service, "s" + service + "-" + i));
        }
        String body = new JsonObject().put("inputs", inputs).encode();
        services.add(pool.submit(() -> write().body(body).post(BASE + UPSERT)));
      }
      await().atMost(Duration.ofSeconds(10))
          .until(() -> metric(management, "hubgate_coalescing_queued{portal=\"" + PORTAL + "\"}") == 90);
      release.complete(null);
      assertEquals(200, opener.get().statusCode(), opener.get().asString());
      List<Response> answers = new ArrayList<>();
      for (Future<Response> f : services) {
        answers.add(f.get());
      }
      return answers;
    } finally {
      release.complete(null);
      pool.shutdownNow();
    }
  }

  @Test
  void contactSyncByUpsertOnEmailCreatesThenUpdatesAndEachServiceGetsItsOwnResults() throws Exception {
    for (String round : List.of("Created", "Updated")) {
      sim.requestLog().clear();
      List<Response> answers = syncRound(round);
      for (int service = 0; service < 3; service++) {
        Response answer = answers.get(service);
        assertEquals(200, answer.statusCode(), answer.asString());
        assertEquals("COMPLETE", answer.path("status"));
        List<Map<String, Object>> results = answer.path("results");
        assertEquals(30, results.size(), "the service's own 30 results, none of another's");
        for (Map<String, Object> result : results) {
          @SuppressWarnings("unchecked")
          Map<String, String> properties = (Map<String, String>) result.get("properties");
          String trace = (String) result.get("objectWriteTraceId");
          assertTrue(trace.startsWith("s" + service + "-"), "its own trace id echoed: " + trace);
          assertEquals(email("sync" + service + "-" + trace.substring(trace.indexOf('-') + 1)), properties.get("email"));
          assertEquals(round + service, properties.get("firstname"));
          assertEquals("Created".equals(round), result.get("new"), "new only on the first sync");
        }
        assertNull(answer.path("errors"));
      }
      // the opener's batch, then the three services' 90 inputs in one request
      List<RequestLogEntry> upserts = received("POST", UPSERT);
      assertEquals(2, upserts.size(), "three services' batches merged");
      assertEquals(90, upserts.get(1).inputs());
    }
    Map<String, List<CrmRecord>> byEmail = sim.crm(PORTAL).records("contacts").stream()
        .filter(r -> String.valueOf(r.property("email")).contains(run))
        .collect(Collectors.groupingBy(r -> r.property("email")));
    assertEquals(91, byEmail.size());
    byEmail.forEach((email, records) -> assertEquals(1, records.size(), "one contact per email: " + email));
    assertEquals("Updated2", byEmail.get(email("sync2-7")).get(0).property("firstname"));
  }

  @Test
  void aDealCreatedOnConversionIsAssociatedWithItsContactAndCompany() throws Exception {
    int conversions = 12;
    List<Callable<String[]>> flows = new ArrayList<>();
    for (int i = 0; i < conversions; i++) {
      int n = i;
      flows.add(() -> {
        String contact = write().body(new JsonObject().put("properties",
                new JsonObject().put("email", email("buyer" + n)).put("firstname", "Buyer")).encode())
            .post(BASE + "/crm/v3/objects/contacts").then().statusCode(201).extract().path("id");
        String company = write().body("{\"properties\":{\"name\":\"Buyer Co " + n + " " + run + "\"}}")
            .post(BASE + "/crm/v3/objects/companies").then().statusCode(201).extract().path("id");
        JsonObject deal = new JsonObject()
            .put("properties", new JsonObject().put("dealname", "Conversion " + n + " " + run)
                .put("dealstage", "appointmentscheduled").put("pipeline", "default").put("amount", "1200"))
            .put("associations", new JsonArray()
                .add(association(contact, 3))    // deal → contact
                .add(association(company, 341))); // deal → company (primary)
        Response created = write().body(deal.encode()).post(BASE + "/crm/v3/objects/deals");
        assertEquals(201, created.statusCode(), created.asString());
        assertEquals("Conversion " + n + " " + run, created.path("properties.dealname"));
        String dealId = created.path("id");
        // the contact's company, as the CRM shows it on the contact record
        write().put(BASE + "/crm/v4/objects/contacts/" + contact + "/associations/default/companies/" + company)
            .then().statusCode(200);
        return new String[] {contact, company, dealId};
      });
    }
    List<String[]> ids = Concurrently.run(flows);
    for (String[] flow : ids) {
      read().get(BASE + "/crm/v4/objects/deals/" + flow[2] + "/associations/contacts").then().statusCode(200)
          .body("results.toObjectId", org.hamcrest.Matchers.contains(Long.parseLong(flow[0])));
      read().get(BASE + "/crm/v4/objects/deals/" + flow[2] + "/associations/companies").then().statusCode(200)
          .body("results.toObjectId", org.hamcrest.Matchers.contains(Long.parseLong(flow[1])));
      Set<String> companiesOfContact = sim.crm(PORTAL).associationsOf("contacts", flow[0]).stream()
          .filter(a -> a.toTypeId().equals("0-2")).map(AssociationRecord::toId).collect(Collectors.toSet());
      assertEquals(Set.of(flow[1]), companiesOfContact, "the contact's own company only");
    }
    assertEquals(0, received("POST", "/crm/v3/objects/deals").size(), "no single create reached HubSpot");
    int dealBatches = received("POST", "/crm/v3/objects/deals/batch/create").size();
    assertTrue(dealBatches >= 1 && dealBatches <= conversions);
    assertEquals(conversions, received("POST", "/crm/v3/objects/deals/batch/create").stream()
        .mapToInt(RequestLogEntry::inputs).sum());
    assertEquals(conversions, received("POST", "/crm/v4/associations/contacts/companies/batch/associate/default")
        .stream().mapToInt(RequestLogEntry::inputs).sum());
  }

  @Test
  void notesLoggedOnAContactsTimelineAreCoalescedAndShowOnTheContact() throws Exception {
    String contact = write().body(new JsonObject().put("properties",
            new JsonObject().put("email", email("timeline")).put("firstname", "Ada")).encode())
        .post(BASE + "/crm/v3/objects/contacts").then().statusCode(201).extract().path("id");
    int notes = 20;
    List<Callable<Response>> calls = new ArrayList<>();
    for (int i = 0; i < notes; i++) {
      JsonObject note = new JsonObject()
          .put("properties", new JsonObject()
              .put("hs_timestamp", Instant.parse("2026-12-01T10:00:00Z").plusSeconds(i).toString())
              .put("hs_note_body", "Call " + i + " went well " + run))
          .put("associations", new JsonArray().add(association(contact, 202))); // note → contact
      calls.add(() -> write().body(note.encode()).post(BASE + "/crm/v3/objects/notes"));
    }
    List<Response> answers = Concurrently.run(calls);
    Map<String, String> bodyById = new HashMap<>();
    for (int i = 0; i < notes; i++) {
      Response answer = answers.get(i);
      assertEquals(201, answer.statusCode(), answer.asString());
      assertEquals("Call " + i + " went well " + run, answer.path("properties.hs_note_body"));
      bodyById.put(answer.path("id"), answer.path("properties.hs_note_body"));
    }
    assertEquals(notes, bodyById.size(), "one note per caller");
    List<Object> onTimeline = read().get(BASE + "/crm/v4/objects/contacts/" + contact + "/associations/notes")
        .then().statusCode(200).extract().path("results.toObjectId");
    assertEquals(bodyById.keySet(), onTimeline.stream().map(String::valueOf).collect(Collectors.toSet()));
    String some = bodyById.keySet().iterator().next();
    read().get(BASE + "/crm/v3/objects/notes/" + some + "?properties=hs_note_body").then().statusCode(200)
        .body("properties.hs_note_body", org.hamcrest.Matchers.equalTo(bodyById.get(some)));
    assertEquals(0, received("POST", "/crm/v3/objects/notes").size(), "every note left in a batch");
    assertEquals(notes, received("POST", "/crm/v3/objects/notes/batch/create").stream()
        .mapToInt(RequestLogEntry::inputs).sum());
  }

  @Test
  void aWholeBatch400AmongMergedUpsertsIsIsolatedAndOnlyItsCallerGetsTheError() throws Exception {
    // four services' upserts queue behind a held batch and leave merged; one upserts by a property that is not
    // unique, for which HubSpot rejects the whole batch without saying which input
    CompletableFuture<Void> release = new CompletableFuture<>();
    sim.faults().on("POST", UPSERT).holdUntil(release).onlyFirst(1);
    double batchesBefore = metric(management, "hubgate_coalescing_batch_inputs_count");
    double isolationBefore = Math.max(0, metric(management, "hubgate_coalescing_isolation_requests_total"));
    ExecutorService pool = Executors.newFixedThreadPool(5);
    try {
      Future<Response> opener = pool.submit(() -> write().body(new JsonObject().put("inputs",
          new JsonArray().add(upsertInput(email("iso-opener"), "O", null))).encode()).post(BASE + UPSERT));
      await().atMost(Duration.ofSeconds(10)).until(() -> metric(management, "hubgate_coalescing_batch_inputs_count") > batchesBefore);
      List<Future<Response>> services = new ArrayList<>();
      for (int service = 0; service < 4; service++) {
        JsonArray inputs = new JsonArray();
        for (int i = 0; i < 5; i++) {
          JsonObject input = upsertInput(email("iso" + service + "-" + i), "S" + service, null);
          if (service == 2 && i == 3) {
            input.put("idProperty", "firstname").put("id", "Not unique " + run);
          }
          inputs.add(input);
        }
        String body = new JsonObject().put("inputs", inputs).encode();
        services.add(pool.submit(() -> write().body(body).post(BASE + UPSERT)));
      }
      await().atMost(Duration.ofSeconds(10))
          .until(() -> metric(management, "hubgate_coalescing_queued{portal=\"" + PORTAL + "\"}") == 20);
      release.complete(null);
      assertEquals(200, opener.get().statusCode());
      for (int service = 0; service < 4; service++) {
        Response answer = services.get(service).get();
        if (service == 2) {
          assertEquals(207, answer.statusCode(), answer.asString());
          assertEquals(4, answer.<List<?>>path("results").size(), "its four good inputs were written");
          assertEquals(1, answer.<Integer>path("numErrors"));
          assertEquals("VALIDATION_ERROR", answer.path("errors[0].category"));
          assertTrue(answer.<String>path("errors[0].message").contains("non-unique"));
        } else {
          assertEquals(200, answer.statusCode(), answer.asString());
          assertEquals(5, answer.<List<?>>path("results").size());
          assertFalse(answer.asString().contains("non-unique"), "no other caller's error");
        }
      }
    } finally {
      release.complete(null);
      pool.shutdownNow();
    }
    double isolation = metric(management, "hubgate_coalescing_isolation_requests_total") - isolationBefore;
    assertEquals(received("POST", UPSERT).size() - 2, (int) isolation, "every extra request is counted");
    assertTrue(isolation >= 2 && isolation <= 16, "bisection within its bound: " + isolation);
    assertEquals(19 + 1, sim.crm(PORTAL).records("contacts").stream()
        .filter(r -> String.valueOf(r.property("email")).contains("iso")
            && String.valueOf(r.property("email")).contains(run)).count(), "every good input written once");
  }

  @Test
  void aCallersBatchThatHubSpotWouldRefuseWholeIsForwardedAsItIs() {
    // two inputs for one record: HubSpot's own 400, one request, nothing written
    JsonArray inputs = new JsonArray().add(upsertInput(email("twice"), "A", null)).add(upsertInput(email("twice"), "B",
        null));
    write().body(new JsonObject().put("inputs", inputs).encode()).post(BASE + UPSERT).then().statusCode(400)
        .body("message", org.hamcrest.Matchers.containsString("Duplicate IDs"));
    assertEquals(1, received("POST", UPSERT).size());
    assertTrue(sim.crm(PORTAL).records("contacts").stream().noneMatch(r -> email("twice").equals(r.property("email"))));
  }

  private static JsonObject association(String toId, int typeId) {
    return new JsonObject().put("to", new JsonObject().put("id", toId)).put("types", new JsonArray()
        .add(new JsonObject().put("associationCategory", "HUBSPOT_DEFINED").put("associationTypeId", typeId)));
  }


}
