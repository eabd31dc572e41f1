package io.hubgate.tracing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hubgate.testsupport.Deliveries;
import io.hubgate.testsupport.HubSpotSigner;
import io.hubgate.testsupport.InMemorySpans;
import io.hubgate.testsupport.HubSpotSimulatorResource;
import io.hubgate.testsupport.PublishedEvents;
import io.hubgate.testsupport.TestTokens;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;

/**
 * The gateway's traces, exported to memory ({@code InMemorySpans}) with the SDK enabled: a caller's
 * {@code traceparent} is honoured, coalesced calls ride in a batch span linked to every caller, the HubSpot call shows
 * each attempt and its permit's wait, the definitions cache says hit or miss, a webhook delivery shows verification,
 * claim and publish and its CloudEvent carries the trace on, and no span holds a token, secret, signature or record data.
 */
@QuarkusTest
@TestProfile(TracesTest.Traced.class)
class TracesTest {

  static final long PORTAL = 231;
  /** The simulator's token of the portal ({@link HubSpotSimulatorResource#withPortals}). */
  static final String PORTAL_TOKEN = "pat-na1-231";
  static final String SECRET = "test-secret-one";
  static final String CONTACTS = "/hubspot/231/crm/v3/objects/contacts";
  static final Duration WAIT = Duration.ofSeconds(30);

