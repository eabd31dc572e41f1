package io.hubgate.writes;

import static io.restassured.RestAssured.given;
import static io.hubgate.testsupport.Concurrently.metric;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.testsupport.HubSpotSimulatorResource;
import io.hubgate.testsupport.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A portal's coalescing queue is bounded: beyond it a caller gets 429 problem+json with a {@code Retry-After}, nothing
 * of its call is queued or sent, and the queue takes callers again once it has drained.
 */
@QuarkusTest
@TestProfile(CoalescingQueueFullTest.SmallQueue.class)
class CoalescingQueueFullTest {

  static final long PORTAL = 204;
  static final String CONTACTS = "/hubspot/204/crm/v3/objects/contacts";
  static final String BATCH_CREATE = "/crm/v3/objects/contacts/batch/create";

  public static class SmallQueue implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "hubgate.portals.\"204\".access-token", "pat-na1-204",
          "hubgate.coalescing.queue-capacity", "3",
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

  private RequestSpecification write() {
    return given().baseUri(base.toString())
        .header("Authorization", "Bearer " + TestTokens.token("hubspot.write", PORTAL))
        .contentType("application/json");
  }

  private static String contact(String email) {
    return new JsonObject().put("properties", new JsonObject().put("email", email)).encode();
  }

  @Test
  void beyondTheQueueCallersGet429WithRetryAfterAndNothingOfTheirsIsSent() throws Exception {
    HubSpotSimulator sim = HubSpotSimulatorResource.withPortals(PORTAL);
    String run = UUID.randomUUID().toString().substring(0, 8);
    // the portal's one batch slot is held at HubSpot, so the next inputs wait in the queue of 3
    CompletableFuture<Void> release = new CompletableFuture<>();
    sim.faults().on("POST", BATCH_CREATE).holdUntil(release).onlyFirst(1);
    double batchesBefore = Math.max(0, metric(management, "hubgate_coalescing_batch_inputs_count"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Future<Response> held = pool.submit(() -> write().body(contact("held-" + run + "@example.com")).post(CONTACTS));
      await().atMost(Duration.ofSeconds(10)).until(() -> metric(management, "hubgate_coalescing_batch_inputs_count") > batchesBefore);
      List<Future<Response>> queued = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String email = "queued" + i + "-" + run + "@example.com";
        queued.add(pool.submit(() -> write().body(contact(email)).post(CONTACTS)));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> metric(management, "hubgate_coalescing_queued{portal=\"204\"}") == 3);
      double rejectedBefore = metric(management, "hubgate_coalescing_rejected_total");

      Response refused = write().body(contact("refused-" + run + "@example.com")).post(CONTACTS);
      assertEquals(429, refused.statusCode(), refused.asString());
      assertTrue(refused.contentType().startsWith("application/problem+json"));
      assertTrue(refused.<String>path("type").endsWith("write-queue-full"), refused.asString());
      assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1, "Retry-After in whole seconds");
      // HubSpot's fields: its Node client retries a 429 only with this policyName, and shows message and category
      assertEquals("TEN_SECONDLY_ROLLING", refused.path("policyName"), refused.asString());
      assertEquals("RATE_LIMITS", refused.path("category"), refused.asString());
      assertEquals(refused.<String>path("detail"), refused.path("message"));
      // a caller's batch is queued whole or not at all
      JsonArray two = new JsonArray()
          .add(new JsonObject().put("properties", new JsonObject().put("email", "batch-a-" + run + "@example.com")))
          .add(new JsonObject().put("properties", new JsonObject().put("email", "batch-b-" + run + "@example.com")));
      write().body(new JsonObject().put("inputs", two).encode()).post("/hubspot/204" + BATCH_CREATE).then()
          .statusCode(429).contentType("application/problem+json").body("status", equalTo(429));
      assertEquals(rejectedBefore + 2, metric(management, "hubgate_coalescing_rejected_total"));
      assertEquals(3.0, metric(management, "hubgate_coalescing_queued{portal=\"204\"}"), "nothing of the refused calls queued");

      release.complete(null);
      assertEquals(201, held.get().statusCode());
      for (Future<Response> f : queued) {
        assertEquals(201, f.get().statusCode(), f.get().asString());
      }
    } finally {
      release.complete(null);
      pool.shutdownNow();
    }
    assertTrue(sim.crm(PORTAL).records("contacts").stream()
        .noneMatch(r -> String.valueOf(r.property("email")).matches("(refused|batch-.)-" + run + "@example.com")),
        "a refused call is not written");
    write().body(contact("later-" + run + "@example.com")).post(CONTACTS).then().statusCode(201)
        .body("properties.email", containsString("later-"));
  }

}
