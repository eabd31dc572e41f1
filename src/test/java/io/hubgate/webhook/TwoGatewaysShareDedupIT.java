package io.hubgate.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hubgate.testsupport.Deliveries;
import io.hubgate.testsupport.GatewayProcess;
import io.hubgate.testsupport.RedisServerProcess;
import io.hubgate.testsupport.SseClient;
import io.hubgate.testsupport.TestTokens;
import io.vertx.core.json.JsonObject;

/**
 * Two packaged gateways (two JVM processes, as two replicas) sharing one Redis: HubSpot's redeliveries of an event,
 * spread over both replicas and racing each other, are published once in all. Each replica streams what it published on
 * GET /events, so the two streams together show every publication.
 */
class TwoGatewaysShareDedupIT {

  static final String SECRET = "it-secret";
  static RedisServerProcess redis;
  static GatewayProcess first;
  static GatewayProcess second;
  static SseClient firstStream;
  static SseClient secondStream;

  @BeforeAll
  static void start() {
    redis = RedisServerProcess.start();
    Map<String, String> env = Map.of("QUARKUS_REDIS_HOSTS", redis.uri(), "HUBGATE_WEBHOOK_CLIENT_SECRETS", SECRET);
    first = GatewayProcess.start("replica-a", env);
    second = GatewayProcess.start("replica-b", env);
    firstStream = new SseClient(first.baseUri() + "/events", TestTokens.token("hubspot.read", "*"));
    secondStream = new SseClient(second.baseUri() + "/events", TestTokens.token("hubspot.read", "*"));
    awaitStreaming(first, firstStream);
    awaitStreaming(second, secondStream);
  }

  /** The stream is live once a probe delivered after connecting shows up on it. */
  private static void awaitStreaming(GatewayProcess gateway, SseClient stream) {
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      JsonObject probe = Deliveries.event(1);
      Deliveries.postV3(gateway.baseUri(), SECRET, Deliveries.body(probe)).statusCode(200);
      return stream.countWithId(probe.getValue("eventId").toString()) == 1;
    });
  }

  @AfterAll
  static void stop() {
    GatewayProcess.closeAll(firstStream, secondStream, first, second, redis);
  }

  @Test
  void publishesRacingRedeliveriesOnTwoReplicasExactlyOnce() throws Exception {
    List<JsonObject> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.add(Deliveries.event(62515));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Integer>> answers = new ArrayList<>();
      for (JsonObject event : events) {
        for (int attempt = 0; attempt < 4; attempt++) {
          JsonObject delivery = event.copy().put("attemptNumber", attempt);
          GatewayProcess target = attempt % 2 == 0 ? first : second;
          answers.add(CompletableFuture.supplyAsync(() ->
              Deliveries.postV3(target.baseUri(), SECRET, Deliveries.body(delivery)).extract().statusCode(), pool));
        }
      }
      // a racing redelivery may be told 503 (its twin is still publishing): HubSpot then retries it
      for (CompletableFuture<Integer> answer : answers) {
        int status = answer.get();
        if (status != 200 && status != 503) {
          throw new AssertionError("unexpected status " + status);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    // HubSpot's later retries all land as duplicates
    for (JsonObject event : events) {
      Deliveries.postV3(first.baseUri(), SECRET, Deliveries.body(event.copy().put("attemptNumber", 9)))
          .statusCode(200).body("published", org.hamcrest.Matchers.equalTo(0));
    }
    // markers published after everything else prove both streams are complete up to here
    JsonObject markerA = Deliveries.event(2);
    JsonObject markerB = Deliveries.event(2);
    Deliveries.postV3(first.baseUri(), SECRET, Deliveries.body(markerA)).statusCode(200);
    Deliveries.postV3(second.baseUri(), SECRET, Deliveries.body(markerB)).statusCode(200);
    await().atMost(Duration.ofSeconds(30)).until(() ->
        firstStream.countWithId(markerA.getValue("eventId").toString()) == 1
            && secondStream.countWithId(markerB.getValue("eventId").toString()) == 1);
    for (JsonObject event : events) {
      String id = event.getValue("eventId").toString();
      assertEquals(1, firstStream.countWithId(id) + secondStream.countWithId(id), "event " + id + " published once in all");
    }
  }

  /**
   * The shared store gone: the delivery is refused with 503 and nothing is published (HubSpot retries); once Redis is
   * back, HubSpot's retry is published exactly once and a further redelivery is a duplicate.
   */
  @Test
  void refusesWhileRedisIsDownAndPublishesHubSpotsRetryOnceItIsBack() {
    JsonObject event = Deliveries.event(62515);
    String id = event.getValue("eventId").toString();
    redis.stop();
    try {
      Deliveries.postV3(first.baseUri(), SECRET, Deliveries.body(event))
          .statusCode(503).contentType("application/problem+json");
    } finally {
      redis.restart();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> Deliveries.postV3(first.baseUri(), SECRET,
        Deliveries.body(event.copy().put("attemptNumber", 1))).extract().statusCode() == 200);
    Deliveries.postV3(second.baseUri(), SECRET, Deliveries.body(event.copy().put("attemptNumber", 2)))
        .statusCode(200).body("published", org.hamcrest.Matchers.equalTo(0));
    JsonObject marker = Deliveries.event(2);
    Deliveries.postV3(first.baseUri(), SECRET, Deliveries.body(marker)).statusCode(200);
    await().atMost(Duration.ofSeconds(30)).until(() ->
        firstStream.countWithId(marker.getValue("eventId").toString()) == 1);
    assertEquals(1, firstStream.countWithId(id) + secondStream.countWithId(id), "published once in all");
  }

  @Test
  void filtersTheLiveStreamByPortalAndSubscriptionType() {
    try (var deals = new SseClient(first.baseUri() + "/events?portalId=777&subscriptionType=deal.creation",
        TestTokens.token("hubspot.read", 777, 778))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        JsonObject probe = Deliveries.event(777).put("subscriptionType", "deal.creation");
        JsonObject otherPortal = Deliveries.event(778).put("subscriptionType", "deal.creation");
        JsonObject otherType = Deliveries.event(777);
        Deliveries.postV3(first.baseUri(), SECRET, Deliveries.body(otherPortal, otherType, probe)).statusCode(200);
        return deals.countWithId(probe.getValue("eventId").toString()) == 1;
      });
      for (JsonObject ce : deals.events()) {
        assertEquals(777L, ce.getLong("hubspotportalid"));
        assertEquals("deal.creation", ce.getString("hubspotsubscriptiontype"));
      }
    }
  }
}
