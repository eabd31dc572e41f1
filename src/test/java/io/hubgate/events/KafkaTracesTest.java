package io.hubgate.events;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import io.hubgate.testsupport.Deliveries;
import io.hubgate.testsupport.HubSpotSigner;
import io.hubgate.testsupport.InMemorySpans;
import io.hubgate.testsupport.KafkaBrokerResource;
import io.hubgate.tracing.Spans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;

/**
 * With Kafka and tracing on, a published record carries the publish span's W3C context in its {@code traceparent}
 * header and in its CloudEvent, so that a consumer extracting it continues the delivery's trace.
 */
@QuarkusTest
@TestProfile(KafkaTracesTest.TracedKafka.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
class KafkaTracesTest {

  public static class TracedKafka extends KafkaProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return InMemorySpans.enabled(super.getConfigOverrides());
    }
  }

  static final String SECRET = "test-secret-one";

  @TestHTTPResource("/")
  String base;

  @Inject
  InMemorySpanExporter exported;

  @Test
  void aRecordCarriesThePublishSpansContextInItsHeaderAndItsCloudEvent() {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String hook = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    JsonObject event = Deliveries.event(62517);
    String body = Deliveries.body(event);
    Map<String, String> headers = new HashMap<>(HubSpotSigner.v3Headers(SECRET, "POST", hook + "/webhooks/hubspot",
        body, System.currentTimeMillis()));
    headers.put("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
    Deliveries.post(hook, body, headers).statusCode(200).body("published", equalTo(1));

    List<ConsumerRecord<String, String>> records = KafkaPublishingTest.recordsOf(event);
    assertEquals(1, records.size());
    ConsumerRecord<String, String> record = records.get(0);
    JsonObject ce = new JsonObject(record.value());
    await().atMost(Duration.ofSeconds(30)).until(() -> publishSpan(ce.getString("id")) != null);
    SpanData publish = publishSpan(ce.getString("id"));
    assertEquals(traceId, publish.getTraceId(), "the publish belongs to the delivery's trace");
    String expected = "00-" + traceId + "-" + publish.getSpanId() + "-01";
    Header header = record.headers().lastHeader("traceparent");
    assertNotNull(header, "the record carries the trace context");
    assertEquals(expected, new String(header.value(), StandardCharsets.UTF_8));
    assertEquals(expected, ce.getString("traceparent"), "and so does the CloudEvent");

    // what a consumer does: extract the context from the headers, and its span continues the trace
    Context extracted = W3CTraceContextPropagator.getInstance().extract(Context.root(), record, new TextMapGetter<>() {
      @Override
      public Iterable<String> keys(ConsumerRecord<String, String> carrier) {
        List<String> keys = new ArrayList<>();
        carrier.headers().forEach(h -> keys.add(h.key()));
        return keys;
      }

      @Override
      public String get(ConsumerRecord<String, String> carrier, String key) {
        Header h = carrier == null ? null : carrier.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
      }
    });
    assertEquals(traceId, Span.fromContext(extracted).getSpanContext().getTraceId());
    assertEquals(publish.getSpanId(), Span.fromContext(extracted).getSpanContext().getSpanId());
  }

  private SpanData publishSpan(String cloudEventId) {
    return exported.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals("publish hubspot-events"))
        .filter(s -> cloudEventId.equals(s.getAttributes().get(Spans.MESSAGE_ID)))
        .findFirst().orElse(null);
  }
}
