package io.hubgate.writes;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.hubgate.hubspot.HubSpotBatchOperation;
import io.hubgate.problem.ProblemException;
import io.hubgate.tracing.Spans;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.json.JsonObject;

/**
 * One caller's input waiting for, or riding in, a batch. Writes carry a gateway-generated {@code objectWriteTraceId}
 * (HubSpot echoes it in results and in errors' context), which is how the answer finds its caller.
 */
final class PendingInput {

  /** QUEUED, then BATCHED (taken into a batch that waits for its permit), SENT (written to HubSpot); or CANCELLED. */
  enum State { QUEUED, BATCHED, SENT, CANCELLED }

  final BatchKey key;
  /** The input as sent to HubSpot. */
  final JsonObject input;
  /** Writes: the gateway's {@code objectWriteTraceId}; otherwise null. */
  final String traceId;
  /** The record id (or {@code idProperty} value) the input names; for an association the {@code from} id. */
  final String id;
  /** Associations: the {@code to} id. */
  final String toId;
  /** Identifies the record for the conflict rule (no two inputs for one record in flight at once), or null. */
  final String recordKey;
  final long enqueuedNanos;
  final CompletableFuture<SingleAnswer> result = new CompletableFuture<>();
  /** Guarded by the portal coalescer's lock. */
  State state = State.QUEUED;
  /** Attempts written whose effect is unknown (not answered 429/477); SENT while above 0. Guarded by the same lock. */
  int writes;
  /**
   * The caller's span ({@link BatchTracing#caller}), started when the input is queued, as a child of the caller's
   * context then, and ended with its answer; set before the input is queued.
   */
  Span span = Span.getInvalid();

  private PendingInput(BatchKey key, JsonObject input, String traceId, String id, String toId, String recordKey,
      long enqueuedNanos) {
    this.key = key;
    this.input = input;
    this.traceId = traceId;
    this.id = id;
    this.toId = toId;
    this.recordKey = recordKey;
    this.enqueuedNanos = enqueuedNanos;
  }

  /**
   * The input as HubSpot's batch endpoint takes it (create {@code {properties, associations}}; update and upsert
   * {@code {id, idProperty, properties}}; read and archive {@code {id}}; association {@code {from:{id}, to:{id}}}).
   *
   * @throws ProblemException 400 when a required field is missing
   */
  static PendingInput of(BatchKey key, JsonObject callerInput, long nowNanos) {
    JsonObject input = callerInput.copy();
    HubSpotBatchOperation op = key.operation();
    String trace = null;
    if (key.isWrite()) {
      trace = UUID.randomUUID().toString();
      input.put("objectWriteTraceId", trace);
    }
    String id = null;
    String toId = null;
    if (op == HubSpotBatchOperation.ASSOCIATE_DEFAULT) {
      id = nestedId(input, "from", key);
      toId = nestedId(input, "to", key);
    } else if (op != HubSpotBatchOperation.CREATE) {
      id = required(input, "id", key);
    }
    String recordKey = recordKey(key, input);
    return new PendingInput(key, input, trace, id, toId, recordKey, nowNanos);
  }

  /**
   * The record {@code input} writes, so that one batch never carries it twice (null: nothing to keep apart, a create
   * without an email or a read): the same key {@link #of} gives, without copying the input.
   *
   * @throws ProblemException 400 when a required field is missing
   */
  static String recordKey(BatchKey key, JsonObject input) {
    HubSpotBatchOperation op = key.operation();
    return switch (op) {
      case CREATE -> {
        String email = "contacts".equals(key.objectType()) || "0-1".equals(key.objectType())
            ? property(input, "email") : null;
        yield email == null || email.isEmpty() ? null : "email\u0000" + email.toLowerCase(Locale.ROOT);
      }
      case READ -> {
        required(input, "id", key);
        yield null;
      }
      case UPDATE, UPSERT, ARCHIVE -> {
        String id = required(input, "id", key);
        String idProperty = input.getString("idProperty");
        String by = idProperty == null ? "hs_object_id" : idProperty;
        yield by + "\u0000" + ("email".equals(by) ? id.toLowerCase(Locale.ROOT) : id);
      }
      case ASSOCIATE_DEFAULT -> "association\u0000" + nestedId(input, "from", key) + "\u0000"
          + nestedId(input, "to", key);
    };
  }

  private static String property(JsonObject input, String name) {
    JsonObject properties = input.getJsonObject("properties");
    Object value = properties == null ? null : properties.getValue(name);
    return value == null ? null : String.valueOf(value);
  }

  private static String required(JsonObject input, String field, BatchKey key) {
    Object value = input.getValue(field);
    if (value == null || String.valueOf(value).isEmpty()) {
      throw invalid(key, "each input needs \"" + field + "\"");
    }
    return String.valueOf(value);
  }

  private static String nestedId(JsonObject input, String side, BatchKey key) {
    Object nested = input.getValue(side);
    if (!(nested instanceof JsonObject object) || object.getValue("id") == null) {
      throw invalid(key, "each input needs \"" + side + "\": {\"id\": ...}");
    }
    return String.valueOf(object.getValue("id"));
  }

  private static ProblemException invalid(BatchKey key, String why) {
    return new ProblemException(400, "invalid-input", "Invalid Input",
        "A " + key.operation().label() + " of " + key.objectType() + ": " + why + ".");
  }

  void answer(SingleAnswer answer) {
    if (span.isRecording()) {
      span.setAttribute(BatchTracing.RESULT_STATUS, (long) answer.status());
    }
    span.end();
    result.complete(answer);
  }

  void fail(Throwable problem) {
    if (span.isRecording()) {
      Spans.failed(span, problem);
    }
    span.end();
    result.completeExceptionally(problem);
  }

  /** The caller went away before its input left: the input is dropped, and so is its span. */
  void cancelled() {
    if (span.isRecording()) {
      span.setAttribute(Spans.ERROR_TYPE, "cancelled");
    }
    span.end();
  }
}
