package io.hubgate.writes.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.testsupport.HubSpotSimulatorResource;
import io.hubgate.testsupport.InMemorySpans;
import io.hubgate.testsupport.KafkaBrokerResource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;

/**
 * A write message's trace, on a real broker with tracing on: a record's {@code traceparent} header is the parent of
 * its processing span, under which its coalesced write rides (the batch, a trace of its own, links it); a record
 * without one starts a trace of its own.
 */
@QuarkusTest
@TestProfile(WriteMessagesTracesTest.TracedKafka.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
class WriteMessagesTracesTest {

  static final long PORTAL = 202;
  static final Duration WAIT = Duration.ofSeconds(60);

  public static class TracedKafka implements QuarkusTestProfile {
    @Override
    public String getConfigProfile() {
      return "kafka,test";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return InMemorySpans.enabled(Map.of(
          "hubgate.portals.\"202\".access-token", "pat-na1-202",
          "hubgate.portals.\"202\".app-id", "1202",
          "hubgate.coalescing.linger", "PT0.2S"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(HubSpotSimulatorResource.class));
    }
  }

  @Inject
  InMemorySpanExporter exported;

  @BeforeEach
  void portal() {
    HubSpotSimulator sim = HubSpotSimulatorResource.simulator();
    if (sim.portals().find(PORTAL).isEmpty()) {
      sim.portals().add(PORTAL).burstLimit(100);
      sim.portals().privateAppToken(PORTAL, "pat-na1-202", 1202);
    }
  }

  @Test
  void aRecordsTraceparentIsTheParentOfItsProcessingAndItsWrite() {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String parentId = "00f067aa0ba902b7";
    produce("t-1", "traced-write@example.com", "00-" + traceId + "-" + parentId + "-01");
    assertEquals(201, new JsonObject(WriteMessagesKafkaTest.awaitOne(WritesChannels.HUBSPOT_WRITE_RESULTS, "t-1")
        .value()).getInteger("status"));

    await().atMost(WAIT).until(() -> named(traceId, "process hubspot-writes") != null);
    SpanData process = named(traceId, "process hubspot-writes");
    assertEquals(parentId, process.getParentSpanId(), "the record's span is the parent");
    assertEquals(SpanKind.CONSUMER, process.getKind());
    SpanData coalesce = named(traceId, "coalesce create contacts");
    assertNotNull(coalesce, "the write rides in the record's trace: " + exported.getFinishedSpanItems());
    assertEquals(process.getSpanId(), coalesce.getParentSpanId());

    String batchTrace = coalesce.getAttributes().get(AttributeKey.stringKey("hubgate.batch.trace_id"));
    await().atMost(WAIT).until(() -> named(batchTrace, "batch create contacts") != null);
    SpanData batch = named(batchTrace, "batch create contacts");
    assertTrue(batch.getLinks().stream().anyMatch(l -> l.getSpanContext().equals(coalesce.getSpanContext())),
        "the batch links the record's write");
    assertNotNull(named(batchTrace, "HubSpot POST /crm/v3/objects/contacts/batch/create"), "and holds its HubSpot call");
  }

  @Test
  void aRecordWithoutTraceparentStartsATraceOfItsOwn() {
    produce("t-2", "untraced-write@example.com", null);
    WriteMessagesKafkaTest.awaitOne(WritesChannels.HUBSPOT_WRITE_RESULTS, "t-2");

    await().atMost(WAIT).until(() -> processOf("t-2") != null);
    SpanData process = processOf("t-2");
    assertEquals("0000000000000000", process.getParentSpanId(), "a root span");
    SpanData coalesce = named(process.getTraceId(), "coalesce create contacts");
    assertNotNull(coalesce);
    assertEquals(process.getSpanId(), coalesce.getParentSpanId());
  }

  private static void produce(String id, String email, String traceparent) {
    var props = WriteMessagesKafkaTest.client();
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    String message = new JsonObject().put("id", id).put("portalId", PORTAL).put("operation", "create")
        .put("objectType", "contacts")
        .put("input", new JsonObject().put("properties", new JsonObject().put("email", email))).encode();
    var record = new ProducerRecord<String, String>(WritesChannels.HUBSPOT_WRITES, message);
    if (traceparent != null) {
      record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
    }
    try (var producer = new KafkaProducer<String, String>(props)) {
      producer.send(record);
      producer.flush();
    }
  }

  private SpanData named(String traceId, String name) {
    return exported.getFinishedSpanItems().stream()
        .filter(s -> s.getTraceId().equals(traceId) && s.getName().equals(name))
        .findFirst().orElse(null);
  }

  private SpanData processOf(String messageId) {
    return exported.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals("process hubspot-writes"))
        .filter(s -> messageId.equals(s.getAttributes().get(AttributeKey.stringKey("messaging.message.id"))))
        .findFirst().orElse(null);
  }
}
