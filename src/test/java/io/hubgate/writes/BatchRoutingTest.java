package io.hubgate.writes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.hubgate.hubspot.HubSpotBatchOperation;
import io.hubgate.hubspot.HubSpotResponse;
import io.hubgate.problem.ProblemException;
import io.hubgate.ratelimit.Lane;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;

/** Splitting HubSpot's batch answers into single-endpoint answers, by trace id or id, never by position. */
class BatchRoutingTest {

  static final BatchKey CREATE = BatchKey.write(1, "contacts", HubSpotBatchOperation.CREATE, Lane.INTERACTIVE);
  static final BatchKey UPDATE = BatchKey.write(1, "contacts", HubSpotBatchOperation.UPDATE, Lane.INTERACTIVE);
  static final BatchKey READ = BatchKey.read(1, "contacts", Lane.INTERACTIVE, List.of("email"), null, null);

  static PendingInput create(String email) {
    return PendingInput.of(CREATE, new JsonObject().put("properties", new JsonObject().put("email", email)), 0);
  }

  static PendingInput byId(BatchKey key, String id) {
    return PendingInput.of(key, new JsonObject().put("id", id).put("properties", new JsonObject()), 0);
  }

  static HubSpotResponse answer(int status, JsonObject body) {
    return new HubSpotResponse(status, List.of(), Buffer.buffer(body.encode()));
  }

  static JsonObject created(PendingInput p, String id) {
    return new JsonObject().put("id", id).put("objectWriteTraceId", p.traceId)
        .put("properties", p.input.getJsonObject("properties"));
  }

  @Test
  void routesA207ByTraceIdWhateverTheOrder() {
    PendingInput a = create("a@example.com");
    PendingInput b = create("b@example.com");
    PendingInput c = create("c@example.com");
    JsonObject error = new JsonObject().put("status", "error").put("category", "VALIDATION_ERROR")
        .put("message", "Property values were not valid")
        .put("context", new JsonObject().put("objectWriteTraceId", new JsonArray().add(b.traceId)));
    JsonObject body = new JsonObject().put("status", "COMPLETE")
        .put("results", new JsonArray().add(created(c, "3")).add(created(a, "1")))
        .put("numErrors", 1).put("errors", new JsonArray().add(error));

    var routed = BatchRouting.route(CREATE, List.of(a, b, c), answer(207, body));

    SingleAnswer forA = (SingleAnswer) routed.answers().get(a);
    assertEquals(201, forA.status());
    assertEquals("1", forA.body().getString("id"));
    assertNull(forA.body().getString("objectWriteTraceId"), "the gateway's trace id is not the caller's");
    assertEquals("3", ((SingleAnswer) routed.answers().get(c)).body().getString("id"));
    SingleAnswer forB = (SingleAnswer) routed.answers().get(b);
    assertEquals(400, forB.status());
    assertEquals("VALIDATION_ERROR", forB.body().getString("category"));
    assertNotNull(forB.body().getString("correlationId"), "a single endpoint's error has a correlation id");
    assertNull(forB.body().getJsonObject("context"));
  }

  @Test
  void readIdsInTheErrorAre404WithOnlyTheirOwnId() {
    PendingInput found = byId(READ, "10");
    PendingInput gone = byId(READ, "99");
    PendingInput alsoGone = byId(READ, "98");
    JsonObject error = new JsonObject().put("status", "error").put("category", "OBJECT_NOT_FOUND")
        .put("message", "Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.")
        .put("context", new JsonObject().put("ids", new JsonArray().add("99").add("98")));
    JsonObject body = new JsonObject().put("status", "COMPLETE")
        .put("results", new JsonArray().add(new JsonObject().put("id", "10").put("properties", new JsonObject())))
        .put("errors", new JsonArray().add(error));

    var routed = BatchRouting.route(READ, List.of(found, gone, alsoGone), answer(207, body));

    assertEquals(200, ((SingleAnswer) routed.answers().get(found)).status());
    SingleAnswer forGone = (SingleAnswer) routed.answers().get(gone);
    assertEquals(404, forGone.status());
    assertEquals(new JsonArray().add("99"), forGone.body().getJsonObject("context").getJsonArray("ids"));
  }

  @Test
  void aReadHubSpotLeftOutIs404AndAnArchiveIs204() {
    PendingInput omitted = byId(READ, "7");
    var routed = BatchRouting.route(READ, List.of(omitted),
        answer(200, new JsonObject().put("status", "COMPLETE").put("results", new JsonArray())));
    assertEquals(404, ((SingleAnswer) routed.answers().get(omitted)).status());

    BatchKey archive = BatchKey.write(1, "deals", HubSpotBatchOperation.ARCHIVE, Lane.INTERACTIVE);
    PendingInput archived = PendingInput.of(archive, new JsonObject().put("id", "5"), 0);
    var none = BatchRouting.route(archive, List.of(archived), new HubSpotResponse(204, List.of(), Buffer.buffer()));
    assertEquals(204, ((SingleAnswer) none.answers().get(archived)).status());
  }

  @Test
  void aCreateHubSpotLeftOutIsAProblemNotASuccess() {
    PendingInput lost = create("lost@example.com");
    var routed = BatchRouting.route(CREATE, List.of(lost),
        answer(201, new JsonObject().put("status", "COMPLETE").put("results", new JsonArray())));
    assertEquals(502, assertInstanceOf(ProblemException.class, routed.answers().get(lost)).status());
  }

  @Test
  void aWholeBatch400OfWritesWaitsForIsolationButAReadsGoesToEveryone() {
    JsonObject error = new JsonObject().put("status", "error").put("category", "VALIDATION_ERROR").put("message", "no");
    var writes = BatchRouting.route(UPDATE, List.of(byId(UPDATE, "1"), byId(UPDATE, "2")), answer(400, error));
    assertNotNull(writes.rejected());
    assertEquals(0, writes.answers().size());

    PendingInput r1 = byId(READ, "1");
    var reads = BatchRouting.route(READ, List.of(r1, byId(READ, "2")), answer(400, error));
    assertNull(reads.rejected());
    assertEquals(400, ((SingleAnswer) reads.answers().get(r1)).status());
  }

  @Test
  void pointsAtInputsByHubSpotsDuplicateIdsMessage() {
    PendingInput one = byId(UPDATE, "12877907025");
    PendingInput other = byId(UPDATE, "5");
    JsonObject error = new JsonObject().put("status", "error").put("category", "VALIDATION_ERROR")
        .put("message", "Duplicate IDs found in batch input: [12877907025]. IDs must be unique");
    assertEquals(List.of(one), BatchRouting.pointedAt(error, List.of(one, other)));
  }

  @Test
  void setsATraceIdOnWritesOnly() {
    assertNotNull(create("x@example.com").input.getString("objectWriteTraceId"));
    assertFalse(byId(READ, "1").input.containsKey("objectWriteTraceId"));
  }
}
