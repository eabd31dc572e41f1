package io.hubgate.events;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.hubgate.testsupport.Deliveries;
import io.hubgate.testsupport.SseClient;
import io.vertx.core.json.JsonObject;

/** Deliveries for the stream tests, and a client's last seen id to resume from. */
final class StreamDeliveries {

  static final String SECRET = "test-secret-one";

  private StreamDeliveries() {
  }

  /**
   * Delivers {@code count} events of the portal (in deliveries of at most 100) to the gateway at {@code baseUri} and
   * returns their event ids in order. Each answer is 200: the gateway acknowledged, so the events are in the journal.
   */
  static List<String> deliver(String baseUri, long portal, int count) {
    List<String> ids = new ArrayList<>();
    for (int sent = 0; sent < count; sent += 100) {
      List<JsonObject> events = new ArrayList<>();
      for (int i = sent; i < Math.min(count, sent + 100); i++) {
        JsonObject event = Deliveries.event(portal);
        events.add(event);
        ids.add(event.getValue("eventId").toString());
      }
      Deliveries.postV3(baseUri, SECRET, Deliveries.body(events.toArray(JsonObject[]::new))).statusCode(200);
    }
    return ids;
  }

  /** Watches the portal live until a delivered event arrives, disconnects, and returns the SSE id it saw last. */
  static String lastSeenId(String baseUri, long portal, String token) {
    try (var client = new SseClient(baseUri + "/events?portalId=" + portal, token)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        deliver(baseUri, portal, 1);
        return !client.events().isEmpty();
      });
      List<SseClient.Message> messages = client.messages();
      return messages.get(messages.size() - 1).id();
    }
  }
}
