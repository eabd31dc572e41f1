package io.hubgate.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.hubgate.ratelimit.Lane;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.hubgate.testsupport.JsonLogLines;
import io.vertx.core.json.JsonObject;

/**
 * The request log's fields as JSON fields: in the MDC ({@code mdc} of a JSON line) under {@code hubspot.}, with the
 * attempt's span ids when traced, for the log call only; the caller's MDC is as it was after.
 */
class HubSpotRequestLogFieldsTest {

  static final SpanContext NO_SPAN = SpanContext.getInvalid();

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  @Test
  void anAnswersFieldsAreJsonFieldsAndTheReadableLineStays() {
    JsonObject line = logged(log -> log.answered(62515, "GET", "/crm/v3/objects/contacts/901?properties=email", 200, 1,
        Lane.INTERACTIVE, Duration.ofMillis(7), 41_000_000L, NO_SPAN, NO_SPAN), false);

    assertEquals("HubSpot request portal=62515 method=GET path=/crm/v3/objects/contacts/{id} status=200 attempt=1"
        + " lane=interactive limiter_wait_ms=7 duration_ms=41", line.getString("message"));
    assertEquals(Map.of(
        "hubspot.portal", "62515",
        "hubspot.method", "GET",
        "hubspot.path", "/crm/v3/objects/contacts/{id}",
        "hubspot.status", "200",
        "hubspot.attempt", "1",
        "hubspot.lane", "interactive",
        "hubspot.limiter_wait_ms", "7",
        "hubspot.duration_ms", "41"), line.getJsonObject("mdc").getMap());
    assertFalse(line.encode().contains("901"), "no record id: " + line.encode());
    assertNull(line.getJsonObject("mdc").getValue("hubspot.record_path"));
  }

  @Test
  void aFailureNamesItsClassAndWhetherItWasSent() {
    JsonObject line = logged(log -> log.failed(62515, "POST", "/crm/v3/objects/contacts/batch/create",
        new HubSpotCallPolicy.NotSentException(new IOException("connection refused")), 2, Lane.BULK, Duration.ZERO,
        3_000_000L, NO_SPAN, NO_SPAN), false);

    JsonObject mdc = line.getJsonObject("mdc");
    assertEquals("none", mdc.getString("hubspot.status"));
    assertEquals("IOException", mdc.getString("hubspot.error"));
    assertEquals("false", mdc.getString("hubspot.sent"));
    assertEquals("2", mdc.getString("hubspot.attempt"));
    assertEquals("bulk", mdc.getString("hubspot.lane"));
    assertFalse(line.encode().contains("connection refused"), "the class, never the message: " + line.encode());
  }

  @Test
  void theRecordPathOnlyWhereTheOperatorAllowsIt() {
    JsonObject line = logged(log -> log.answered(62515, "GET", "/crm/v3/objects/contacts/901", 200, 1,
        Lane.INTERACTIVE, Duration.ZERO, 0, NO_SPAN, NO_SPAN), true);

    assertEquals("/crm/v3/objects/contacts/{id}", line.getJsonObject("mdc").getString("hubspot.path"));
    assertEquals("/crm/v3/objects/contacts/901", line.getJsonObject("mdc").getString("hubspot.record_path"));
  }

  @Test
  void theCallersMdcIsKeptAndNoFieldOutlivesTheLine() {
    MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
    MDC.put("hubspot.portal", "set by the caller");

    JsonObject line = logged(log -> log.answered(62515, "GET", "/crm/v3/owners", 200, 1, Lane.INTERACTIVE,
        Duration.ZERO, 0, NO_SPAN, NO_SPAN), false);

    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", line.getJsonObject("mdc").getString("traceId"),
        "without a span of its own the line keeps the context's");
    assertEquals("62515", line.getJsonObject("mdc").getString("hubspot.portal"), "the line's own value");
    assertEquals(Map.of("traceId", "4bf92f3577b34da6a3ce929d0e0e4736", "hubspot.portal", "set by the caller"),
        MDC.getMap(), "the caller's MDC as it was, no hubspot.* field left");
  }

  @Test
  void aTracedLineNamesItsAttemptsSpanForThisLineOnly() {
    MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
    MDC.put("spanId", "00f067aa0ba902b7");
    SpanContext attempt = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
        TraceFlags.getSampled(), TraceState.getDefault());
    SpanContext call = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "a2fb4a1d1a96d312",
        TraceFlags.getSampled(), TraceState.getDefault());

    JsonObject line = logged(log -> log.answered(62515, "POST", "/crm/v3/objects/contacts/batch/read", 207, 1,
        Lane.INTERACTIVE, Duration.ZERO, 0, attempt, call), false);

    JsonObject mdc = line.getJsonObject("mdc");
    assertEquals("0af7651916cd43dd8448eb211c80319c", mdc.getString("traceId"));
    assertEquals("b7ad6b7169203331", mdc.getString("spanId"));
    assertEquals("a2fb4a1d1a96d312", mdc.getString("parentId"));
    assertEquals("true", mdc.getString("sampled"));
    assertEquals(Map.of("traceId", "4bf92f3577b34da6a3ce929d0e0e4736", "spanId", "00f067aa0ba902b7"), MDC.getMap(),
        "the context's own ids again after the line");
  }

  private static JsonObject logged(java.util.function.Consumer<HubSpotRequestLog> call, boolean recordIds) {
    try (JsonLogLines lines = JsonLogLines.of(HubSpotRequestLog.CATEGORY)) {
      call.accept(new HubSpotRequestLog(recordIds));
      assertEquals(1, lines.lines().size(), lines.lines().toString());
      JsonObject line = lines.lines().get(0);
      assertEquals(HubSpotRequestLog.CATEGORY, line.getString("loggerName"));
      assertEquals("INFO", line.getString("level"));
      return line;
    }
  }
}
