package io.hubgate.writes.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.testsupport.HubSpotSimulatorResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;

/**
 * The embedded default: the three channels on the in-process broker (no Redis, results in process), the simulator as
 * HubSpot. The Kafka key metadata on outcomes is ignored by the in-process connector.
 */
@QuarkusTest
@TestProfile(WriteMessagesLocalTest.EmbeddedWithSimulator.class)
class WriteMessagesLocalTest {

  static final long PORTAL = 301;

  public static class EmbeddedWithSimulator implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("hubgate.portals.\"301\".access-token", "pat-na1-301", "hubgate.portals.\"301\".app-id", "1301");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(HubSpotSimulatorResource.class));
    }
  }

  @Inject
  WriteMessagesTap tap;

  @Test
  void messagesOnTheEmbeddedTopicAreWrittenAndAnsweredAndAnInvalidOneIsDeadLettered() {
    HubSpotSimulator sim = HubSpotSimulatorResource.simulator();
    if (sim.portals().find(PORTAL).isEmpty()) {
      sim.portals().add(PORTAL).burstLimit(100);
      sim.portals().privateAppToken(PORTAL, "pat-na1-" + PORTAL, 1000 + PORTAL);
    }
    tap.send("{\"id\": \"local-bad\", \"portalId\": 301, \"operation\": \"delete\"}").await().atMost(Duration.ofSeconds(5));
    for (int i = 0; i < 50; i++) {
      tap.send(new JsonObject().put("id", "local-" + i).put("portalId", PORTAL).put("operation", "create")
          .put("objectType", "contacts")
          .put("input", new JsonObject().put("properties", new JsonObject().put("email", "local" + i + "@example.com")))
          .encode()).await().atMost(Duration.ofSeconds(5));
    }

    await().atMost(Duration.ofSeconds(60)).until(() -> tap.results().size() >= 50);
    assertEquals(50, tap.results().size());
    Set<String> ids = new HashSet<>();
    for (JsonObject result : tap.results()) {
      assertEquals(201, result.getInteger("status"));
      String n = result.getString("id").substring("local-".length());
      assertEquals("local" + n + "@example.com", result.getJsonObject("body").getJsonObject("properties")
          .getString("email"));
      ids.add(result.getString("id"));
    }
    assertEquals(50, ids.size());
    assertEquals(1, tap.deadLetters().size());
    assertEquals("local-bad", tap.deadLetters().get(0).getString("id"));
    assertTrue(tap.deadLetters().get(0).getJsonObject("reason").getString("detail").startsWith("unknown \"operation\""));
  }
}
