package io.hubgate.tracing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hubgate.hubspot.HubSpotRequestLog;
import io.hubgate.testsupport.HubSpotSimulatorResource;
import io.hubgate.testsupport.JsonLogLines;
import io.hubgate.testsupport.TestTokens;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;

/**
 * Real calls through the gateway, traced: the request-log line of each HubSpot attempt (as the deployed JSON formatter
 * writes it) names that attempt's span, in the caller's trace for a pass-through call and in the batch's trace for a
 * coalesced one, and carries its fields as JSON fields.
 */
@QuarkusTest
@TestProfile(TracesTest.Traced.class)
class RequestLogTracesTest {

  @TestHTTPResource("/")
  String base;

  @Inject
  InMemorySpanExporter exported;

  final String callerToken = TestTokens.token("hubspot.read", TracesTest.PORTAL);

  @BeforeEach
  void portal() {
    HubSpotSimulatorResource.withPortals(TracesTest.PORTAL);
  }

  @Test
  void aPassThroughCallsLineIsItsAttemptsSpanInTheCallersTrace() {
    String traceId = TracesTest.randomHex(16);
    JsonObject line;
    try (JsonLogLines lines = JsonLogLines.of(HubSpotRequestLog.CATEGORY)) {
      get(TracesTest.CONTACTS + "?limit=1", traceId).then().statusCode(200);
      await().atMost(TracesTest.WAIT).until(() -> attempt(traceId) != null);
      line = lineOf(lines, attempt(traceId));
    }
    SpanData attempt = attempt(traceId);
    assertEquals(traceId, attempt.getTraceId());
    assertEquals(named(traceId, "HubSpot GET /crm/v3/objects/contacts").getSpanId(),
        line.getJsonObject("mdc").getString("parentId"), "the HubSpot call's span");
    assertFields(line, "GET", "/crm/v3/objects/contacts", "200");
  }

  @Test
  void aCoalescedCallsLineIsItsAttemptsSpanInTheBatchsTrace() {
    String traceId = TracesTest.randomHex(16);
    JsonObject line;
    String batchTrace;
    try (JsonLogLines lines = JsonLogLines.of(HubSpotRequestLog.CATEGORY)) {
      get(TracesTest.CONTACTS + "/1", traceId).then().statusCode(404);
      await().atMost(TracesTest.WAIT).until(() -> inTrace(traceId, "coalesce read contacts") != null);
      batchTrace = inTrace(traceId, "coalesce read contacts").getAttributes()
          .get(AttributeKey.stringKey("hubgate.batch.trace_id"));
      assertNotNull(batchTrace, "the caller's span names its batch");
      await().atMost(TracesTest.WAIT).until(() -> attempt(batchTrace) != null);
      line = lineOf(lines, attempt(batchTrace));
    }
    assertFields(line, "POST", "/crm/v3/objects/contacts/batch/read", "207");
  }

  private io.restassured.response.Response get(String path, String traceId) {
    return given().baseUri(base).header("Authorization", "Bearer " + callerToken)
        .header("traceparent", TracesTest.traceparent(traceId, TracesTest.randomHex(8)))
        .get(path);
  }

  /** The one line whose MDC names {@code attempt}'s trace and span: logged before the attempt's span ended. */
  private static JsonObject lineOf(JsonLogLines lines, SpanData attempt) {
    List<JsonObject> found = lines.lines().stream()
        .filter(l -> l.getJsonObject("mdc") != null)
        .filter(l -> attempt.getTraceId().equals(l.getJsonObject("mdc").getString("traceId")))
        .toList();
    assertEquals(1, found.size(), "one line in the attempt's trace: " + lines.lines());
    assertEquals(attempt.getSpanId(), found.get(0).getJsonObject("mdc").getString("spanId"), found.get(0).encode());
    return found.get(0);
  }

  private void assertFields(JsonObject line, String method, String path, String status) {
    JsonObject mdc = line.getJsonObject("mdc");
    assertEquals(Long.toString(TracesTest.PORTAL), mdc.getString("hubspot.portal"), line.encode());
    assertEquals(method, mdc.getString("hubspot.method"));
    assertEquals(path, mdc.getString("hubspot.path"));
    assertEquals(status, mdc.getString("hubspot.status"));
    assertEquals("1", mdc.getString("hubspot.attempt"));
    assertEquals("interactive", mdc.getString("hubspot.lane"));
    assertNotNull(mdc.getString("hubspot.limiter_wait_ms"));
    assertNotNull(mdc.getString("hubspot.duration_ms"));
    assertEquals("true", mdc.getString("sampled"));
    assertFalse(line.encode().contains(TracesTest.PORTAL_TOKEN), "never the token");
    assertFalse(line.encode().contains(callerToken), "never the caller's token");
  }

  private SpanData attempt(String traceId) {
    return inTrace(traceId, "HubSpot attempt");
  }

  private SpanData named(String traceId, String name) {
    SpanData span = inTrace(traceId, name);
    assertNotNull(span, name + " in " + traceId);
    return span;
  }

  private SpanData inTrace(String traceId, String name) {
    return exported.getFinishedSpanItems().stream()
        .filter(s -> s.getTraceId().equals(traceId) && s.getName().equals(name))
        .findFirst().orElse(null);
  }
}
