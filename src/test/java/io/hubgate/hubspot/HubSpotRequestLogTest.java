package io.hubgate.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hubgate.ratelimit.Lane;
import io.hubgate.ratelimit.LimiterSettings;
import io.hubgate.ratelimit.PortalBudget;
import io.hubgate.ratelimit.PortalBudgets;
import io.hubgate.ratelimit.RateLimiterListener;
import io.hubgate.ratelimit.RateLimiters;
import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.testsupport.CapturedLogs;
import io.hubgate.testsupport.HubSpotSimulatorResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;

/**
 * The request log ({@value HubSpotRequestLog#CATEGORY}) of calls to the simulator through the gateway's own clients:
 * one line per request sent, with portal, method, path template, status, attempt, lane and limiter wait; never the
 * token, a header, the record id or the email, unless {@code hubgate.logging.record-ids} allows the ids.
 */
@QuarkusTest
@TestProfile(HubSpotApiResourceTest.WithSimulator.class)
class HubSpotRequestLogTest {

  static final long PORTAL = 101;
  static final String TOKEN = "pat-na1-101";
  static final String CONTACTS = "/crm/v3/objects/contacts";

  @Inject
  HubSpotClient client;

  @Inject
  HubSpotBatchClient batch;

  @Inject
  Vertx vertx;

  HubSpotSimulator sim;

  @BeforeEach
  void portal() {
    sim = HubSpotSimulatorResource.withPortals(PORTAL);
  }

  @AfterEach
  void clearFaults() {
    sim.faults().clear();
  }

  @Test
  void oneLinePerRequestWithItsTemplateAndNeitherIdNorEmailNorToken() {
    String email = "log-read@example.com";
    String id = create(client, email);
    try (CapturedLogs logs = CapturedLogs.start()) {
      HubSpotResponse answer = client.send(HubSpotRequest.get(PORTAL, CONTACTS + "/" + id + "?properties=email"))
          .await().atMost(Duration.ofSeconds(30));
      assertEquals(200, answer.status());

      List<String> lines = logs.lines(HubSpotRequestLog.CATEGORY);
      assertEquals(1, lines.size(), lines.toString());
      Map<String, String> line = fields(lines.get(0));
      assertEquals(Long.toString(PORTAL), line.get("portal"));
      assertEquals("GET", line.get("method"));
      assertEquals(CONTACTS + "/{id}", line.get("path"));
      assertEquals("200", line.get("status"));
      assertEquals("1", line.get("attempt"));
      assertEquals("interactive", line.get("lane"));
      assertTrue(Long.parseLong(line.get("limiter_wait_ms")) >= 0, lines.get(0));
      assertTrue(Long.parseLong(line.get("duration_ms")) >= 0, lines.get(0));
      assertNull(line.get("record_path"), "record ids are off by default");
      assertNothingSecretOrIdentifying(logs, id, email);
    }
  }

  @Test
  void eachAttemptIsALineOfItsOwn() {
    String id = create(client, "log-retry@example.com");
    String path = CONTACTS + "/" + id;
    sim.faults().on("GET", path).errorShare(1.0, 503).onlyFirst(1);
    sim.faults().on("GET", path).dropConnectionShare(1.0).onlyFirst(1);
    try (CapturedLogs logs = CapturedLogs.start()) {
      assertEquals(200, client.send(HubSpotRequest.get(PORTAL, path)).await().atMost(Duration.ofSeconds(30)).status());

      List<Map<String, String>> lines = logs.lines(HubSpotRequestLog.CATEGORY).stream().map(HubSpotRequestLogTest::fields)
          .toList();
      assertEquals(3, lines.size(), lines.toString());
      assertEquals(List.of("1", "2", "3"), lines.stream().map(l -> l.get("attempt")).toList());
      assertEquals(List.of("503", "none", "200"), lines.stream().map(l -> l.get("status")).toList());
      assertTrue(lines.get(1).containsKey("error"), "a lost answer names its failure's class: " + lines.get(1));
      lines.forEach(l -> assertEquals(CONTACTS + "/{id}", l.get("path")));
      assertNothingSecretOrIdentifying(logs, id, "log-retry@example.com");
    }
  }

