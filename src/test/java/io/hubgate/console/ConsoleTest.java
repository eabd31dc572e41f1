package io.hubgate.console;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.testsupport.Deliveries;
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
 * The console's page and snapshot on the management interface, against the simulator: every figure it shows comes
 * from traffic this test sends, and nothing secret is in it. The page itself is tested in a browser by
 * {@link ConsoleBrowserTest}.
 */
@QuarkusTest
@TestProfile(ConsoleTest.Profile.class)
class ConsoleTest {

  static final long PORTAL = 231;
  static final long IDLE = 232;
  static final String TOKEN = "pat-na1-231";
  static final String SECRET = "test-secret-one";
  static final Duration WAIT = Duration.ofSeconds(20);

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "hubgate.portals.\"231\".access-token", TOKEN,
          "hubgate.portals.\"232\".access-token", "pat-na1-232",
          "hubgate.portals.\"233\".access-token", "pat-na1-233",
          "hubgate.coalescing.max-in-flight", "1");
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
    sim = HubSpotSimulatorResource.withPortals(PORTAL, IDLE);
  }

  private RequestSpecification as(String scopes) {
    return given().baseUri(base).header("Authorization", "Bearer " + TestTokens.token(scopes, PORTAL));
  }

  private JsonObject snapshot() {
    String body = given().baseUri(management).get("/console/snapshot")
        .then().statusCode(200).contentType("application/json").extract().asString();
    assertFalse(body.contains(TOKEN) || body.contains("secret") || body.contains(SECRET), "no secret in " + body);
    return new JsonObject(body);
  }

  private static JsonObject portal(JsonObject snapshot, long id) {
    return snapshot.getJsonArray("portals").stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("portal").equals(Long.toString(id))).findFirst()
        .orElseThrow(() -> new AssertionError("portal " + id + " not in " + snapshot));
  }

  @Test
  void theConsoleIsServedOnTheManagementInterfaceAndNeverOnTheApiPort() {
    given().baseUri(management).redirects().follow(false).get("/console").then().statusCode(302)
        .header("Location", containsString("/console/"));
    given().baseUri(management).get("/console/").then().statusCode(200)
        .contentType(containsString("text/html")).body(containsString("Hubgate console"))
        .header("Content-Security-Policy", containsString("script-src 'self'"))
        .header("X-Content-Type-Options", "nosniff");
    given().baseUri(management).get("/console/console.js").then().statusCode(200)
        .contentType(containsString("text/javascript")).body(containsString("EventSource"));
    given().baseUri(management).get("/console/console.css").then().statusCode(200);
    given().baseUri(management).get("/console/echarts.min.js").then().statusCode(200)
        .body(containsString("echarts"));
    for (String path : List.of("/q/console", "/q/console/", "/q/console/snapshot", "/q/console/stream",
        "/console/", "/console/snapshot", "/webjars/echarts/5.3.1/dist/echarts.min.js")) {
      assertEquals(404, given().baseUri(base).redirects().follow(false).get(path).statusCode(), path);
    }
  }

  @Test
  void aPortalShowsItsWindowItsDayItsCacheAndNothingOfItsToken() {
    JsonObject before = portal(snapshot(), PORTAL);
    assertEquals(100, before.getInteger("burstLimit"));
    assertEquals(10.0, before.getDouble("windowSeconds"));
    long sentBefore = sim.requestLog().entries().stream().filter(e -> e.portalId() == PORTAL).count();
    // a query of this run's own: a cache entry no other test (in this JVM) has filled
    String run = "?run=" + UUID.randomUUID();
    for (int i = 0; i < 2; i++) {
      as("hubspot.read").get("/hubspot/231/crm/v3/properties/contacts" + run).then().statusCode(200);
    }
    as("hubspot.read").get("/hubspot/231/crm/v3/pipelines/deals" + run).then().statusCode(200);
    long sent = sim.requestLog().entries().stream().filter(e -> e.portalId() == PORTAL).count() - sentBefore;
    assertEquals(2, sent, "a property list twice (one hit) and the pipelines");

    JsonObject after = portal(snapshot(), PORTAL);
    assertEquals(before.getLong("dayUsed") + 2, after.getLong("dayUsed"), after.encode());
    long inWindow = after.getLong("usedInWindow");
    assertTrue(inWindow >= 1 && inWindow <= before.getLong("dayUsed") + 2, "in the window: " + inWindow);
    assertEquals(0, after.getLong("booked"));
    // a permit renewed because its call left late (a cold JVM) is granted twice: at least one per request
    assertTrue(after.getDouble("permits") >= before.getDouble("permits") + 2, after.encode());
    assertEquals(before.getDouble("cacheHits") + 1, after.getDouble("cacheHits"));
    assertEquals(before.getDouble("cacheMisses") + 2, after.getDouble("cacheMisses"));
    assertEquals(0.0, after.getDouble("hubspot429s"));
    assertEquals(0.0, after.getDouble("waiting"));

    JsonObject idle = portal(snapshot(), IDLE);
    assertEquals(0, idle.getLong("usedInWindow"));
    assertEquals(0.0, idle.getDouble("cacheHits") + idle.getDouble("cacheMisses"));
  }

  @Test
  void queuedInputsShowPerOperationAndBatchesInTheHistogram() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    JsonObject before = snapshot().getJsonObject("coalescing");
    CompletableFuture<Void> release = new CompletableFuture<>();
    sim.faults().on("POST", "/crm/v3/objects/contacts/batch/create").holdUntil(release).onlyFirst(1);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Response>> calls = new ArrayList<>();
      calls.add(pool.submit(() -> create("held-" + run)));
      // the portal's one batch slot is held at HubSpot: the next five wait in its queue
      await().atMost(WAIT).until(() -> snapshot().getJsonObject("coalescing").getDouble("batches")
          > before.getDouble("batches"));
      for (int i = 0; i < 5; i++) {
        String name = "queued" + i + "-" + run;
        calls.add(pool.submit(() -> create(name)));
      }
      await().atMost(WAIT).until(() -> portal(snapshot(), PORTAL).getJsonObject("queuedByOperation")
          .getInteger("contacts create", 0) == 5);
      JsonObject queued = portal(snapshot(), PORTAL);
      assertEquals(5.0, queued.getDouble("queued"), queued.encode());
      release.complete(null);
      for (Future<Response> call : calls) {
        assertEquals(201, call.get(30, TimeUnit.SECONDS).statusCode());
      }
    } finally {
      release.complete(null);
      pool.shutdownNow();
    }
    JsonObject after = snapshot().getJsonObject("coalescing");
    assertEquals(before.getDouble("batches") + 2, after.getDouble("batches"));
    assertEquals(before.getDouble("records") + 6, after.getDouble("records"));
    assertEquals(bucket(before, 1) + 1, bucket(after, 1), "the held batch of one");
    assertEquals(bucket(before, 5) + 1, bucket(after, 5), "the five queued behind it, in one batch");
    assertEquals(0, portal(snapshot(), PORTAL).getJsonObject("queuedByOperation").size());
  }

  private Response create(String name) {
    return as("hubspot.write").contentType("application/json")
        .body(new JsonObject().put("properties", new JsonObject().put("email", name + "@example.com")).encode())
        .post("/hubspot/231/crm/v3/objects/contacts");
  }

  private static double bucket(JsonObject coalescing, double le) {
    return coalescing.getJsonArray("batchSizes").stream().map(JsonObject.class::cast)
        .filter(b -> b.getDouble("le") == le).mapToDouble(b -> b.getDouble("count")).findFirst().orElse(0);
  }

  @Test
  void deliveriesAndTheirEventsShowByOutcomeAndTheLastEventsComeNewestFirst() {
    String hook = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    JsonObject before = snapshot().getJsonObject("webhooks");
    JsonObject first = Deliveries.event(PORTAL);
    JsonObject second = Deliveries.event(PORTAL);
    JsonObject third = Deliveries.event(PORTAL);
    Deliveries.postV3(hook, SECRET, Deliveries.body(first)).statusCode(200);
    Deliveries.postV3(hook, SECRET, Deliveries.body(second, third)).statusCode(200);
    Deliveries.postV3(hook, SECRET, Deliveries.body(first)).statusCode(200); // HubSpot's redelivery
    Deliveries.postV3(hook, "not-the-secret", Deliveries.body(Deliveries.event(PORTAL))).statusCode(401);

    JsonObject after = snapshot().getJsonObject("webhooks");
    assertEquals(count(before, "deliveries", "accepted") + 3, count(after, "deliveries", "accepted"));
    assertEquals(count(before, "deliveries", "bad_signature") + 1, count(after, "deliveries", "bad_signature"));
    assertEquals(count(before, "events", "published") + 3, count(after, "events", "published"));
    assertEquals(count(before, "events", "duplicate") + 1, count(after, "events", "duplicate"));
    assertEquals(before.getDouble("published") + 3, after.getDouble("published"));
    assertTrue(after.getDouble("publishTotalMs") >= before.getDouble("publishTotalMs"));

    JsonArray recent = after.getJsonArray("recent");
    List<String> objects = recent.stream().map(JsonObject.class::cast).limit(3)
        .map(e -> e.getString("objectId")).toList();
    // second and third came in one delivery: published in either order, both after first
    assertEquals(first.getValue("objectId").toString(), objects.get(2));
    assertTrue(objects.subList(0, 2).containsAll(List.of(second.getValue("objectId").toString(),
        third.getValue("objectId").toString())), objects.toString());
    JsonObject newest = recent.getJsonObject(0);
    assertEquals(PORTAL, newest.getLong("portalId"));
    assertEquals(first.getString("subscriptionType"), newest.getString("subscriptionType"));
    assertNotNull(newest.getString("objectType"));
    assertTrue(newest.getLong("sequence") > recent.getJsonObject(2).getLong("sequence"));
  }

  private static double count(JsonObject webhooks, String family, String outcome) {
    return webhooks.getJsonObject(family).getDouble(outcome, 0.0);
  }

  @Test
  void theStreamSendsASnapshotAtOnceAndThenEveryRefresh() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create(management.replaceAll("/$", "") + "/console/stream"))
        .header("Accept", "text/event-stream").build();
    HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    List<JsonObject> snapshots = new ArrayList<>();
    CompletableFuture<Void> two = CompletableFuture.runAsync(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        String line;
        while (snapshots.size() < 2 && (line = lines.readLine()) != null) {
          if (line.startsWith("data: ")) {
            snapshots.add(new JsonObject(line.substring(6)));
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    two.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(2, snapshots.size());
    assertTrue(snapshots.get(1).getLong("at") > snapshots.get(0).getLong("at"));
    portal(snapshots.get(1), PORTAL);
  }
}
