package io.hubgate.writes;

import static io.restassured.RestAssured.given;
import static io.hubgate.testsupport.Concurrently.metric;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hubgate.hubspot.HubSpotApiResource;
import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.simulator.RequestLogEntry;
import io.hubgate.testsupport.Concurrently;
import io.hubgate.testsupport.HubSpotSimulatorResource;
import io.hubgate.testsupport.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;

/**
 * {@code /hubspot/{portalId}/...} with coalescing on, against the simulator: single-record SDK calls leave as HubSpot
 * batches, and each caller gets what HubSpot's single endpoint would have answered it.
 */
@QuarkusTest
@TestProfile(CoalescingApiTest.Coalescing.class)
class CoalescingApiTest {

  static final long PORTAL = 201;
  static final long BULK_PORTAL = 202;
  static final String CONTACTS = "/hubspot/201/crm/v3/objects/contacts";
  static final String BATCH_CREATE = "/crm/v3/objects/contacts/batch/create";

  public static class Coalescing implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "hubgate.portals.\"201\".access-token", "pat-na1-201",
          "hubgate.portals.\"202\".access-token", "pat-na1-202",
          // callers that arrive together share a batch even on a loaded machine; one batch in flight per portal, so
          // that an input queued behind it stays queued while a test looks at it
          "hubgate.coalescing.linger", "PT0.5S",
          "hubgate.coalescing.max-in-flight", "1");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(HubSpotSimulatorResource.class));
    }
  }

  @TestHTTPResource("/")
  URI base;

  @TestHTTPResource(value = "/", management = true)
  String management;

  HubSpotSimulator sim;
  String run;

  @BeforeEach
  void portals() {
    sim = HubSpotSimulatorResource.withPortals(PORTAL, BULK_PORTAL);
    run = UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void clearFaults() {
    sim.faults().clear();
  }

  private RequestSpecification as(String scopes) {
    return given().baseUri(base.toString()).header("Authorization", "Bearer " + TestTokens.token(scopes, PORTAL))
        .contentType("application/json");
  }

  private String email(String name) {
    return name + "-" + run + "@example.com";
  }

  private static String contact(String email) {
    return new JsonObject().put("properties", new JsonObject().put("email", email).put("firstname", "F")).encode();
  }

  private List<RequestLogEntry> received(String method, String path) {
    return sim.requestLog().entries(e -> e.portalId() == PORTAL && e.method().equals(method) && e.path().equals(path));
  }

  private String create(String email) {
    return as("hubspot.write").body(contact(email)).post(CONTACTS).then().statusCode(201).extract().path("id");
  }


  @Test
  void concurrentSingleCreatesLeaveInAFewBatchesAndEachCallerGetsItsOwnRecord() throws Exception {
    List<Callable<Response>> calls = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String email = email("many" + i);
      calls.add(() -> as("hubspot.write").body(contact(email)).post(CONTACTS));
    }
    List<Response> answers = Concurrently.run(calls);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < answers.size(); i++) {
      Response answer = answers.get(i);
      assertEquals(201, answer.statusCode(), answer.asString());
      assertTrue(answer.contentType().startsWith("application/json"));
      assertEquals(email("many" + i), answer.path("properties.email"), "the caller's own record");
      assertTrue(ids.add(answer.path("id")), "one record per caller");
      assertNotNull(answer.path("createdAt"));
      assertNull(answer.<Object>path("objectWriteTraceId"), "the gateway's trace id stays inside");
    }
    int batches = received("POST", BATCH_CREATE).size();
    assertTrue(batches >= 1 && batches <= 5, "100 creates in " + batches + " batch requests");
    assertEquals(0, received("POST", "/crm/v3/objects/contacts").size(), "no single create reached HubSpot");
    assertEquals(100, received("POST", BATCH_CREATE).stream().mapToInt(RequestLogEntry::inputs).sum());
  }

  @Test
  void readUpdateAndArchiveAnswerAsTheSingleEndpoints() {
    String id = create(email("rua"));
    as("hubspot.read").get(CONTACTS + "/" + id + "?properties=email,firstname").then().statusCode(200)
        .contentType(containsString("application/json"))
        .body("id", equalTo(id)).body("properties.email", equalTo(email("rua")));
    as("hubspot.read").get(CONTACTS + "/987654321").then().statusCode(404)
        .body("category", equalTo("OBJECT_NOT_FOUND"));
    as("hubspot.write").body("{\"properties\":{\"firstname\":\"Grace\"}}").patch(CONTACTS + "/" + id).then()
        .statusCode(200).body("properties.firstname", equalTo("Grace"));
    // by email, as the single endpoint's idProperty allows
    as("hubspot.read").urlEncodingEnabled(false)
        .get(CONTACTS + "/" + email("rua").replace("@", "%40") + "?idProperty=email&properties=firstname")
        .then().statusCode(200).body("id", equalTo(id)).body("properties.firstname", equalTo("Grace"));
    Response archived = as("hubspot.write").delete(CONTACTS + "/" + id);
    assertEquals(204, archived.statusCode());
    assertEquals("", archived.asString());
    as("hubspot.read").get(CONTACTS + "/" + id).then().statusCode(404);

    assertEquals(4, received("POST", "/crm/v3/objects/contacts/batch/read").size());
    assertEquals(1, received("POST", "/crm/v3/objects/contacts/batch/update").size());
    assertEquals(1, received("POST", "/crm/v3/objects/contacts/batch/archive").size());
    assertEquals(0, sim.requestLog().entries(e -> e.portalId() == PORTAL && !e.path().contains("/batch/")).size(),
        "every call left as a batch");
  }

  @Test
  void anExistingEmailIsA409ForThatCallerOnlyAndTheOthersAreCreated() throws Exception {
    create(email("taken"));
    List<Callable<Response>> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String email = i == 4 ? email("taken") : email("free" + i);
      calls.add(() -> as("hubspot.write").body(contact(email)).post(CONTACTS));
    }
    List<Response> answers = Concurrently.run(calls);
    for (int i = 0; i < answers.size(); i++) {
      Response answer = answers.get(i);
      if (i == 4) {
        assertEquals(409, answer.statusCode(), answer.asString());
        assertEquals("CONFLICT", answer.path("category"));
        assertTrue(answer.<String>path("message").contains("already exists"));
      } else {
        assertEquals(201, answer.statusCode(), answer.asString());
        assertEquals(email("free" + i), answer.path("properties.email"));
      }
    }
  }

  @Test
  void aMultiStatusAnswerReachesEachCallerAsItsOwn() throws Exception {
    String found = create(email("found"));
    List<Callable<Response>> calls = new ArrayList<>();
    calls.add(() -> as("hubspot.read").get(CONTACTS + "/" + found));
    calls.add(() -> as("hubspot.read").get(CONTACTS + "/555000111"));
    calls.add(() -> as("hubspot.write").body(contact(email("valid"))).post(CONTACTS));
    calls.add(() -> as("hubspot.write").body("{\"properties\":{\"email\":\"" + email("invalid")
        + "\",\"no_such_property\":\"x\"}}").post(CONTACTS));
    List<Response> answers = Concurrently.run(calls);
    assertEquals(200, answers.get(0).statusCode());
    assertEquals(found, answers.get(0).path("id"));
    assertEquals(404, answers.get(1).statusCode());
    assertEquals(201, answers.get(2).statusCode(), answers.get(2).asString());
    assertEquals(email("valid"), answers.get(2).path("properties.email"));
    assertEquals(400, answers.get(3).statusCode(), answers.get(3).asString());
    assertEquals("VALIDATION_ERROR", answers.get(3).path("category"));
    assertFalse(answers.get(3).asString().contains(email("valid")), "no other caller's input in the error");
    assertTrue(sim.crm(PORTAL).records("contacts").stream().noneMatch(r -> email("invalid").equals(r.property("email"))));
  }

  @Test
  void aDefaultAssociationGoesOutAsABatchAssociate() {
    String contact = create(email("assoc"));
    String company = given().baseUri(base.toString())
        .header("Authorization", "Bearer " + TestTokens.token("hubspot.write", PORTAL)).contentType("application/json")
        .body("{\"properties\":{\"name\":\"Engines " + run + "\"}}").post("/hubspot/201/crm/v3/objects/companies")
        .then().statusCode(201).extract().path("id");
    as("hubspot.write").put("/hubspot/201/crm/v4/objects/contacts/" + contact + "/associations/default/companies/"
        + company).then().statusCode(200).body("status", equalTo("COMPLETE"))
        .body("results.to.id", hasItem(company));
    assertEquals(1, received("POST", "/crm/v4/associations/contacts/companies/batch/associate/default").size());
    as("hubspot.read").get("/hubspot/201/crm/v4/objects/contacts/" + contact + "/associations/companies").then()
        .statusCode(200).body("results.toObjectId", hasItem(Long.parseLong(company)));
  }

  @Test
  void aReadOfAssociationsStaysASingleCall() {
    String id = create(email("single"));
    as("hubspot.read").get(CONTACTS + "/" + id + "?associations=companies").then().statusCode(200)
        .body("id", equalTo(id));
    assertEquals(1, received("GET", "/crm/v3/objects/contacts/" + id).size());
    assertEquals(0, received("POST", "/crm/v3/objects/contacts/batch/read").size());
  }

  @Test
  void dateVersionedPathsGoToTheirVersionsBatchEndpoints() {
    String id = as("hubspot.write").body("{\"properties\":{\"name\":\"Versioned " + run + "\"}}")
        .post("/hubspot/201/crm/objects/2026-03/companies").then().statusCode(201)
        .body("properties.name", equalTo("Versioned " + run)).extract().path("id");
    as("hubspot.read").get("/hubspot/201/crm/objects/2026-03/0-2/" + id).then().statusCode(200).body("id", equalTo(id));
    assertEquals(1, received("POST", "/crm/objects/2026-03/companies/batch/create").size());
    assertEquals(1, received("POST", "/crm/objects/2026-03/0-2/batch/read").size());
  }

  @Test
  void aReadOnlyTokenCannotCreateThroughTheCoalescer() {
    as("hubspot.read").body(contact(email("nope"))).post(CONTACTS).then().statusCode(403)
        .contentType("application/problem+json").body("type", containsString("missing-scope"));
    as("hubspot.read").delete(CONTACTS + "/1").then().statusCode(403);
    assertEquals(0, sim.requestLog().entries(e -> e.portalId() == PORTAL).size(), "nothing reached HubSpot");
  }

  @Test
  void aBodyThatIsNotJsonIsA400ProblemAndNothingIsSent() {
    as("hubspot.write").body("{\"properties\":").post(CONTACTS).then().statusCode(400)
        .contentType("application/problem+json").body("type", containsString("invalid-json"));
    assertEquals(0, sim.requestLog().entries(e -> e.portalId() == PORTAL).size());
  }

  @Test
  void thePriorityHeaderPutsCoalescedCallsInTheBulkLane() {
    given().baseUri(base.toString()).header("Authorization", "Bearer " + TestTokens.token("hubspot.write", BULK_PORTAL))
        .header(HubSpotApiResource.PRIORITY_HEADER, "bulk").contentType("application/json")
        .body(contact(email("bulk"))).post("/hubspot/202/crm/v3/objects/contacts").then().statusCode(201);
    given().baseUri(management).get("/metrics").then().statusCode(200)
        .body(containsString("hubgate_ratelimit_permits_total{lane=\"BULK\",mode=\"LOCAL\",portal=\"202\"}"))
        .body(containsString("hubgate_coalescing_calls_total{operation=\"create\"}"));
  }

  @Test
  void aCallerThatDisconnectsBeforeItsInputLeftIsDropped() throws Exception {
    // the portal's one batch slot is held at HubSpot until the test releases it, so the next input waits in the queue
    CompletableFuture<Void> release = new CompletableFuture<>();
    sim.faults().on("POST", BATCH_CREATE).holdUntil(release).onlyFirst(1);
    double batchesBefore = metric(management, "hubgate_coalescing_batch_inputs_count");
    ExecutorService first = Executors.newSingleThreadExecutor();
    try {
      Future<Response> slow = first.submit(() -> as("hubspot.write").body(contact(email("slow"))).post(CONTACTS));
      await().atMost(Duration.ofSeconds(10)).until(() -> metric(management, "hubgate_coalescing_batch_inputs_count") > batchesBefore);
      try (Socket socket = new Socket(base.getHost(), base.getPort())) {
        byte[] body = contact(email("gone")).getBytes(StandardCharsets.UTF_8);
        String head = "POST " + CONTACTS + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
            + "Authorization: Bearer " + TestTokens.token("hubspot.write", PORTAL) + "\r\n"
            + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> metric(management, "hubgate_coalescing_queued{portal=\"201\"}") == 1);
      }
      // dropped from the queue while the slot is still held: it cannot have left in a batch
      await().atMost(Duration.ofSeconds(10)).until(() -> metric(management, "hubgate_coalescing_queued{portal=\"201\"}") == 0);
      assertEquals(batchesBefore + 1, metric(management, "hubgate_coalescing_batch_inputs_count"), "only the held batch left");
      release.complete(null);
      assertEquals(201, slow.get(30, TimeUnit.SECONDS).statusCode());
    } finally {
      release.complete(null);
      first.shutdownNow();
    }
    // an input queued before this one would have left with it or before it
    create(email("after"));
    assertTrue(sim.crm(PORTAL).records("contacts").stream().noneMatch(r -> email("gone").equals(r.property("email"))),
        "the disconnected caller's contact was not created");
    assertEquals(2, received("POST", BATCH_CREATE).size(), "the slow create's batch and the later one's");
  }

}
