package io.hubgate.writes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hubgate.ratelimit.PortalBudget;
import io.hubgate.ratelimit.PortalBudgets;
import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.testsupport.RedisServerProcess;
import io.hubgate.writes.messaging.WriteMessageProcessor;
import io.hubgate.writes.messaging.WriteOutcomeSink;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.redis.client.RedisOptions;

/**
 * The messaging input's pipeline (message text → coalescer → stored result → published outcome) against the simulator
 * as HubSpot and a real Redis, without Quarkus: the outcome topics are a recording sink here (the channel wiring has
 * its own test with a real Kafka broker).
 */
class WriteMessagesSimulatorTest {

  static final long PORTAL = 62516;
  static final String TOKEN = "pat-na1-messages";
  static final String CREATE = "/crm/v3/objects/contacts/batch/create";

  static SimulatedBatchSender hubspot;
  static HubSpotSimulator sim;
  static RedisServerProcess redisServer;
  static Redis redis;

  final RecordingSink sink = new RecordingSink();
  WriteMessageProcessor processor;

  @BeforeAll
  static void start() {
    hubspot = SimulatedBatchSender.start(PORTAL, TOKEN);
    sim = hubspot.sim;
    redisServer = RedisServerProcess.start();
    // as quarkus.redis.max-pool-waiting in application.properties: every message in flight reads and writes its result
    redis = Redis.createClient(hubspot.vertx,
        new RedisOptions().setConnectionString(redisServer.uri()).setMaxPoolWaiting(8192));
  }

  @AfterAll
  static void stop() {
    redis.close();
    redisServer.close();
    hubspot.close();
  }

  @AfterEach
  void reset() {
    hubspot.reset();
  }

  WriteMessageProcessor processor() {
    var coalescer = new WriteCoalescer(PortalBudgets.uniform(PortalBudget.of(100, 0)),
        CoalescingSettings.defaults().withLinger(Duration.ofMillis(200)), hubspot.sender(), new CoalescerListener() { });
    return WriteMessageProcessor.redis(coalescer::submit, redis, sink, Duration.ofHours(24));
  }

  static String create(String id, String email) {
    return new JsonObject().put("id", id).put("portalId", PORTAL).put("operation", "create")
        .put("objectType", "contacts")
        .put("input", new JsonObject().put("properties", new JsonObject().put("email", email))).encode();
  }

  /** Processes the messages concurrently, as the consumer does, and waits until every outcome is published. */
  void processAll(List<String> messages) {
    List<Uni<Void>> all = new ArrayList<>();
    for (String message : messages) {
      all.add(processor.process(message));
    }
    Uni.join().all(all).andFailFast().await().atMost(Duration.ofSeconds(60));
  }

  long creates() {
    return sim.requestLog().entries(e -> e.path().equals(CREATE)).size();
  }

  String stored(String id) {
    var response = redis.send(Request.cmd(Command.GET).arg("hubgate:writes:result:{" + PORTAL + "}:" + id))
        .await().atMost(Duration.ofSeconds(5));
    return response == null ? null : response.toString();
  }

  @Test
  void twoHundredCreateMessagesAreCoalescedAndEachResultCarriesItsOwnRecord() {
    processor = processor();
    List<String> messages = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      messages.add(create("many-" + i, "msg" + i + "@example.com"));
    }
    processAll(messages);

