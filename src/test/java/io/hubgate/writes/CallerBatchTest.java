package io.hubgate.writes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.hubgate.hubspot.HubSpotBatchOperation;
import io.hubgate.problem.ProblemException;
import io.hubgate.ratelimit.Lane;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A caller's batch answer, assembled from its inputs' own answers. */
class CallerBatchTest {

  static final Instant START = Instant.parse("2026-12-06T10:00:00.123456Z");
  static final Instant END = Instant.parse("2026-12-06T10:00:00.456Z");

  private static CoalescibleCall creates(String... traces) {
    List<JsonObject> inputs = new java.util.ArrayList<>();
    for (String trace : traces) {
      JsonObject input = new JsonObject().put("properties", new JsonObject());
      inputs.add(trace == null ? input : input.put("objectWriteTraceId", trace));
    }
    return new CoalescibleCall(BatchKey.write(1, "contacts", HubSpotBatchOperation.CREATE, Lane.INTERACTIVE), inputs,
        true);
  }

  private static CallerBatch.Settled ok(String id) {
    return new CallerBatch.Settled(new SingleAnswer(201, new JsonObject().put("id", id)), null);
  }

  private static CallerBatch.Settled error(int status, String category) {
    return new CallerBatch.Settled(new SingleAnswer(status, new JsonObject().put("status", "error")
        .put("category", category).put("message", category + " message").put("correlationId", "c-1")), null);
  }

  private static CallerBatch.Settled problem(ProblemException p) {
    return new CallerBatch.Settled(null, p);
  }

  @Test
  void everyInputWrittenIsTheEndpointsSuccessWithTheCallersOwnTraceIds() {
    SingleAnswer answer = CallerBatch.answer(creates("mine-1", null), List.of(ok("1"), ok("2")), START, END);
    assertEquals(201, answer.status());
    JsonArray results = answer.body().getJsonArray("results");
    assertEquals("mine-1", results.getJsonObject(0).getString("objectWriteTraceId"));
    assertNull(results.getJsonObject(1).getString("objectWriteTraceId"), "no trace id the caller did not give");
    assertEquals("COMPLETE", answer.body().getString("status"));
    assertEquals("2026-12-06T10:00:00.123Z", answer.body().getString("startedAt"));
    assertFalse(answer.body().containsKey("errors"));
  }

  @Test
  void refusedInputsAreErrorsOfAMultiStatusBesideTheWrittenOnes() {
    SingleAnswer answer = CallerBatch.answer(creates("a", "b", "c"), List.of(ok("1"), error(409, "CONFLICT"),
        problem(CoalescingProblems.noAnswerInTime(1, java.time.Duration.ofSeconds(30)))), START, END);
    assertEquals(207, answer.status());
    assertEquals(2, answer.body().getInteger("numErrors"));
    JsonObject conflict = answer.body().getJsonArray("errors").getJsonObject(0);
    assertEquals("CONFLICT", conflict.getString("category"));
    assertEquals(new JsonArray().add("b"), conflict.getJsonObject("context").getJsonArray("objectWriteTraceId"));
    assertNull(conflict.getString("correlationId"), "a batch error entry carries no correlation id");
    JsonObject unknown = answer.body().getJsonArray("errors").getJsonObject(1);
    assertEquals("OUTCOME_UNKNOWN", unknown.getString("category"));
    assertEquals("hubgate.outcome-unknown", unknown.getString("subCategory"));
    assertEquals(new JsonArray().add("c"), unknown.getJsonObject("context").getJsonArray("objectWriteTraceId"));
  }

  @Test
  void theSameProblemForEveryInputIsTheCallersProblem() {
    ProblemException stopping = CoalescingProblems.shuttingDown(1);
    ProblemException thrown = assertThrows(ProblemException.class, () -> CallerBatch.answer(creates(null, null),
        List.of(problem(stopping), problem(CoalescingProblems.shuttingDown(1))), START, END));
    assertSame(stopping, thrown);
  }

  @Test
  void aWholeBatchAnswerForEveryInputIsPassedOnAndInputErrorsStayAMultiStatus() {
    CallerBatch.Settled limited = error(429, "RATE_LIMITS");
    assertSame(limited.answer(), CallerBatch.answer(creates(null, null), List.of(limited, error(429, "RATE_LIMITS")),
        START, END));
    SingleAnswer conflicts = CallerBatch.answer(creates(null, null),
        List.of(error(409, "CONFLICT"), error(409, "CONFLICT")), START, END);
    assertEquals(207, conflicts.status());
    assertEquals(0, conflicts.body().getJsonArray("results").size());
    assertEquals(2, conflicts.body().getInteger("numErrors"));
  }
}
