package io.hubgate.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hubgate.testsupport.Deliveries;
import io.hubgate.testsupport.HubSpotSigner;
import io.hubgate.testsupport.MutableClock;
import io.hubgate.testsupport.PublishedEvents;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;

/** The webhook endpoint on the embedded defaults (in-process broker, in-process dedup). */
@QuarkusTest
class WebhookResourceTest {

  static final String SECRET = "test-secret-one";
  static final String ROTATED_SECRET = "test-secret-two";
  static final long MARKER_PORTAL = 999;

  @TestHTTPResource("/")
  String base;

  /** The management interface's root, {@code /q/}. */
  @TestHTTPResource(value = "/", management = true)
  String management;

  @Inject
  PublishedEvents published;

  @Inject
  MutableClock clock;

  @BeforeEach
  void clear() {
    published.clear();
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  private String baseUri() {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  private String hookUri() {
    return baseUri() + "/webhooks/hubspot";
  }

  @Test
  void publishesEachEventOfAV3SignedDeliveryAsACloudEvent() {
    JsonObject first = Deliveries.event(62515).put("someFieldHubSpotAddsLater", "kept");
    JsonObject second = Deliveries.event(62515).put("subscriptionType", "deal.creation").put("changeFlag", "CREATED");
    Deliveries.postV3(baseUri(), SECRET, Deliveries.body(first, second))
        .statusCode(200)
        .body("events", equalTo(2))
        .body("published", equalTo(2))
        .body("duplicates", equalTo(0));

    awaitPublished(2);
    JsonObject ce = published.all().stream().filter(e -> e.getString("hubspoteventid").equals(first.getValue("eventId").toString()))
        .findFirst().orElseThrow();
    assertEquals("1.0", ce.getString("specversion"));
    assertEquals("hubspot://portals/62515", ce.getString("source"));
    assertEquals("com.hubspot.webhook.contact.propertyChange", ce.getString("type"));
    assertEquals("62515:contact:" + first.getLong("objectId"), ce.getString("partitionkey"));
    assertEquals(first, ce.getJsonObject("data"), "the original event, unknown fields included");
    assertEquals(java.time.Instant.ofEpochMilli(first.getLong("occurredAt")).toString(), ce.getString("time"));
  }

  @Test
  void acceptsV2AndV1SignaturesByDefault() {
    String v2Body = Deliveries.body(Deliveries.event(1));
    Deliveries.post(baseUri(), v2Body, HubSpotSigner.v2Headers(SECRET, "POST", hookUri(), v2Body)).statusCode(200);
    String v1Body = Deliveries.body(Deliveries.event(1));
    Deliveries.post(baseUri(), v1Body, HubSpotSigner.v1Headers(SECRET, v1Body)).statusCode(200);
    awaitPublished(2);
  }

  @Test
  void acceptsTheSecondConfiguredSecretForRotation() {
    Deliveries.postV3(baseUri(), ROTATED_SECRET, Deliveries.body(Deliveries.event(7))).statusCode(200);
    awaitPublished(1);
  }

  @Test
  void signsAgainstTheUrlHubSpotCalledBehindAProxy() {
    String body = Deliveries.body(Deliveries.event(9));
    var headers = new java.util.HashMap<>(HubSpotSigner.v3Headers(SECRET, "POST",
        "https://hooks.example.com/webhooks/hubspot", body, System.currentTimeMillis()));
    headers.put("X-Forwarded-Proto", "https");
    headers.put("X-Forwarded-Host", "hooks.example.com");
    Deliveries.post(baseUri(), body, headers).statusCode(200);
    awaitPublished(1);
  }

  @Test
  void decodesHubSpotsEscapesInTheQueryBeforeVerifyingV3() {
    String body = Deliveries.body(Deliveries.event(11));
    long ts = System.currentTimeMillis();
    String decoded = hookUri() + "?tenant=jane@example.com&note=a%20b";
    given().baseUri(baseUri()).urlEncodingEnabled(false).contentType("application/json")
        .headers(HubSpotSigner.v3Headers(SECRET, "POST", decoded, body, ts))
        .body(body)
        .post("/webhooks/hubspot?tenant=jane%40example.com&note=a%20b")
        .then().statusCode(200);
    awaitPublished(1);
  }

  @Test
  void acknowledgesARedeliveryWithoutPublishingItTwice() {
    JsonObject event = Deliveries.event(62515);
    Deliveries.postV3(baseUri(), SECRET, Deliveries.body(event)).statusCode(200).body("published", equalTo(1));
    JsonObject retry = event.copy().put("attemptNumber", 1);
    Deliveries.postV3(baseUri(), SECRET, Deliveries.body(retry)).statusCode(200)
        .body("published", equalTo(0)).body("duplicates", equalTo(1));
    assertNothingMorePublished(1);
    assertEquals(1, published.countWithId(event.getValue("eventId").toString()));
  }

  @Test
  void publishesTheSameEventOnceWithinOneDeliveryButKeepsEventsThatOnlyShareAnEventId() {
    JsonObject event = Deliveries.event(5);
    JsonObject sameIdOtherObject = event.copy().put("objectId", 42);
    Deliveries.postV3(baseUri(), SECRET, Deliveries.body(event, event.copy(), sameIdOtherObject))
        .statusCode(200).body("published", equalTo(2)).body("duplicates", equalTo(1));
    assertNothingMorePublished(2);
    assertEquals(2, published.countWithId(event.getValue("eventId").toString()));
    // CloudEvents require source + id to be unique: the id is the event's identity, not HubSpot's shared eventId
    List<String> ids = published.all().stream()
        .filter(e -> e.getString("hubspoteventid").equals(event.getValue("eventId").toString()))
        .map(e -> e.getString("id")).distinct().toList();
    assertEquals(2, ids.size(), "two events sharing an eventId get two CloudEvent ids");
    ids.forEach(id -> assertTrue(id.matches("[A-Za-z0-9_-]{43}"), "a base64url SHA-256: " + id));
  }

  @Test
  void refusesAMissingSignature() {
    String body = Deliveries.body(Deliveries.event(1));
    assertProblem(Deliveries.post(baseUri(), body, Map.of()), 401, "bad-signature");
    assertNothingMorePublished(0);
  }

  @Test
  void refusesAWrongSignatureAWrongSecretAndATamperedBody() {
    String body = Deliveries.body(Deliveries.event(1));
    assertProblem(Deliveries.postV3(baseUri(), "not-our-secret", body), 401, "bad-signature");
    var headers = HubSpotSigner.v3Headers(SECRET, "POST", hookUri(), body, System.currentTimeMillis());
    assertProblem(Deliveries.post(baseUri(), body.replace("customer", "lead"), headers), 401, "bad-signature");
    assertProblem(Deliveries.post(baseUri(), body, Map.of("X-HubSpot-Signature-v3", "garbage",
        "X-HubSpot-Request-Timestamp", Long.toString(System.currentTimeMillis()))), 401, "bad-signature");
    assertProblem(Deliveries.post(baseUri(), body, HubSpotSigner.v3Headers(SECRET, "POST", hookUri() + "?x=1", body,
        System.currentTimeMillis())), 401, "bad-signature");
    assertNothingMorePublished(0);
  }

  @Test
  void refusesAStaleTimestamp() {
    String body = Deliveries.body(Deliveries.event(1));
    long sixMinutesAgo = System.currentTimeMillis() - Duration.ofMinutes(6).toMillis();
    assertProblem(Deliveries.post(baseUri(), body, HubSpotSigner.v3Headers(SECRET, "POST", hookUri(), body, sixMinutesAgo)),
        401, "stale-timestamp");
    assertNothingMorePublished(0);
  }

  @Test
  void refusesAReplayOfAValidRequestFiveMinutesLater() {
    String body = Deliveries.body(Deliveries.event(1));
    var headers = HubSpotSigner.v3Headers(SECRET, "POST", hookUri(), body, System.currentTimeMillis());
    Deliveries.post(baseUri(), body, headers).statusCode(200);
    awaitPublished(1);
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    assertProblem(Deliveries.post(baseUri(), body, headers), 401, "stale-timestamp");
    clock.reset();
    assertNothingMorePublished(1);
  }

  @Test
  void refusesMalformedBodies() {
    for (String body : new String[] {"not json", "{\"eventId\":1}", "[]", "[1,2]", "[{\"eventId\":1}]", "", "[{\"portalId\":1,"
        + "\"occurredAt\":1,\"eventId\":1,\"subscriptionType\":\"contact.creation\"},", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
        + "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
        + "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"}) {
      assertProblem(Deliveries.postV3(baseUri(), SECRET, body), 400, "malformed-webhook");
    }
    assertNothingMorePublished(0);
  }

  @Test
  void refusesMoreThanOneHundredEvents() {
    JsonObject[] events = IntStream.range(0, 101).mapToObj(i -> Deliveries.event(3)).toArray(JsonObject[]::new);
    assertProblem(Deliveries.postV3(baseUri(), SECRET, Deliveries.body(events)), 400, "malformed-webhook");
    assertNothingMorePublished(0);
    published.clear();
    JsonObject[] hundred = IntStream.range(0, 100).mapToObj(i -> Deliveries.event(3)).toArray(JsonObject[]::new);
    Deliveries.postV3(baseUri(), SECRET, Deliveries.body(hundred)).statusCode(200).body("published", equalTo(100));
    assertNothingMorePublished(100);
  }

  @Test
  void refusesABodyOverTheLimit() {
    String padding = "x".repeat(1024 * 1024);
    String body = Deliveries.body(Deliveries.event(1).put("padding", padding));
    assertProblem(Deliveries.postV3(baseUri(), SECRET, body), 413, "payload-too-large");
    assertNothingMorePublished(0);
  }

  @Test
  void refusesAChunkedBodyOverTheLimit() {
    String padding = "x".repeat(1024 * 1024);
    String body = Deliveries.body(Deliveries.event(1).put("padding", padding));
    var headers = HubSpotSigner.v3Headers(SECRET, "POST", hookUri(), body, System.currentTimeMillis());
    var response = given().baseUri(baseUri()).contentType("application/json").headers(headers)
        .body(new java.io.ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .post("/webhooks/hubspot").then();
    assertProblem(response, 413, "payload-too-large");
    assertNothingMorePublished(0);
  }

  @Test
  void refusesAWrongOrMissingContentType() {
    String body = Deliveries.body(Deliveries.event(1));
    var headers = HubSpotSigner.v3Headers(SECRET, "POST", hookUri(), body, System.currentTimeMillis());
    assertProblem(given().baseUri(baseUri()).contentType("text/plain").headers(headers).body(body)
        .post("/webhooks/hubspot").then(), 415, "unsupported-media-type");
    assertProblem(given().baseUri(baseUri()).contentType("application/x-www-form-urlencoded").headers(headers)
        .formParam("a", "b").post("/webhooks/hubspot").then(), 415, "unsupported-media-type");
    assertNothingMorePublished(0);
  }

  @Test
  void checksHeadersOnEveryTargetThatRoutesToTheWebhook() {
    String body = Deliveries.body(Deliveries.event(1));
    var headers = HubSpotSigner.v3Headers(SECRET, "POST", hookUri(), body, System.currentTimeMillis());
    // a trailing slash routes to the same method: the checks are bound to the method, not to a path string
    assertProblem(given().baseUri(baseUri()).contentType("text/plain").headers(headers).body(body)
        .post("/webhooks/hubspot/").then(), 415, "unsupported-media-type");
    String large = Deliveries.body(Deliveries.event(1).put("padding", "x".repeat(1024 * 1024)));
    var largeHeaders = HubSpotSigner.v3Headers(SECRET, "POST", hookUri(), large, System.currentTimeMillis());
    assertProblem(given().baseUri(baseUri()).contentType("application/json").headers(largeHeaders).body(large)
        .post("/webhooks/hubspot/").then(), 413, "payload-too-large");
    assertNothingMorePublished(0);
  }

  @Test
  void answersOtherMethodsWithAProblem() {
    given().baseUri(baseUri()).get("/webhooks/hubspot").then().statusCode(405)
        .contentType("application/problem+json");
  }

  @Test
  void countsOutcomesInPrometheusMetrics() {
    Deliveries.postV3(baseUri(), SECRET, Deliveries.body(Deliveries.event(1))).statusCode(200);
    Deliveries.postV3(baseUri(), "wrong", Deliveries.body(Deliveries.event(1))).statusCode(401);
    String metrics = given().baseUri(management).get("metrics").then().statusCode(200).extract().asString();
    for (String outcome : WebhookMetrics.REQUEST_OUTCOMES) {
      assertTrue(metrics.contains("hubgate_webhook_requests_total{outcome=\"" + outcome + "\"}"), outcome);
    }
    assertTrue(metrics.contains("hubgate_webhook_events_total{outcome=\"published\"}"));
    assertTrue(metrics.contains("hubgate_webhook_events_total{outcome=\"duplicate\"}"));
    assertTrue(!metrics.contains(SECRET) && !metrics.contains(ROTATED_SECRET), "no secret in metrics");
  }

  @Test
  void neverLogsSecretsOrSignatures() {
    try (var logs = io.hubgate.testsupport.CapturedLogs.start()) {
      String body = Deliveries.body(Deliveries.event(1));
      var good = HubSpotSigner.v3Headers(SECRET, "POST", hookUri(), body, System.currentTimeMillis());
      Deliveries.post(baseUri(), body, good).statusCode(200);
      var forged = HubSpotSigner.v3Headers("attacker-secret", "POST", hookUri(), body, System.currentTimeMillis());
      Deliveries.post(baseUri(), body, forged).statusCode(401);
      Deliveries.post(baseUri(), "[{", good).statusCode(401);
      var v2 = HubSpotSigner.v2Headers(SECRET, "POST", hookUri(), body);
      Deliveries.post(baseUri(), body, v2).statusCode(200).body("duplicates", equalTo(1));
      assertNothingMorePublished(1);
      assertTrue(!logs.lines().isEmpty(), "debug logging of io.hubgate is on in tests, so something was captured");
      for (String secretValue : new String[] {SECRET, ROTATED_SECRET, good.get("X-HubSpot-Signature-v3"),
          good.get("X-HubSpot-Signature"), forged.get("X-HubSpot-Signature-v3"), v2.get("X-HubSpot-Signature")}) {
        assertTrue(!logs.contains(secretValue), "a secret or signature reached the logs");
      }
    }
  }

  @Test
  void isReady() {
    given().baseUri(management).get("health/ready").then().statusCode(200).body("status", equalTo("UP"));
  }

  private void assertProblem(ValidatableResponse response, int status, String slug) {
    response.statusCode(status)
        .contentType("application/problem+json")
        .body("status", equalTo(status))
        .body("type", containsString(slug))
        .body(org.hamcrest.Matchers.not(containsString(SECRET)));
  }

  private void awaitPublished(int count) {
    await().atMost(Duration.ofSeconds(10))
        .until(() -> published.all().stream().filter(e -> e.getJsonObject("data").getLong("portalId") != MARKER_PORTAL).count() >= count);
    assertNothingMorePublished(count);
  }

  /**
   * Proves that exactly {@code expected} events were published so far: the topic is FIFO, so once a marker delivered
   * now has arrived, anything published before it has arrived too.
   */
  private void assertNothingMorePublished(int expected) {
    JsonObject marker = Deliveries.event(MARKER_PORTAL);
    Deliveries.postV3(baseUri(), SECRET, Deliveries.body(marker)).statusCode(200);
    String markerId = marker.getValue("eventId").toString();
    await().atMost(Duration.ofSeconds(10)).until(() -> published.countWithId(markerId) == 1);
    long real = published.all().stream().filter(e -> e.getJsonObject("data").getLong("portalId") != MARKER_PORTAL).count();
    assertEquals(expected, real, "events published besides the markers");
  }
}
