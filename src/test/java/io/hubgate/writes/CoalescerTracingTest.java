package io.hubgate.writes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hubgate.hubspot.HubSpotBatchOperation;
import io.hubgate.ratelimit.Lane;
import io.hubgate.ratelimit.PortalBudget;
import io.hubgate.ratelimit.PortalBudgets;
import io.hubgate.tracing.Spans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/**
 * The coalescer's spans, without Quarkus: an SDK tracer exporting to memory, the simulator as HubSpot. A batch is one
 * span linked to every caller's span, each caller's span names its batch and carries its own answer, the HubSpot call is
 * a child of the batch span, and isolation requests are children of it too.
 */
class CoalescerTracingTest {

  static final long PORTAL = 62516;
  static final String TOKEN = "pat-na1-tracing-secret";
  static final String CREATE = "/crm/v3/objects/contacts/batch/create";
  static final Duration WAIT = Duration.ofSeconds(30);

  static final InMemorySpanExporter exported = InMemorySpanExporter.create();
  static SdkTracerProvider provider;
  static Tracer tracer;
  static SimulatedBatchSender hubspot;
  final List<Integer> isolation = new ArrayList<>();

  @BeforeAll
  static void start() {
    provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    tracer = provider.get("test");
    hubspot = SimulatedBatchSender.start(PORTAL, TOKEN, provider.get(Spans.SCOPE));
  }

  @AfterAll
  static void stop() {
    hubspot.close();
    provider.close();
  }

  @AfterEach
  void reset() {
    hubspot.reset();
    exported.reset();
  }

  WriteCoalescer coalescer() {
    CoalescerListener listener = new CoalescerListener() {
      @Override
      public synchronized void batchSent(long portalId, int inputs, boolean isolationRequest) {
        if (isolationRequest) {
          isolation.add(inputs);
        }
      }
    };
    return new WriteCoalescer(PortalBudgets.uniform(PortalBudget.of(100, 0)),
        CoalescingSettings.defaults().withLinger(Duration.ofMillis(200)), hubspot.sender(), listener,
        provider.get(Spans.SCOPE));
  }

  static final BatchKey CREATES = BatchKey.write(PORTAL, "contacts", HubSpotBatchOperation.CREATE, Lane.INTERACTIVE);

  /** One caller: its own trace (a span standing for its request), its input queued with that span current. */
  record Caller(Span request, UniAssertSubscriber<SingleAnswer> answer, String email) {
  }

  List<Caller> submit(WriteCoalescer coalescer, List<String> emails) {
    List<Caller> callers = new ArrayList<>();
    for (String email : emails) {
      Span request = tracer.spanBuilder("caller request").setNoParent().startSpan();
      try (Scope ignored = request.makeCurrent()) {
        callers.add(new Caller(request, coalescer.submit(CREATES, CoalescerSimulatorTest.contact(email))
            .subscribe().withSubscriber(UniAssertSubscriber.create()), email));
      }
    }
    callers.forEach(c -> {
      c.answer.awaitItem(WAIT);
      c.request.end();
    });
    return callers;
  }

  static List<SpanData> named(String name) {
    return exported.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
  }

  static <T> T attr(SpanData span, AttributeKey<T> key) {
    return span.getAttributes().get(key);
  }

  /** The caller's coalescing span: the child of its request span. */
  static SpanData callerSpan(Caller caller) {
    List<SpanData> found = named("coalesce create contacts").stream()
        .filter(s -> s.getParentSpanId().equals(caller.request.getSpanContext().getSpanId()))
        .toList();
    assertEquals(1, found.size(), "one coalescing span under the caller's request");
    assertEquals(caller.request.getSpanContext().getTraceId(), found.get(0).getTraceId(), "in the caller's trace");
    return found.get(0);
  }

