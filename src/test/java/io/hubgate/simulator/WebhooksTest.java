package io.hubgate.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhooksTest {

  static final String SECRET = "client-secret-1";
  static final WebhookOptions FAST = WebhookOptions.compressed(0.00001);
  HubSpotSimulator sim;

  @BeforeEach
  void start() {
    sim = HubSpotSimulator.start();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  static List<WebhookEvent> events(int count, long portalId) {
    List<WebhookEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(WebhookEvent.of(i + 1, portalId, 54321, "contact.propertyChange", 1000 + i, 1_700_000_000_000L + i)
          .with("propertyName", "firstname").with("propertyValue", "Zoë").with("changeSource", "CRM"));
    }
    return events;
  }

  static DeliveryReport await(java.util.concurrent.CompletableFuture<DeliveryReport> report) throws Exception {
    return report.get(60, TimeUnit.SECONDS);
  }

  @Test
  void v3DeliveryCarriesV1AndV3SignaturesThatVerify() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(n -> 200, 0)) {
      String url = receiver.url("/webhooks/hubspot?who=jane%40example.com");
      DeliveryReport report = await(sim.webhooks().deliver(url, events(3, 62515), SignatureMode.V3, SECRET, FAST));
      assertTrue(report.allDelivered());
      WebhookReceiver.Received request = receiver.received().get(0);
      assertEquals("POST", request.method());
      assertEquals("v1", request.headers().get("X-HubSpot-Signature-Version"));
      assertEquals(WebhookSigner.v1(SECRET, request.body()), request.headers().get("X-HubSpot-Signature"));
      String timestamp = request.headers().get("X-HubSpot-Request-Timestamp");
      long skew = Math.abs(System.currentTimeMillis() - Long.parseLong(timestamp));
      assertTrue(skew < TimeUnit.MINUTES.toMillis(5), "milliseconds, fresh");
      String expected = WebhookSigner.v3(SECRET, "POST", url, request.body(), timestamp);
      assertEquals(expected, request.headers().get("X-HubSpot-Signature-v3"));
      assertEquals(WebhookSigner.v3(SECRET, "POST", url.replace("%40", "@"), request.body(), timestamp), expected,
          "v3 is computed over the URI with %40 decoded, as HubSpot does");
      JsonArray body = new JsonArray(request.body());
      assertEquals(3, body.size());
      assertEquals(0, body.getJsonObject(0).getInteger("attemptNumber"));
      assertEquals("Zoë", body.getJsonObject(0).getString("propertyValue"));
    }
  }

  @Test
  void v2DeliverySignsMethodUriAndBody() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(n -> 204, 0)) {
      String url = receiver.url("/wf?a=1&b=2");
      await(sim.webhooks().deliver(url, events(1, 1), SignatureMode.V2, SECRET, FAST));
      WebhookReceiver.Received request = receiver.received().get(0);
      assertEquals("v2", request.headers().get("X-HubSpot-Signature-Version"));
      assertEquals(WebhookSigner.v2(SECRET, "POST", url, request.body()), request.headers().get("X-HubSpot-Signature"));
      assertFalse(request.headers().contains("X-HubSpot-Signature-v3"));
    }
  }

  @Test
  void retriesFailedDeliveriesWithIncrementingAttemptNumber() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(n -> n < 3 ? (n == 1 ? 404 : 500) : 200, 0)) {
      DeliveryReport report = await(sim.webhooks().deliver(receiver.url("/h"), events(2, 7), SignatureMode.V3,
          SECRET, FAST));
      assertTrue(report.allDelivered());
      assertEquals(4, report.totalAttempts());
      List<Integer> attemptNumbers = receiver.received().stream()
          .map(r -> new JsonArray(r.body()).getJsonObject(0).getInteger("attemptNumber")).toList();
      assertEquals(List.of(0, 1, 2, 3), attemptNumbers);
      List<Integer> statuses = report.batches().get(0).attempts().stream().map(DeliveryReport.Attempt::status).toList();
      assertEquals(List.of(500, 404, 500, 200), statuses);
    }
  }

  @Test
  void givesUpAfterTenRetriesWhenTheTargetIsDown() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    DeliveryReport report = await(sim.webhooks().deliver("http://127.0.0.1:" + closedPort + "/h", events(1, 7),
        SignatureMode.V1, SECRET, FAST));
    assertFalse(report.allDelivered());
    assertEquals(11, report.totalAttempts(), "the first attempt and 10 retries");
    assertTrue(report.batches().get(0).attempts().stream().allMatch(a -> a.status() == 0 && a.failure() != null));
  }

  @Test
  void aTargetThatDoesNotAnswerInTimeIsRetried() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(n -> n == 0 ? 0 : 200, 0)) {
      DeliveryReport report = await(sim.webhooks().deliver(receiver.url("/h"), events(1, 7), SignatureMode.V3, SECRET,
          FAST.withResponseTimeout(Duration.ofMillis(200))));
      assertTrue(report.allDelivered());
      assertEquals(2, report.totalAttempts());
      assertEquals(0, report.batches().get(0).attempts().get(0).status());
    }
  }

  @Test
  void batchesHoldAtMost100EventsAndAtMost10AreInFlightPerPortal() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(n -> 200, 20)) {
      List<WebhookEvent> events = new ArrayList<>(events(2500, 1));
      events.addAll(events(150, 2));
      DeliveryReport report = await(sim.webhooks().deliver(receiver.url("/h"), events, SignatureMode.V3, SECRET, FAST));
      assertTrue(report.allDelivered());
      assertEquals(25 + 2, report.batches().size());
      assertTrue(receiver.received().stream().allMatch(r -> new JsonArray(r.body()).size() <= 100));
      assertTrue(sim.webhooks().peakInFlight(1) <= 10, "peak " + sim.webhooks().peakInFlight(1));
      assertEquals(2650, report.deliveredEventIds().size());
    }
  }

  @Test
  void duplicateAndSplitModesDeliverEveryEventAtLeastOnce() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(n -> 200, 0)) {
      WebhookOptions options = FAST.withDuplicateShare(1.0).withSplitBatches(true).withShuffleEvents(true).withSeed(3);
      DeliveryReport report = await(sim.webhooks().deliver(receiver.url("/h"), events(250, 1), SignatureMode.V3,
          SECRET, options));
      Map<Long, Integer> seen = new HashMap<>();
      receiver.received().forEach(r -> new JsonArray(r.body()).forEach(e ->
          seen.merge(((JsonObject) e).getLong("eventId"), 1, Integer::sum)));
      assertEquals(250, seen.size());
      assertTrue(seen.values().stream().allMatch(c -> c == 2), "every batch was sent twice");
      assertTrue(report.batches().stream().anyMatch(DeliveryReport.Batch::duplicate));
      assertTrue(report.batches().size() > 2 * 3, "split into more, smaller batches");
    }
  }

  @Test
  void tamperModesProduceRequestsAReceiverMustReject() throws Exception {
    for (WebhookOptions.Tamper tamper : new WebhookOptions.Tamper[] {WebhookOptions.Tamper.TAMPERED_BODY,
        WebhookOptions.Tamper.WRONG_SECRET, WebhookOptions.Tamper.STALE_TIMESTAMP}) {
      try (WebhookReceiver receiver = new WebhookReceiver(n -> 200, 0)) {
        String url = receiver.url("/h");
        await(sim.webhooks().deliver(url, events(1, 1), SignatureMode.V3, SECRET, FAST.withTamper(tamper)));
        WebhookReceiver.Received request = receiver.received().get(0);
        String timestamp = request.headers().get("X-HubSpot-Request-Timestamp");
        boolean signatureOk = WebhookSigner.v3(SECRET, "POST", url, request.body(), timestamp)
            .equals(request.headers().get("X-HubSpot-Signature-v3"));
        boolean fresh = System.currentTimeMillis() - Long.parseLong(timestamp) <= TimeUnit.MINUTES.toMillis(5);
        assertFalse(signatureOk && fresh, tamper.name());
        if (tamper == WebhookOptions.Tamper.STALE_TIMESTAMP) {
          assertTrue(signatureOk, "a stale request is correctly signed; only its age gives it away");
        }
      }
    }
  }

  @Test
  void retryScheduleGrowsAndSpansAboutADay() {
    java.util.Random random = new java.util.Random(1);
    WebhookOptions real = WebhookOptions.defaults();
    long total = 0;
    long previous = 0;
    for (int retry = 1; retry <= 10; retry++) {
      long delay = Webhooks.retryDelayMillis(retry, real, random);
      assertNotEquals(0, delay);
      if (retry > 1) {
        assertTrue(delay > previous * 0.8 * 0.8, "increasing delays, jittered");
      }
      previous = delay;
      total += delay;
    }
    assertTrue(total > TimeUnit.HOURS.toMillis(15) && total < TimeUnit.HOURS.toMillis(28), "spread over about a day");
  }

  @Test
  void eventFactoriesProduceHubSpotsPairs() {
    List<WebhookEvent> gdpr = WebhookEvent.privacyDeletion(10, 1, 2, 300, 1_700_000_000_000L);
    assertEquals(List.of("contact.privacyDeletion", "contact.deletion"),
        gdpr.stream().map(WebhookEvent::subscriptionType).toList());
    List<WebhookEvent> primary = WebhookEvent.associationChange(20, 1, 2, "contact.associationChange",
        "CONTACT_TO_COMPANY", 300, 400, true, false, 1_700_000_000_000L);
    assertEquals(2, primary.size());
    assertEquals(List.of(false, true), primary.stream()
        .map(e -> (Boolean) e.toJson(0).getValue("isPrimaryAssociation")).toList());
    assertEquals(1, WebhookEvent.associationChange(30, 1, 2, "contact.associationChange", "CONTACT_TO_COMPANY",
        300, 400, false, true, 0).size());
  }
}
