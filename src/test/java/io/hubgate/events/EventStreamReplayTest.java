package io.hubgate.events;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.hubgate.testsupport.SseClient;
import io.hubgate.testsupport.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** GET /events on the embedded broker: events held for clients that were not connected, resumption, replay. */
@QuarkusTest
class EventStreamReplayTest {

  @TestHTTPResource("/")
  String base;

  private String baseUri() {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  private List<String> deliver(long portal, int count) {
    return StreamDeliveries.deliver(baseUri(), portal, count);
  }

  private static List<String> eventIds(SseClient client) {
    return client.events().stream().map(ce -> ce.getString("hubspoteventid")).toList();
  }

  /** Every message has an id, and the ids increase. */
  private static void assertIdsIncrease(SseClient client) {
    long previous = Long.MIN_VALUE;
    for (SseClient.Message message : client.messages()) {
      assertNotNull(message.id(), "every message carries an id: " + message);
      long id = Long.parseLong(message.id());
      assertTrue(id > previous, "ids increase: " + id + " after " + previous);
      previous = id;
    }
  }

  private static void awaitEvents(SseClient client, int count) {
    await().atMost(Duration.ofSeconds(30)).until(() -> client.events().size() >= count);
  }

  @Test
  void keepsAnEventDeliveredWhileNoClientWatchedForAClientReadingFromTheStart() {
    List<String> delivered = deliver(501, 1);
    try (var late = new SseClient(base + "events?from=start&portalId=501", TestTokens.token("hubspot.read", 501))) {
      awaitEvents(late, 1);
      assertEquals(200, late.status());
      assertEquals(delivered, eventIds(late));
      assertIdsIncrease(late);
    }
  }

  @Test
  void resumesAfterLastEventIdWithExactlyTheEventsItMissed() {
    String token = TestTokens.token("hubspot.read", 502);
    String seenId = StreamDeliveries.lastSeenId(baseUri(), 502, token);
    List<String> missed = deliver(502, 5);
    try (var header = new SseClient(base + "events?portalId=502", token, Map.of("Last-Event-ID", seenId));
        var query = new SseClient(base + "events?portalId=502&lastEventId=" + seenId, token)) {
      awaitEvents(header, 5);
      awaitEvents(query, 5);
      List<String> live = deliver(502, 2);
      awaitEvents(header, 7);
      awaitEvents(query, 7);
      List<String> expected = new ArrayList<>(missed);
      expected.addAll(live);
      assertEquals(expected, eventIds(header), "the missed events, then the live ones, each once");
      assertEquals(expected, eventIds(query));
      assertIdsIncrease(header);
      assertTrue(Long.parseLong(header.messages().get(0).id()) > Long.parseLong(seenId));
    }
  }

  @Test
  void handsOverFromReplayToLiveWithoutGapOrDuplicateWhileEventsArrive() {
    List<String> expected = new ArrayList<>(deliver(503, 300));
    // more deliveries while the client replays: they land before, during and after the hand-over
    CompletableFuture<List<String>> during = CompletableFuture.supplyAsync(() -> {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        ids.addAll(deliver(503, 10));
      }
      return ids;
    });
    try (var client = new SseClient(base + "events?from=start&portalId=503", TestTokens.token("hubspot.read", 503))) {
      expected.addAll(during.join());
      awaitEvents(client, 600);
      List<String> marker = deliver(503, 1);
      awaitEvents(client, 601);
      expected.addAll(marker);
      assertEquals(expected, eventIds(client));
      assertIdsIncrease(client);
    }
  }

  @Test
  void appliesTheTokensPortalsToReplayedEvents() {
    List<String> mine = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      deliver(504, 1);
      mine.addAll(deliver(505, 1));
    }
    try (var client = new SseClient(base + "events?from=start", TestTokens.token("hubspot.read", 505))) {
      awaitEvents(client, 3);
      List<String> marker = deliver(505, 1);
      awaitEvents(client, 4);
      mine.addAll(marker);
      assertEquals(mine, eventIds(client));
      for (JsonObject ce : client.events()) {
        assertEquals(505L, ce.getLong("hubspotportalid"), "only the portals the token lists");
      }
    }
  }

  @Test
  void refusesAPositionItCannotRead() {
    for (String path : List.of("events?from=yesterday", "events?lastEventId=abc")) {
      given().baseUri(base).accept("text/event-stream").header("Authorization", "Bearer " + TestTokens.token("hubspot.read", "*"))
          .get(path).then().statusCode(400).contentType("application/problem+json")
          .body("type", containsString("bad-stream-position"));
    }
  }
}