  @Test
  void batchCallsAreLoggedTheSameWay() {
    String email = "log-batch@example.com";
    JsonObject body = new JsonObject().put("inputs", new JsonArray().add(new JsonObject()
        .put("properties", new JsonObject().put("email", email)).put("objectWriteTraceId", "t1")));
    try (CapturedLogs logs = CapturedLogs.start()) {
      HubSpotResponse answer = batch.send(PORTAL, Lane.BULK, HubSpotBatchOperation.CREATE, null, "contacts", null, body)
          .await().atMost(Duration.ofSeconds(30));
      assertEquals(201, answer.status());

      List<String> lines = logs.lines(HubSpotRequestLog.CATEGORY);
      assertEquals(1, lines.size(), lines.toString());
      Map<String, String> line = fields(lines.get(0));
      assertEquals("POST", line.get("method"));
      assertEquals(CONTACTS + "/batch/create", line.get("path"));
      assertEquals("201", line.get("status"));
      assertEquals("bulk", line.get("lane"));
      String id = new JsonObject(answer.body().toString()).getJsonArray("results").getJsonObject(0).getString("id");
      assertNothingSecretOrIdentifying(logs, id, email);
    }
  }

  @Test
  void recordIdsOnlyWhereTheOperatorAllowsThem() {
    HubSpotClient revealing = new HubSpotClient(vertx, policy(new HubSpotRequestLog(true)));
    try {
      String id = create(revealing, "log-ids@example.com");
      try (CapturedLogs logs = CapturedLogs.start()) {
        revealing.send(HubSpotRequest.get(PORTAL, CONTACTS + "/" + id)).await().atMost(Duration.ofSeconds(30));
        Map<String, String> line = fields(logs.lines(HubSpotRequestLog.CATEGORY).get(0));
        assertEquals(CONTACTS + "/{id}", line.get("path"));
        assertEquals(CONTACTS + "/" + id, line.get("record_path"));
        assertFalse(logs.contains(TOKEN), "the token never");
      }
    } finally {
      revealing.close();
    }
  }

  @Test
  void theCategoryIsTheOperatorsSwitch() {
    String id = create(client, "log-off@example.com");
    Logger category = Logger.getLogger(HubSpotRequestLog.CATEGORY);
    Level before = category.getLevel();
    category.setLevel(Level.OFF);
    try (CapturedLogs logs = CapturedLogs.start()) {
      client.send(HubSpotRequest.get(PORTAL, CONTACTS + "/" + id)).await().atMost(Duration.ofSeconds(30));
      assertEquals(List.of(), logs.lines(HubSpotRequestLog.CATEGORY));
    } finally {
      category.setLevel(before);
    }
  }

  // ---- helpers ----

  private static String create(HubSpotClient through, String email) {
    HubSpotResponse created = through.send(HubSpotRequest.json(PORTAL, "POST", CONTACTS,
        new JsonObject().put("properties", new JsonObject().put("email", email)).encode()))
        .await().atMost(Duration.ofSeconds(30));
    assertEquals(201, created.status(), created.body().toString());
    return new JsonObject(created.body().toString()).getString("id");
  }

  /** Nothing in any captured line (every category) names the token, the auth header, the record or the email. */
  private static void assertNothingSecretOrIdentifying(CapturedLogs logs, String id, String email) {
    for (String line : logs.lines()) {
      for (String needle : List.of(TOKEN, "Authorization", "Bearer", id, email)) {
        assertFalse(line.contains(needle), "'" + needle + "' logged: " + line);
      }
    }
  }

  /** {@code HubSpot request a=1 b=2} as a map (values have no spaces). */
  static Map<String, String> fields(String line) {
    assertTrue(line.startsWith("HubSpot request "), line);
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : line.substring("HubSpot request ".length()).split(" ")) {
      int eq = pair.indexOf('=');
      fields.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return fields;
  }

  /** The gateway's policy with its own request log, on a local limiter and the simulator. */
  private HubSpotCallPolicy policy(HubSpotRequestLog log) {
    var settings = new HubSpotClientSettings(URI.create(sim.baseUrl()), Duration.ofSeconds(3), Duration.ofSeconds(2), 4,
        Duration.ofMillis(20), Duration.ofSeconds(1), 8);
    var limiter = RateLimiters.local(PortalBudgets.uniform(PortalBudget.of(100, 0)),
        LimiterSettings.defaults().withSafetyMargin(Duration.ZERO).withSpacing(0), new RateLimiterListener() { });
    return new HubSpotCallPolicy(limiter, HubSpotClientTest.fixed(TOKEN), portal -> Uni.createFrom().item("1001"), settings, log);
  }
}
