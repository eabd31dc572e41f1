package io.hubgate.writes.messaging;

import io.hubgate.problem.ProblemException;
import io.hubgate.writes.SingleAnswer;
import io.vertx.core.json.JsonObject;

/**
 * Where one message's outcome goes. Final outcomes go to the results topic: 2xx, and a 4xx that is HubSpot's verdict
 * on the record itself (400, 404, 409, ...). Whatever still fails after the client's retries goes to the dead-letter
 * topic with the reason: 401/403 (the portal's credentials), 408/429, 5xx, the gateway's own problems (502
 * {@code incomplete-batch-answer}/{@code batch-rejected}, 503, 504 {@code outcome-unknown}, 429
 * {@code write-queue-full}) and inputs the gateway refuses (400 {@code invalid-input}). Only 2xx results are stored
 * for redeliveries.
 */
record WriteOutcome(boolean deadLetter, boolean store, String json) {

  static WriteOutcome of(WriteMessage message, SingleAnswer answer) {
    int status = answer.status();
    boolean success = status >= 200 && status < 300;
    boolean recordsOwnVerdict = status >= 400 && status < 500 && status != 401 && status != 403 && status != 408
        && status != 429;
    if (success || recordsOwnVerdict) {
      return new WriteOutcome(false, success, result(message, status, answer.body()).encode());
    }
    return new WriteOutcome(true, false, deadLetter(message.id(), message.portalId(), status,
        answer.body() == null ? new JsonObject() : answer.body(), null).encode());
  }

  static WriteOutcome of(WriteMessage message, Throwable failure) {
    JsonObject reason = failure instanceof ProblemException problem
        ? new JsonObject().put("type", problem.slug()).put("title", problem.title()).put("detail", problem.getMessage())
        : new JsonObject().put("type", "internal-error").put("detail", "The gateway failed to process the message.");
    int status = failure instanceof ProblemException problem ? problem.status() : 500;
    return new WriteOutcome(true, false, deadLetter(message.id(), message.portalId(), status, reason, null).encode());
  }

  static WriteOutcome invalid(String id, String payload, String reason) {
    return new WriteOutcome(true, false, deadLetter(id, null, null,
        new JsonObject().put("type", "invalid-message").put("detail", reason), payload).encode());
  }

  static JsonObject result(WriteMessage message, int status, JsonObject body) {
    return new JsonObject().put("id", message.id()).put("portalId", message.portalId()).put("status", status)
        .put("body", body);
  }

  private static JsonObject deadLetter(String id, Long portalId, Integer status, JsonObject reason, String message) {
    JsonObject json = new JsonObject();
    if (id != null) {
      json.put("id", id);
    }
    if (portalId != null) {
      json.put("portalId", portalId);
    }
    if (status != null) {
      json.put("status", status);
    }
    json.put("reason", reason);
    if (message != null) {
      json.put("message", message);
    }
    return json;
  }
}
