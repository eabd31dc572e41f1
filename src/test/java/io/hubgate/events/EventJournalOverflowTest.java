package io.hubgate.events;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.hubgate.testsupport.SseClient;
import io.hubgate.testsupport.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/** A journal of 8 events: the gap event, disconnecting a client that stopped reading, and the journal's metrics. */
@QuarkusTest
@TestProfile(SmallJournalProfile.class)
class EventJournalOverflowTest {

  @TestHTTPResource("/")
  String base;

  /** The management interface's root, {@code /q/}. */
  @TestHTTPResource(value = "/", management = true)
  String management;

  private String baseUri() {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  private List<String> deliver(long portal, int count) {
    return StreamDeliveries.deliver(baseUri(), portal, count);
  }

  private double metric(String name) {
    String text = given().baseUri(management).get("metrics").then().statusCode(200).extract().asString();
    Matcher m = Pattern.compile("(?m)^" + name + "\\{journal=\"hubspot-events\"} (\\S+)$").matcher(text);
    assertTrue(m.find(), name + " is exported");
    return Double.parseDouble(m.group(1));
  }

  private static JsonObject gapOf(SseClient.Message message) {
    assertEquals(EventStreamResource.GAP_EVENT, message.event(), "a gap event: " + message);
    return message.json();
  }

  @Test
  void tellsAClientResumingBeforeTheOldestEventOfTheGapThenReplaysWhatIsHeld() {
    String token = TestTokens.token("hubspot.read", 601);
    String seenId = StreamDeliveries.lastSeenId(baseUri(), 601, token);
    List<String> delivered = deliver(601, 12);
    try (var client = new SseClient(base + "events?portalId=601", token, Map.of("Last-Event-ID", seenId))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> client.events().size() >= SmallJournalProfile.SIZE);
      List<SseClient.Message> messages = client.messages();
      JsonObject gap = gapOf(messages.get(0));
      long firstHeld = Long.parseLong(messages.get(1).id());
      assertEquals(Long.parseLong(seenId) + 1, gap.getLong("first"), "the gap starts after the last id seen");
      assertEquals(firstHeld - 1, gap.getLong("last"), "and ends before the oldest event held");
      assertEquals(Long.toString(firstHeld - 1), messages.get(0).id(), "a reconnect after the gap resumes at the oldest");
      assertEquals(delivered.subList(4, 12), client.events().stream().map(ce -> ce.getString("hubspoteventid")).toList(),
          "what the journal still holds, each once");
      assertEquals(1 + SmallJournalProfile.SIZE, messages.size());
    }
  }

  @Test
  void disconnectsAClientThatStoppedReadingWithTheGapItCannotFill() {
    try (var stalled = SseClient.paused(base + "events?portalId=602", TestTokens.token("hubspot.read", 602))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> stalled.status() == 200);
      double unreadBefore = metric("hubgate_events_journal_evicted_unread_total");
      // once more events left the journal unread than it held before, some were this client's: it was overtaken
      await().atMost(Duration.ofSeconds(120)).until(() -> {
        deliver(602, 100);
        return metric("hubgate_events_journal_evicted_unread_total") > unreadBefore + SmallJournalProfile.SIZE;
      });
      stalled.resume();
      await().atMost(Duration.ofSeconds(30)).until(stalled::ended);
      List<SseClient.Message> messages = stalled.messages();
      JsonObject gap = gapOf(messages.get(messages.size() - 1));
      long expectedNext = messages.size() > 1 ? Long.parseLong(messages.get(messages.size() - 2).id()) + 1 : gap.getLong("first");
      assertEquals(expectedNext, gap.getLong("first"), "the gap starts right after the last event the client got");
      assertTrue(gap.getLong("last") >= gap.getLong("first"));
      for (SseClient.Message message : messages.subList(0, messages.size() - 1)) {
        assertNull(message.event(), "one gap, at the end: " + message);
      }
    }
  }

  @Test
  void countsHeldEvictedAndUnreadEventsInItsMetrics() {
    String token = TestTokens.token("hubspot.read", 603);
    try (var reader = new SseClient(base + "events?portalId=603", token)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        deliver(603, 1);
        return !reader.events().isEmpty();
      });
      int before = reader.events().size();
      deliver(603, SmallJournalProfile.SIZE);
      await().atMost(Duration.ofSeconds(30)).until(() -> reader.events().size() == before + SmallJournalProfile.SIZE);
    }
    // the journal now holds 8 events a client read: pushing them out counts them as evicted, not as unread
    double evicted = metric("hubgate_events_journal_evicted_total");
    double unread = metric("hubgate_events_journal_evicted_unread_total");
    deliver(604, SmallJournalProfile.SIZE);
    assertEquals(SmallJournalProfile.SIZE, metric("hubgate_events_journal_size"));
    assertEquals(evicted + SmallJournalProfile.SIZE, metric("hubgate_events_journal_evicted_total"));
    assertEquals(unread, metric("hubgate_events_journal_evicted_unread_total"));
    // these 8 nobody read
    deliver(604, SmallJournalProfile.SIZE);
    assertEquals(unread + SmallJournalProfile.SIZE, metric("hubgate_events_journal_evicted_unread_total"));
  }
}