    assertEquals(200, sink.results.size());
    assertTrue(sink.deadLetters.isEmpty(), "no dead letters: " + sink.deadLetters);
    Set<String> recordIds = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      JsonObject result = new JsonObject(sink.results.get("many-" + i));
      assertEquals("many-" + i, result.getString("id"));
      assertEquals(201, result.getInteger("status"));
      assertEquals("msg" + i + "@example.com", result.getJsonObject("body").getJsonObject("properties")
          .getString("email"));
      recordIds.add(result.getJsonObject("body").getString("id"));
    }
    assertEquals(200, recordIds.size(), "200 distinct records");
    for (int i = 0; i < 200; i++) {
      assertEquals(sink.results.get("many-" + i), stored("many-" + i), "stored for redeliveries");
    }
    assertTrue(creates() <= 4, "200 messages in " + creates() + " batch requests");
  }

  @Test
  void theRecordsOwnRejectionIsAFinalResultAndNotStored() {
    processor = processor();
    sim.crm(PORTAL).seed("contacts", Map.of("email", "taken-msg@example.com"));
    processAll(List.of(create("taken-1", "taken-msg@example.com")));

    JsonObject result = new JsonObject(sink.results.get("taken-1"));
    assertEquals(409, result.getInteger("status"));
    assertTrue(result.getJsonObject("body").getString("message").startsWith("Contact already exists"),
        result.encode());
    assertTrue(sink.deadLetters.isEmpty());
    assertNull(stored("taken-1"), "only written results answer redeliveries");
  }

  @Test
  void aWriteThatStillFailsAfterTheRetriesGoesToTheDeadLetterTopicWithHubSpotsReason() {
    processor = processor();
    sim.faults().on("POST", CREATE).errorShare(1.0, 500);
    processAll(List.of(create("failing-1", "failing@example.com")));

    assertTrue(sink.results.isEmpty(), "no result: " + sink.results);
    JsonObject dead = new JsonObject(sink.deadLetters.get("failing-1"));
    assertEquals("failing-1", dead.getString("id"));
    assertEquals(PORTAL, dead.getLong("portalId"));
    assertEquals(500, dead.getInteger("status"), dead.encode());
    assertTrue(dead.getJsonObject("reason").containsKey("message"), "HubSpot's error body: " + dead.encode());
    assertNull(stored("failing-1"));
  }

  @Test
  void aRedeliveredMessageIsAnsweredFromTheStoredResultWithoutASecondWrite() {
    processor = processor();
    String message = create("again-1", "again@example.com");
    processAll(List.of(message));
    String first = sink.results.get("again-1");
    assertEquals(201, new JsonObject(first).getInteger("status"));
    assertEquals(first, stored("again-1"));
    long ttl = redis.send(Request.cmd(Command.PTTL).arg("hubgate:writes:result:{" + PORTAL + "}:again-1"))
        .await().atMost(Duration.ofSeconds(5)).toLong();
    assertTrue(ttl > Duration.ofHours(23).toMillis() && ttl <= Duration.ofHours(24).toMillis(), "TTL " + ttl);

    // another replica (a fresh processor, the same Redis) gets the message again after a crash before the commit
    processor = processor();
    sink.results.clear();
    processAll(List.of(message));
    assertEquals(first, sink.results.get("again-1"), "the same result, re-published");
    assertEquals(1, creates(), "HubSpot saw one write");
    assertEquals(1, sim.crm(PORTAL).records("contacts").stream()
        .filter(r -> "again@example.com".equals(r.property("email"))).count());
  }

  @Test
  void twoCopiesOfOneMessageInFlightAtOnceAreWrittenOnce() {
    processor = processor();
    String message = create("twice-1", "twice@example.com");
    processAll(List.of(message, message));

    List<String> results = sink.resultList.stream().filter(r -> new JsonObject(r).getString("id").equals("twice-1"))
        .toList();
    assertEquals(2, results.size(), "each copy answered: " + results);
    assertEquals(results.get(0), results.get(1), "the second from the first's stored result");
    assertEquals(201, new JsonObject(results.get(0)).getInteger("status"));
    assertEquals(1, creates(), "HubSpot saw one write");
  }

  @Test
  void invalidMessagesGoToTheDeadLetterTopicWithTheReasonAndTheNextMessageIsProcessed() {
    processor = processor();
    List<String> invalid = List.of(
        "{not json",
        new JsonObject().put("portalId", PORTAL).put("operation", "create").put("objectType", "contacts")
            .put("input", new JsonObject()).encode(),
        new JsonObject().put("id", "bad-op").put("portalId", PORTAL).put("operation", "merge")
            .put("objectType", "contacts").put("input", new JsonObject()).encode(),
        new JsonObject().put("id", "bad-portal").put("portalId", 0).put("operation", "create")
            .put("objectType", "contacts").put("input", new JsonObject()).encode(),
        new JsonObject().put("id", "bad-input").put("portalId", PORTAL).put("operation", "update")
            .put("objectType", "contacts").put("input", new JsonObject().put("properties", new JsonObject())).encode());
    for (String message : invalid) {
      processAll(List.of(message));
    }
    processAll(List.of(create("after-invalid", "after-invalid@example.com")));

    List<String> reasons = sink.deadLetterList.stream()
        .map(json -> new JsonObject(json).getJsonObject("reason").getString("detail")).toList();
    assertEquals(5, reasons.size(), "every invalid message dead-lettered: " + sink.deadLetterList);
    assertEquals("the message is not a JSON object", reasons.get(0));
    assertEquals("\"id\" must be a non-empty string", reasons.get(1));
    assertTrue(reasons.get(2).startsWith("unknown \"operation\" \"merge\""), reasons.get(2));
    assertEquals("\"portalId\" must be a positive integer", reasons.get(3));
    assertTrue(reasons.get(4).contains("each input needs \"id\""), reasons.get(4));
    assertEquals("{not json", new JsonObject(sink.deadLetterList.get(0)).getString("message"),
        "the unreadable message travels with its reason");
    assertEquals(201, new JsonObject(sink.results.get("after-invalid")).getInteger("status"));
    assertEquals(1, creates(), "nothing of the invalid messages reached HubSpot");
  }

  @Test
  void anOutcomeIsRetriedUntilTheConnectorAcknowledgesIt() {
    processor = processor();
    sink.refuseNext(1);
    processAll(List.of(create("refused-once", "refused-once@example.com")));
    assertEquals(201, new JsonObject(sink.results.get("refused-once")).getInteger("status"));
    assertEquals(1, creates(), "a refused publish does not write again");
  }

  /** The outcome topics: what was published, by id; optionally refusing the next sends as a broker would. */
  static final class RecordingSink implements WriteOutcomeSink {
    final Map<String, String> results = new ConcurrentHashMap<>();
    final Map<String, String> deadLetters = new ConcurrentHashMap<>();
    final List<String> resultList = new CopyOnWriteArrayList<>();
    final List<String> deadLetterList = new ArrayList<>();
    private int refusals;

    synchronized void refuseNext(int count) {
      refusals = count;
    }

    private synchronized boolean refuse() {
      return refusals-- > 0;
    }

    @Override
    public Uni<Void> result(String id, String json) {
      if (refuse()) {
        return Uni.createFrom().failure(new IllegalStateException("broker unavailable"));
      }
      results.put(id, json);
      resultList.add(json);
      return Uni.createFrom().voidItem();
    }

    @Override
    public synchronized Uni<Void> deadLetter(String id, String json) {
      if (id != null) {
        deadLetters.put(id, json);
      }
      deadLetterList.add(json);
      return Uni.createFrom().voidItem();
    }
  }
}
