package io.hubgate.writes;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.hubgate.hubspot.HubSpotBatchOperation;
import io.hubgate.problem.ProblemException;
import io.hubgate.ratelimit.Lane;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A caller's own {@code batch/create}, {@code batch/update} or {@code batch/upsert} request, whose inputs ride in the
 * portal's shared batches beside other callers' (so that two services sending 30 records each spend one request, not
 * two), and the batch answer the caller gets back, assembled from its inputs' answers.
 * <p>
 * Recognised only when HubSpot would take it as one valid batch: a body of {@code {"inputs": [...]}} with 1 to 100
 * inputs of the operation's shape, and no two inputs for one record (HubSpot rejects such a batch whole; forwarded,
 * the caller gets HubSpot's own 400). Anything else is forwarded as it is.
 * <p>
 * The answer, as HubSpot's batch endpoint gives it with {@code objectWriteTraceId}s on its inputs:
 * <ul>
 *   <li>every input written: 201 (create) or 200 (update, upsert) and {@code {status, results, startedAt, completedAt}},
 *       results in no particular order, each with the caller's own {@code objectWriteTraceId} when it gave one;</li>
 *   <li>some inputs refused: 207 with {@code errors} (one per refused input, HubSpot's category, message and context,
 *       {@code context.objectWriteTraceId} the caller's) and {@code numErrors} beside the results. HubSpot answers a
 *       batch whose inputs carry no trace ids with a whole-batch 400 instead; merged with others, the valid inputs are
 *       written, so the caller is told which were and which were not;</li>
 *   <li>no input written and the same whole-batch answer for all (401, 403, 429, 5xx as HubSpot gave it, or one of
 *       the gateway's problems: queue full, shutting down, outcome unknown): that answer.</li>
 * </ul>
 */
final class CallerBatch {

  private CallerBatch() {
  }

  /** The call, or empty to forward it. */
  static Optional<CoalescibleCall> of(long portal, String type, String operation, Lane lane, String version,
      byte[] body) {
    HubSpotBatchOperation op = switch (operation) {
      case "create" -> HubSpotBatchOperation.CREATE;
      case "update" -> HubSpotBatchOperation.UPDATE;
      case "upsert" -> HubSpotBatchOperation.UPSERT;
      default -> null;
    };
    JsonObject json = op == null ? null : CoalescibleCall.json(body);
    if (json == null || json.size() != 1 || !(json.getValue("inputs") instanceof JsonArray array)
        || array.isEmpty() || array.size() > 100) {
      return Optional.empty();
    }
    BatchKey key = BatchKey.write(portal, type, op, lane, version);
    List<JsonObject> inputs = new ArrayList<>();
    Set<String> records = new HashSet<>();
    for (Object each : array) {
      if (!(each instanceof JsonObject input) || !shaped(op, type, input)) {
        return Optional.empty();
      }
      String record = PendingInput.recordKey(key, input);
      if (record != null && !records.add(record)) {
        return Optional.empty(); // HubSpot refuses duplicate ids in one batch: its own answer comes back
      }
      inputs.add(input);
    }
    return Optional.of(new CoalescibleCall(key, inputs, true));
  }

  /** Whether one input has the fields the batch endpoint takes, and nothing else. */
  private static boolean shaped(HubSpotBatchOperation op, String type, JsonObject input) {
    if (!(input.getValue("properties") instanceof JsonObject)) {
      return false;
    }
    Object trace = input.getValue("objectWriteTraceId");
    if (trace != null && !(trace instanceof String)) {
      return false;
    }
    Object id = input.getValue("id");
    boolean hasId = id instanceof String text ? !text.isEmpty() : id instanceof Number;
    Object idProperty = input.getValue("idProperty");
    if (idProperty != null && !(idProperty instanceof String name && CoalescibleCall.TYPE.matcher(name).matches())) {
      return false;
    }
    return switch (op) {
      case CREATE -> input.fieldNames().stream()
          .allMatch(f -> f.equals("properties") || f.equals("associations") || f.equals("objectWriteTraceId"))
          && (!input.containsKey("associations") || input.getValue("associations") instanceof JsonArray);
      // HubSpot's contacts batch update takes record ids only: by another property, its own 400 comes back
      case UPDATE -> hasId && fieldsAmong(input) && (idProperty == null || !CoalescibleCall.isContacts(type));
      case UPSERT -> hasId && idProperty != null && fieldsAmong(input);
      default -> false;
    };
  }

  private static boolean fieldsAmong(JsonObject input) {
    return input.fieldNames().stream().allMatch(
        f -> f.equals("id") || f.equals("idProperty") || f.equals("properties") || f.equals("objectWriteTraceId"));
  }

  /** One input's end: HubSpot's answer routed to it, or a problem. */
  record Settled(SingleAnswer answer, Throwable problem) {
  }

  /**
   * The caller's batch answer from its inputs' answers (in the order of {@code inputs}).
   *
   * @throws ProblemException (as a failed {@code Uni} by the caller) when no input got an answer from HubSpot
   */
  static SingleAnswer answer(CoalescibleCall call, List<Settled> settled, Instant startedAt, Instant completedAt) {
    JsonArray results = new JsonArray();
    JsonArray errors = new JsonArray();
    Throwable firstProblem = null;
    SingleAnswer firstWhole = null;
    boolean sameWhole = true;
    for (int i = 0; i < settled.size(); i++) {
      Settled s = settled.get(i);
      String trace = call.inputs().get(i).getString("objectWriteTraceId");
      if (s.problem() != null) {
        firstProblem = firstProblem == null ? s.problem() : firstProblem;
        sameWhole = false;
        errors.add(problemEntry(s.problem(), trace));
        continue;
      }
      SingleAnswer answer = s.answer();
      if (answer.status() >= 200 && answer.status() < 300) {
        JsonObject result = answer.body() == null ? new JsonObject() : answer.body().copy();
        if (trace != null) {
          result.put("objectWriteTraceId", trace);
        }
        results.add(result);
        continue;
      }
      if (firstWhole == null) {
        firstWhole = answer;
      } else if (firstWhole.status() != answer.status()) {
        sameWhole = false;
      }
      errors.add(errorEntry(answer, trace));
    }
    if (results.isEmpty()) {
      if (firstProblem != null && firstWhole == null && allProblemsAlike(settled)) {
        throw asRuntime(firstProblem);
      }
      if (firstWhole != null && sameWhole && wholeBatchStatus(firstWhole.status())) {
        return firstWhole;
      }
    }
    JsonObject body = new JsonObject().put("status", "COMPLETE").put("results", results);
    if (!errors.isEmpty()) {
      body.put("numErrors", errors.size()).put("errors", errors);
    }
    body.put("startedAt", startedAt.truncatedTo(ChronoUnit.MILLIS).toString())
        .put("completedAt", completedAt.truncatedTo(ChronoUnit.MILLIS).toString());
    int status = !errors.isEmpty() ? 207 : call.key().operation() == HubSpotBatchOperation.CREATE ? 201 : 200;
    return new SingleAnswer(status, body);
  }

  /** Answers HubSpot gives a batch as a whole (not one input's validation, existence or conflict error). */
  private static boolean wholeBatchStatus(int status) {
    return status != 400 && status != 404 && status != 409;
  }

  private static boolean allProblemsAlike(List<Settled> settled) {
    Throwable first = settled.get(0).problem();
    return settled.stream().allMatch(s -> s.problem() != null && slug(s.problem()).equals(slug(first)));
  }

  private static String slug(Throwable problem) {
    return problem instanceof ProblemException p ? p.slug() : problem.getClass().getName();
  }

  private static RuntimeException asRuntime(Throwable problem) {
    return problem instanceof RuntimeException runtime ? runtime : new IllegalStateException(problem);
  }

  /** HubSpot's single-endpoint error as a batch error entry: no correlation id, the caller's own trace id. */
  private static JsonObject errorEntry(SingleAnswer answer, String trace) {
    JsonObject entry = answer.body() == null ? new JsonObject().put("message", "HTTP " + answer.status())
        : answer.body().copy();
    entry.remove("correlationId");
    entry.put("status", "error");
    if (!entry.containsKey("category")) {
      entry.put("category", "HTTP_" + answer.status());
    }
    return traced(entry, trace);
  }

  /** The gateway's problem for one input (outcome unknown, batch rejected, ...) as a batch error entry. */
  private static JsonObject problemEntry(Throwable problem, String trace) {
    JsonObject entry = new JsonObject().put("status", "error");
    if (problem instanceof ProblemException p) {
      entry.put("category", p.slug().toUpperCase(Locale.ROOT).replace('-', '_'))
          .put("subCategory", "hubgate." + p.slug())
          .put("message", p.getMessage());
    } else {
      entry.put("category", "GATEWAY_ERROR").put("message", "The gateway could not settle this input.");
    }
    return traced(entry, trace);
  }

  private static JsonObject traced(JsonObject entry, String trace) {
    if (trace != null) {
      JsonObject context = entry.getJsonObject("context");
      if (context == null) {
        context = new JsonObject();
        entry.put("context", context);
      }
      context.put("objectWriteTraceId", new JsonArray().add(trace));
    }
    return entry;
  }
}