  public static class Traced implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return InMemorySpans.enabled(Map.of(
          "hubgate.portals.\"231\".access-token", PORTAL_TOKEN,
          "hubgate.coalescing.linger", "PT0.5S",
          "hubgate.coalescing.max-in-flight", "1"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(HubSpotSimulatorResource.class));
    }
  }

  @TestHTTPResource("/")
  String base;

  @Inject
  InMemorySpanExporter exported;

  @Inject
  PublishedEvents published;

  final String callerToken = TestTokens.token("hubspot.read hubspot.write", PORTAL);
  final List<String> emails = new ArrayList<>();
  final List<String> signatures = new ArrayList<>();

  @BeforeEach
  void portals() {
    HubSpotSimulatorResource.withPortals(PORTAL);
    published.clear();
  }

  /** Whatever a test did, no span holds a secret or a record's data. */
  @AfterEach
  void noSecretInAnySpan() {
    List<String> secrets = new ArrayList<>(List.of(PORTAL_TOKEN, callerToken, SECRET, "test-secret-two"));
    secrets.addAll(emails);
    secrets.addAll(signatures);
    List<SpanData> spans = exported.getFinishedSpanItems();
    assertFalse(spans.isEmpty());
    for (SpanData span : spans) {
      String values = span.getName() + " " + span.getAttributes().asMap().values() + " "
          + span.getEvents().stream().map(e -> e.getName() + e.getAttributes().asMap().values()).toList();
      for (String secret : secrets) {
        assertFalse(values.contains(secret), span.getName() + " " + span.getAttributes() + " holds a secret or data");
      }
    }
  }

  static String traceparent(String traceId, String spanId) {
    return "00-" + traceId + "-" + spanId + "-01";
  }

  static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  List<SpanData> inTrace(String traceId) {
    return exported.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
  }

  SpanData named(String traceId, String name) {
    List<SpanData> found = inTrace(traceId).stream().filter(s -> s.getName().equals(name)).toList();
    assertEquals(1, found.size(), name + " in " + inTrace(traceId));
    return found.get(0);
  }

  SpanData server(String traceId) {
    List<SpanData> found = inTrace(traceId).stream().filter(s -> s.getKind() == SpanKind.SERVER).toList();
    assertEquals(1, found.size(), "one server span: " + inTrace(traceId));
    return found.get(0);
  }

  static <T> T attr(SpanData span, AttributeKey<T> key) {
    return span.getAttributes().get(key);
  }

  @Test
  void coalescedCallsHonourTheCallersTraceAndRideInOneBatchSpanLinkedToEach() throws Exception {
    String run = randomHex(4);
    List<String[]> callers = new ArrayList<>();
    List<Callable<Response>> calls = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String traceId = randomHex(16);
      String parentId = randomHex(8);
      String email = "traced" + i + "-" + run + "@example.com";
      emails.add(email);
      callers.add(new String[] {traceId, parentId});
      String body = new JsonObject().put("properties", new JsonObject().put("email", email)).encode();
      calls.add(() -> given().baseUri(base).header("Authorization", "Bearer " + callerToken)
          .header("traceparent", traceparent(traceId, parentId)).contentType("application/json").body(body)
          .post(CONTACTS));
    }
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    try {
      List<Future<Response>> answers = new ArrayList<>();
      calls.forEach(c -> answers.add(pool.submit(c)));
      for (Future<Response> answer : answers) {
        assertEquals(201, answer.get().statusCode(), answer.get().asString());
      }
    } finally {
      pool.shutdownNow();
    }

    for (String[] caller : callers) {
      String traceId = caller[0];
      await().atMost(WAIT).until(() -> inTrace(traceId).stream().anyMatch(s -> s.getKind() == SpanKind.SERVER));
      SpanData server = server(traceId);
      assertEquals(caller[1], server.getParentSpanId(), "the caller's traceparent is the server span's parent");
      SpanData coalesce = named(traceId, "coalesce create contacts");
      assertEquals(server.getSpanId(), coalesce.getParentSpanId(), "the caller's span is a child of its request's");
      assertEquals(201L, attr(coalesce, AttributeKey.longKey("hubgate.result.status")));
      String batchTrace = attr(coalesce, AttributeKey.stringKey("hubgate.batch.trace_id"));
      String batchSpan = attr(coalesce, AttributeKey.stringKey("hubgate.batch.span_id"));
      assertNotNull(batchTrace, "the caller's span names its batch");
      await().atMost(WAIT).until(() -> inTrace(batchTrace).stream().anyMatch(s -> s.getSpanId().equals(batchSpan)));
      SpanData batch = named(batchTrace, "batch create contacts");
      assertEquals(batchSpan, batch.getSpanId());
      assertTrue(batch.getLinks().stream().anyMatch(l -> l.getSpanContext().equals(coalesce.getSpanContext())),
          "the batch links the caller's span");
      assertEquals(PORTAL, attr(batch, Spans.PORTAL_ID));

      SpanData call = named(batchTrace, "HubSpot POST /crm/v3/objects/contacts/batch/create");
      assertEquals(batch.getSpanId(), call.getParentSpanId(), "the HubSpot call is a child of the batch");
      SpanData attempt = named(batchTrace, "HubSpot attempt");
      assertEquals(call.getSpanId(), attempt.getParentSpanId());
      assertEquals(201L, attr(attempt, Spans.STATUS));
      // the first wait (a loaded machine may add a renewed permit's wait: renewal=true)
      SpanData wait = inTrace(batchTrace).stream().filter(s -> s.getName().equals("rate limiter wait"))
          .filter(s -> Boolean.FALSE.equals(attr(s, AttributeKey.booleanKey("hubgate.limiter.renewal"))))
          .findFirst().orElseThrow();
      assertEquals(attempt.getSpanId(), wait.getParentSpanId());
      assertEquals("INTERACTIVE", attr(wait, Spans.LANE));
      assertNotNull(attr(wait, AttributeKey.longKey("hubgate.limiter.waited_ms")));
      // the REST client's own instrumentation is off: the policy's attempt is the only client span
      assertTrue(inTrace(batchTrace).stream().filter(s -> s.getKind() == SpanKind.CLIENT)
          .allMatch(s -> s.getName().equals("HubSpot attempt")), inTrace(batchTrace).toString());
    }
  }

  @Test
  void aDefinitionsReadIsACacheMissWithTheHubSpotCallUnderItThenAHit() {
    String[] traces = {randomHex(16), randomHex(16)};
    for (String traceId : traces) {
      given().baseUri(base).header("Authorization", "Bearer " + callerToken)
          .header("traceparent", traceparent(traceId, randomHex(8)))
          .get("/hubspot/231/crm/v3/properties/deals?archived=false").then().statusCode(200);
    }
    await().atMost(WAIT).until(() -> inTrace(traces[1]).stream().anyMatch(s -> s.getKind() == SpanKind.SERVER));
    SpanData miss = named(traces[0], "definitions cache");
    assertEquals("miss", attr(miss, AttributeKey.stringKey("hubgate.cache.result")));
    assertEquals(server(traces[0]).getSpanId(), miss.getParentSpanId());
    SpanData call = named(traces[0], "HubSpot GET /crm/v3/properties/deals");
    assertEquals(miss.getSpanId(), call.getParentSpanId(), "the miss's HubSpot call is a child of the cache span");
    assertEquals(200L, attr(named(traces[0], "HubSpot attempt"), Spans.STATUS));

    SpanData hit = named(traces[1], "definitions cache");
    assertEquals("hit", attr(hit, AttributeKey.stringKey("hubgate.cache.result")));
    assertTrue(inTrace(traces[1]).stream().noneMatch(s -> s.getName().startsWith("HubSpot ")), "a hit calls nobody");
  }

  @Test
  void aWebhookDeliveryIsVerifiedClaimedAndPublishedAndItsCloudEventCarriesTheTrace() {
    String traceId = randomHex(16);
    String parentId = randomHex(8);
    String hook = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    JsonObject event = Deliveries.event(PORTAL);
    String body = Deliveries.body(event);
    Map<String, String> headers = new java.util.HashMap<>(HubSpotSigner.v3Headers(SECRET, "POST",
        hook + "/webhooks/hubspot", body, System.currentTimeMillis()));
    signatures.add(headers.get("X-HubSpot-Signature-v3"));
    headers.put("traceparent", traceparent(traceId, parentId));
    Deliveries.post(hook, body, headers).statusCode(200).body("published", equalTo(1));

    await().atMost(WAIT).until(() -> inTrace(traceId).stream().anyMatch(s -> s.getKind() == SpanKind.SERVER));
    SpanData server = server(traceId);
    assertEquals(parentId, server.getParentSpanId());
    SpanData verify = named(traceId, "webhook verify");
    assertEquals(server.getSpanId(), verify.getParentSpanId());
    assertEquals("VALID", attr(verify, AttributeKey.stringKey("hubgate.webhook.signature_verdict")));
    assertEquals("V3", attr(verify, AttributeKey.stringKey("hubgate.webhook.signature_version")));
    SpanData claim = named(traceId, "webhook dedup claim");
    assertEquals(server.getSpanId(), claim.getParentSpanId());
    assertEquals(1L, attr(claim, AttributeKey.longKey("hubgate.dedup.new")));
    SpanData publish = named(traceId, "publish hubspot-events");
    assertEquals(SpanKind.PRODUCER, publish.getKind());
    assertEquals(server.getSpanId(), publish.getParentSpanId());

    String eventId = event.getValue("eventId").toString();
    await().atMost(WAIT).until(() -> published.countWithId(eventId) == 1);
    JsonObject ce = published.all().stream().filter(e -> eventId.equals(e.getString("hubspoteventid")))
        .findFirst().orElseThrow();
    assertEquals(cloudEventId(publish), ce.getString("id"), "the publish span names the CloudEvent");
    assertEquals(traceparent(traceId, publish.getSpanId()), ce.getString("traceparent"),
        "a consumer continues the trace from the publish span");

    // a forged delivery: its verification span says so, and nothing is claimed
    String forgedTrace = randomHex(16);
    Map<String, String> forged = new java.util.HashMap<>(HubSpotSigner.v3Headers("attacker-secret", "POST",
        hook + "/webhooks/hubspot", body, System.currentTimeMillis()));
    signatures.add(forged.get("X-HubSpot-Signature-v3"));
    forged.put("traceparent", traceparent(forgedTrace, randomHex(8)));
    Deliveries.post(hook, body, forged).statusCode(401);
    await().atMost(WAIT).until(() -> inTrace(forgedTrace).stream().anyMatch(s -> s.getKind() == SpanKind.SERVER));
    assertEquals("INVALID", attr(named(forgedTrace, "webhook verify"),
        AttributeKey.stringKey("hubgate.webhook.signature_verdict")));
    assertTrue(inTrace(forgedTrace).stream().noneMatch(s -> s.getName().equals("webhook dedup claim")));
  }

  private static String cloudEventId(SpanData publish) {
    return publish.getAttributes().get(AttributeKey.stringKey("messaging.message.id"));
  }
}
