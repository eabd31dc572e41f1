package io.hubgate.writes.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.hubgate.hubspot.HubSpotBatchOperation;
import io.hubgate.problem.ProblemException;
import io.hubgate.ratelimit.Lane;
import io.hubgate.writes.BatchKey;
import io.hubgate.writes.SingleAnswer;
import io.vertx.core.json.JsonObject;

/** The message format, the outcome rule, the in-process result store and the in-flight bound, without I/O. */
class WriteMessageTest {

  static JsonObject message(String operation) {
    return new JsonObject().put("id", "m-1").put("portalId", 62515).put("operation", operation)
        .put("objectType", "contacts").put("input", new JsonObject().put("id", "51"));
  }

  static String reason(String payload) {
    return assertThrows(InvalidWriteMessage.class, () -> WriteMessage.parse(payload)).getMessage();
  }

  @Test
  void everyOperationBecomesABulkLaneBatchKey() {
    assertEquals(BatchKey.write(62515, "contacts", HubSpotBatchOperation.UPSERT, Lane.BULK),
        WriteMessage.parse(message("upsert").encode()).key());
    assertEquals(BatchKey.read(62515, "contacts", Lane.BULK, List.of("email"), List.of(), "email"),
        WriteMessage.parse(message("read").put("properties", List.of("email")).put("idProperty", "email").encode())
            .key());
    assertEquals(BatchKey.associate(62515, "contacts", "companies", Lane.BULK),
        WriteMessage.parse(message("associate").put("toObjectType", "companies").encode()).key());
    assertEquals(HubSpotBatchOperation.ARCHIVE, WriteMessage.parse(message("ARCHIVE").encode()).operation());
  }

  @Test
  void refusesWhatCannotBeAWriteWithTheReasonAndKeepsTheIdWhenReadable() {
    assertEquals("the message is not a JSON object", reason("[1, 2]"));
    assertEquals("\"id\" must be a non-empty string", reason(message("create").put("id", 7).encode()));
    assertEquals("\"portalId\" must be a positive integer", reason(message("create").put("portalId", 1.5).encode()));
    assertEquals("\"portalId\" must be a positive integer", reason(message("create").put("portalId", "62515").encode()));
    assertEquals("\"toObjectType\" must be a non-empty string", reason(message("associate").encode()));
    assertEquals("\"input\" must be a JSON object", reason(message("create").put("input", "x").encode()));
    assertEquals("\"properties\" must be an array of strings",
        reason(message("read").put("properties", List.of(1)).encode()));
    assertTrue(reason(message("create").put("id", "x".repeat(257)).encode()).startsWith("\"id\" is longer"));
    var invalid = assertThrows(InvalidWriteMessage.class,
        () -> WriteMessage.parse(message("merge").encode()));
    assertEquals("m-1", invalid.id());
  }

  @Test
  void finalAnswersAreResultsAndWhatStillFailsIsADeadLetter() {
    WriteMessage message = WriteMessage.parse(message("update").encode());
    WriteOutcome ok = WriteOutcome.of(message, new SingleAnswer(200, new JsonObject().put("id", "51")));
    assertFalse(ok.deadLetter());
    assertTrue(ok.store());
    assertEquals(new JsonObject().put("id", "m-1").put("portalId", 62515L).put("status", 200)
        .put("body", new JsonObject().put("id", "51")), new JsonObject(ok.json()));
    for (int status : new int[] {400, 404, 409}) {
      WriteOutcome own = WriteOutcome.of(message, new SingleAnswer(status, new JsonObject()));
      assertFalse(own.deadLetter(), "status " + status);
      assertFalse(own.store(), "status " + status);
    }
    for (int status : new int[] {401, 403, 429, 500, 502, 503}) {
      assertTrue(WriteOutcome.of(message, new SingleAnswer(status, new JsonObject())).deadLetter(), "status " + status);
    }
    WriteOutcome unknown = WriteOutcome.of(message, new ProblemException(504, "outcome-unknown", "Outcome Unknown",
        "HubSpot's answer was lost."));
    assertTrue(unknown.deadLetter());
    assertEquals("outcome-unknown", new JsonObject(unknown.json()).getJsonObject("reason").getString("type"));
    assertEquals(504, new JsonObject(unknown.json()).getInteger("status"));
  }

  @Test
  void theLocalStoreForgetsAfterTheTtlAndBeyondItsSize() {
    AtomicLong now = new AtomicLong();
    var store = new LocalWriteResultStore(2, Duration.ofSeconds(10), now::get);
    store.put(1, "a", "A").await().indefinitely();
    store.put(1, "b", "B").await().indefinitely();
    assertEquals("A", store.get(1, "a").await().indefinitely());
    assertNull(store.get(2, "a").await().indefinitely(), "per portal");
    store.put(1, "c", "C").await().indefinitely();
    assertNull(store.get(1, "a").await().indefinitely(), "the oldest left first");
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertNull(store.get(1, "b").await().indefinitely(), "expired");
  }

  @Test
  void theGateAdmitsUpToItsBoundAndPassesAFreedSlotOn() {
    var gate = new InFlightGate(2);
    assertTrue(gate.acquire().toCompletableFuture().isDone());
    assertTrue(gate.acquire().toCompletableFuture().isDone());
    var third = gate.acquire().toCompletableFuture();
    assertFalse(third.isDone());
    gate.release();
    assertTrue(third.isDone());
    assertEquals(2, gate.inFlight());
    gate.release();
    gate.release();
    assertEquals(0, gate.inFlight());
  }
}