  @Test
  void aBatchIsOneSpanLinkedToEveryCallerAndEachCallerSpanNamesItsBatchAndItsAnswer() {
    List<String> emails = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      emails.add("traced" + i + "@example.com");
    }
    List<Caller> callers = submit(coalescer(), emails);
    long requests = hubspot.sim.requestLog().entries(e -> e.path().equals(CREATE)).size();
    await().atMost(WAIT).until(() -> named("batch create contacts").size() == requests);
    Map<String, SpanData> batches = named("batch create contacts").stream()
        .collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));

    for (Caller caller : callers) {
      SpanData span = callerSpan(caller);
      assertEquals(201L, attr(span, BatchTracing.RESULT_STATUS), "the caller's own answer");
      SpanData batch = batches.get(attr(span, BatchTracing.BATCH_SPAN_ID));
      assertNotNull(batch, "the caller's span names a batch span");
      assertEquals(batch.getTraceId(), attr(span, BatchTracing.BATCH_TRACE_ID));
      SpanContext callerContext = span.getSpanContext();
      assertTrue(batch.getLinks().stream().map(LinkData::getSpanContext).anyMatch(callerContext::equals),
          "the batch links the caller's span");
    }
    int links = batches.values().stream().mapToInt(b -> b.getLinks().size()).sum();
    assertEquals(callers.size(), links, "every caller linked once, by one batch");
    for (SpanData batch : batches.values()) {
      assertFalse(batch.getParentSpanContext().isValid(), "a batch is a trace of its own");
      assertEquals((long) batch.getLinks().size(), attr(batch, BatchTracing.BATCH_SIZE));
      assertEquals(201L, attr(batch, Spans.STATUS));
    }

    // the HubSpot call under the batch, one attempt, its permit's wait under the attempt
    List<SpanData> calls = named("HubSpot POST " + CREATE);
    assertEquals(requests, calls.size());
    for (SpanData call : calls) {
      assertTrue(batches.containsKey(call.getParentSpanId()), "the HubSpot call is a child of its batch");
      assertEquals(201L, attr(call, Spans.STATUS));
      SpanData attempt = only(childrenOf(call, "HubSpot attempt"));
      assertEquals(1L, attr(attempt, AttributeKey.longKey("hubspot.attempt")));
      assertEquals(201L, attr(attempt, Spans.STATUS));
      // the first wait (a loaded machine may add a renewed permit's wait: renewal=true)
      SpanData wait = childrenOf(attempt, "rate limiter wait").stream()
          .filter(s -> Boolean.FALSE.equals(attr(s, AttributeKey.booleanKey("hubgate.limiter.renewal"))))
          .findFirst().orElseThrow();
      assertEquals("INTERACTIVE", attr(wait, Spans.LANE));
      assertNotNull(attr(wait, AttributeKey.longKey("hubgate.limiter.waited_ms")));
    }
    assertNoSecretOrRecordData(emails);
  }

  @Test
  void aWholeBatch409IsIsolatedInChildSpansOfTheBatchSpan() {
    hubspot.sim.crm(PORTAL).seed("contacts", Map.of("email", "taken-traced@example.com"));
    List<String> emails = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      emails.add(i == 5 ? "taken-traced@example.com" : "iso-traced" + i + "@example.com");
    }
    List<Caller> callers = submit(coalescer(), emails);
    assertEquals(409, callers.get(5).answer.getItem().status());
    assertFalse(isolation.isEmpty(), "HubSpot rejected the batch: it was isolated");
    await().atMost(WAIT).until(() -> named("batch create contacts").size() == 1);
    SpanData batch = only(named("batch create contacts"));
    assertEquals(16, batch.getLinks().size());
    assertEquals(409L, attr(batch, Spans.STATUS), "HubSpot's answer to the whole batch");
    assertEquals((long) isolation.size(), attr(batch, BatchTracing.ISOLATION_REQUESTS));

    List<SpanData> isolations = named("batch isolation");
    assertEquals(isolation.size(), isolations.size(), "a span per isolation request");
    Set<String> isolationIds = isolations.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
    for (SpanData request : isolations) {
      assertEquals(batch.getSpanId(), request.getParentSpanId(), "an isolation request is a child of the batch");
      assertEquals(batch.getTraceId(), request.getTraceId());
      assertTrue(Set.of("bisection", "rest", "named").contains(attr(request, BatchTracing.ISOLATION_REASON)));
      SpanData call = only(childrenOf(request, "HubSpot POST " + CREATE));
      assertEquals(attr(request, Spans.STATUS), attr(call, Spans.STATUS));
    }
    for (int i = 0; i < callers.size(); i++) {
      SpanData span = callerSpan(callers.get(i));
      assertEquals(i == 5 ? 409L : 201L, attr(span, BatchTracing.RESULT_STATUS), "caller " + i);
      assertEquals(batch.getSpanId(), attr(span, BatchTracing.BATCH_SPAN_ID));
      assertTrue(isolationIds.contains(attr(span, BatchTracing.ISOLATION_SPAN_ID)), "the isolation request it rode in");
      assertTrue(span.getEvents().stream().anyMatch(e -> e.getName().equals("resent in isolation")));
    }
    assertNoSecretOrRecordData(emails);
  }

  static List<SpanData> childrenOf(SpanData parent, String name) {
    return named(name).stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId())).toList();
  }

  static SpanData only(List<SpanData> spans) {
    assertEquals(1, spans.size(), spans.toString());
    return spans.get(0);
  }

  /** No attribute or event of any span holds the portal token or a record's data. */
  static void assertNoSecretOrRecordData(List<String> emails) {
    List<SpanData> spans = exported.getFinishedSpanItems();
    assertFalse(spans.isEmpty());
    for (SpanData span : spans) {
      String values = span.getName() + " " + span.getAttributes().asMap().values() + " "
          + span.getEvents().stream().map(e -> e.getAttributes().asMap().values().toString()).toList();
      assertFalse(values.contains(TOKEN), span.getName() + " holds the portal token");
      for (String email : emails) {
        assertFalse(values.contains(email), span.getName() + " holds a record's data");
      }
    }
  }
}
