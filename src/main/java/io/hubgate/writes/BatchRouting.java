package io.hubgate.writes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.hubgate.hubspot.HubSpotBatchOperation;
import io.hubgate.hubspot.HubSpotResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Splits one HubSpot batch answer into each caller's single-endpoint answer. The contract (docs/coalescing.md):
 * <ul>
 *   <li>Results are matched by {@code objectWriteTraceId} (create, update, upsert), by id or {@code idProperty} value
 *       (read), by the (from, to) pair (associations); never by position: HubSpot does not keep input order.</li>
 *   <li>Errors are matched through their {@code context}: {@code objectWriteTraceId}, else {@code ids}. A matched
 *       caller gets HubSpot's error narrowed to its own input (its status from the category: 404, 409, else 400).</li>
 *   <li>Missing keys: a read or update neither in results nor errors is 404; an archive is 204 (HubSpot's batch
 *       archive answers 204 for all); any other write is a 502 problem, its outcome unknown.</li>
 *   <li>A whole-batch 400/409 of an input-specific write (create, update, upsert) with more than one input is not
 *       anyone's answer yet: {@link Routed#rejected()} holds it for isolation. Any other non-2xx (401, 403, 429,
 *       5xx, a read's 400) is every caller's answer as HubSpot gave it.</li>
 * </ul>
 */
final class BatchRouting {

  private BatchRouting() {
  }

  /** Answers per caller, or the rejection that still needs isolating (then answers is empty). */
  record Routed(Map<PendingInput, Object> answers, HubSpotResponse rejected) {

    static Routed rejection(HubSpotResponse response) {
      return new Routed(Map.of(), response);
    }
  }

  /** The body HubSpot's batch endpoint takes for these inputs. */
  static JsonObject body(BatchKey key, List<PendingInput> batch) {
    JsonArray inputs = new JsonArray();
    batch.forEach(p -> inputs.add(p.input));
    JsonObject body = new JsonObject().put("inputs", inputs);
    if (key.operation() == HubSpotBatchOperation.READ) {
      List<String> properties = new ArrayList<>(key.properties());
      if (key.idProperty() != null && !properties.contains(key.idProperty())) {
        properties.add(key.idProperty()); // to find each result's caller; removed again from the answers
      }
      body.put("properties", new JsonArray(properties));
      if (!key.propertiesWithHistory().isEmpty()) {
        body.put("propertiesWithHistory", new JsonArray(key.propertiesWithHistory()));
      }
      if (key.idProperty() != null) {
        body.put("idProperty", key.idProperty());
      }
    }
    return body;
  }

  /** Whether a whole-batch 400/409 may be caused by one input (so isolating it can help the others). */
  static boolean inputSpecific(BatchKey key) {
    return key.isWrite();
  }

  /**
   * Each caller's answer: a {@link SingleAnswer} or a {@link Throwable} (a problem). {@code batch} is what was sent.
   */
  static Routed route(BatchKey key, List<PendingInput> batch, HubSpotResponse response) {
    int status = response.status();
    JsonObject body = json(response);
    Map<PendingInput, Object> answers = new LinkedHashMap<>();
    if (status == 204) {
      batch.forEach(p -> answers.put(p, SingleAnswer.noContent()));
      return new Routed(answers, null);
    }
    if (status < 200 || status >= 300) {
      if ((status == 400 || status == 409) && batch.size() > 1 && inputSpecific(key)) {
        return Routed.rejection(response);
      }
      for (PendingInput p : batch) {
        answers.put(p, new SingleAnswer(status, body == null ? null : forCaller(body, p, batch)));
      }
      return new Routed(answers, null);
    }
    JsonArray results = body == null ? new JsonArray() : body.getJsonArray("results", new JsonArray());
    switch (key.operation()) {
      case ASSOCIATE_DEFAULT -> routeAssociations(body, batch, results, answers);
      case READ -> routeReads(key, batch, results, answers);
      default -> routeWrites(key, batch, results, answers);
    }
    JsonArray errors = body == null ? new JsonArray() : body.getJsonArray("errors", new JsonArray());
    for (Object each : errors) {
      if (each instanceof JsonObject error) {
        for (PendingInput p : pointedAt(error, batch)) {
          answers.putIfAbsent(p, new SingleAnswer(statusOf(error), forCaller(error, p, batch)));
        }
      }
    }
    for (PendingInput p : batch) {
      if (!answers.containsKey(p)) {
        answers.put(p, missing(key, p));
      }
    }
    return new Routed(answers, null);
  }

  private static void routeWrites(BatchKey key, List<PendingInput> batch, JsonArray results,
      Map<PendingInput, Object> answers) {
    Map<String, PendingInput> byTrace = new HashMap<>();
    batch.forEach(p -> byTrace.put(p.traceId, p));
    int status = key.operation() == HubSpotBatchOperation.CREATE ? 201 : 200;
    for (Object each : results) {
      if (each instanceof JsonObject result) {
        PendingInput p = byTrace.get(result.getString("objectWriteTraceId"));
        if (p != null) {
          JsonObject object = result.copy();
          object.remove("objectWriteTraceId"); // the gateway's, not the caller's
          answers.put(p, new SingleAnswer(status, object));
        }
      }
    }
  }

  private static void routeReads(BatchKey key, List<PendingInput> batch, JsonArray results,
      Map<PendingInput, Object> answers) {
    String idProperty = key.idProperty();
    boolean byProperty = idProperty != null && !"hs_object_id".equals(idProperty);
    boolean email = "email".equals(idProperty);
    Map<String, JsonObject> found = new HashMap<>();
    for (Object each : results) {
      if (each instanceof JsonObject result) {
        String id = byProperty ? result.getJsonObject("properties", new JsonObject()).getString(idProperty)
            : result.getString("id");
        if (id != null) {
          found.put(email ? id.toLowerCase(Locale.ROOT) : id, result);
        }
      }
    }
    for (PendingInput p : batch) {
      JsonObject result = found.get(email ? p.id.toLowerCase(Locale.ROOT) : p.id);
      if (result != null) {
        JsonObject object = result.copy();
        if (byProperty && !key.properties().contains(idProperty)) {
          object.getJsonObject("properties", new JsonObject()).remove(idProperty);
        }
        answers.put(p, new SingleAnswer(200, object));
      }
    }
  }

  /** HubSpot's default association answers both directions; the single PUT gets the same envelope for its pair. */
  private static void routeAssociations(JsonObject body, List<PendingInput> batch, JsonArray results,
      Map<PendingInput, Object> answers) {
    for (PendingInput p : batch) {
      JsonArray mine = new JsonArray();
      for (Object each : results) {
        if (each instanceof JsonObject result) {
          String from = idOf(result, "from");
          String to = idOf(result, "to");
          if ((p.id.equals(from) && p.toId.equals(to)) || (p.id.equals(to) && p.toId.equals(from))) {
            mine.add(result.copy());
          }
        }
      }
      if (!mine.isEmpty()) {
        JsonObject envelope = new JsonObject().put("status", body.getString("status", "COMPLETE")).put("results", mine);
        copy(body, envelope, "startedAt");
        copy(body, envelope, "completedAt");
        answers.put(p, new SingleAnswer(200, envelope));
      }
    }
  }

  /** The inputs an error's context points at: by {@code objectWriteTraceId}, else by id (or email for a create). */
  static List<PendingInput> pointedAt(JsonObject error, List<PendingInput> batch) {
    JsonObject context = error.getJsonObject("context", new JsonObject());
    Set<String> traces = strings(context.getJsonArray("objectWriteTraceId"));
    List<PendingInput> pointed = new ArrayList<>();
    if (!traces.isEmpty()) {
      batch.stream().filter(p -> traces.contains(p.traceId)).forEach(pointed::add);
      return pointed;
    }
    Set<String> ids = new LinkedHashSet<>(strings(context.getJsonArray("ids")));
    ids.addAll(strings(context.getJsonArray("emails")));
    ids.addAll(duplicateIdsInMessage(error.getString("message")));
    Set<String> lower = new LinkedHashSet<>();
    ids.forEach(id -> lower.add(id.toLowerCase(Locale.ROOT)));
    for (PendingInput p : batch) {
      for (String own : ownIds(p)) {
        if (ids.contains(own) || lower.contains(own.toLowerCase(Locale.ROOT))) {
          pointed.add(p);
          break;
        }
      }
    }
    return pointed;
  }

  /** HubSpot's "Duplicate IDs found in batch input: [a, b]. IDs must be unique", when the context is missing. */
  private static List<String> duplicateIdsInMessage(String message) {
    String marker = "Duplicate IDs found in batch input: [";
    if (message == null || !message.contains(marker)) {
      return List.of();
    }
    int start = message.indexOf(marker) + marker.length();
    int end = message.indexOf(']', start);
    if (end < 0) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    for (String id : message.substring(start, end).split(",")) {
      if (!id.isBlank()) {
        ids.add(id.trim());
      }
    }
    return ids;
  }

  private static List<String> ownIds(PendingInput p) {
    List<String> own = new ArrayList<>();
    if (p.id != null) {
      own.add(p.id);
    }
    if (p.toId != null) {
      own.add(p.toId);
    }
    if (p.recordKey != null && p.recordKey.startsWith("email\u0000")) {
      own.add(p.recordKey.substring("email\u0000".length()));
    }
    return own;
  }

  private static Object missing(BatchKey key, PendingInput p) {
    return switch (key.operation()) {
      case READ, UPDATE -> new SingleAnswer(404, notFound(p.id));
      case ARCHIVE -> SingleAnswer.noContent();
      default -> CoalescingProblems.notInAnswer(key.portalId());
    };
  }

  static int statusOf(JsonObject error) {
    String category = error.getString("category", "");
    return switch (category) {
      case "OBJECT_NOT_FOUND" -> 404;
      case "CONFLICT" -> 409;
      case "RATE_LIMITS", "RATE_LIMIT" -> 429;
      default -> 400;
    };
  }

  /**
   * HubSpot's error as its single endpoint writes it ({@code status}, {@code message}, {@code correlationId},
   * {@code category}, {@code errors}, {@code context}), narrowed to this caller: the gateway's trace id removed, and
   * {@code context.ids} and a message listing other callers' ids reduced to its own.
   */
  static JsonObject forCaller(JsonObject error, PendingInput p, List<PendingInput> batch) {
    JsonObject single = error.copy();
    single.put("status", "error");
    if (single.getString("correlationId") == null) {
      single.put("correlationId", UUID.randomUUID().toString());
    }
    JsonObject context = single.getJsonObject("context");
    if (context != null) {
      context.remove("objectWriteTraceId");
      JsonArray ids = context.getJsonArray("ids");
      if (ids != null) {
        Set<String> own = new LinkedHashSet<>(ownIds(p));
        List<String> others = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Object id : ids) {
          String text = String.valueOf(id);
          if (own.contains(text) || own.stream().anyMatch(o -> o.equalsIgnoreCase(text))) {
            kept.add(text);
          } else {
            others.add(text);
          }
        }
        context.put("ids", new JsonArray(kept));
        String message = single.getString("message");
        if (message != null && !others.isEmpty()) {
          String all = String.join(", ", strings(ids));
          String narrowed = message.replace("[" + all + "]", "[" + String.join(", ", kept) + "]");
          if (others.stream().anyMatch(narrowed::contains)) {
            narrowed = statusOf(error) == 404 ? "Object not found: " + kept : "Invalid input: " + kept;
          }
          single.put("message", narrowed);
        }
      }
      if (context.isEmpty()) {
        single.remove("context");
      }
    }
    return single;
  }

  static JsonObject notFound(String id) {
    return new JsonObject()
        .put("status", "error")
        .put("message", "Object not found. objectId are usually numeric.")
        .put("correlationId", UUID.randomUUID().toString())
        .put("context", new JsonObject().put("id", new JsonArray().add(id)))
        .put("category", "OBJECT_NOT_FOUND");
  }

  private static String idOf(JsonObject result, String side) {
    Object nested = result.getValue(side);
    return nested instanceof JsonObject object && object.getValue("id") != null
        ? String.valueOf(object.getValue("id")) : null;
  }

  private static void copy(JsonObject from, JsonObject to, String field) {
    if (from.getValue(field) != null) {
      to.put(field, from.getValue(field));
    }
  }

  private static Set<String> strings(JsonArray array) {
    Set<String> values = new LinkedHashSet<>();
    if (array != null) {
      array.forEach(v -> values.add(String.valueOf(v)));
    }
    return values;
  }

  static JsonObject json(HubSpotResponse response) {
    if (response.body() == null || response.body().length() == 0) {
      return null;
    }
    try {
      return new JsonObject(response.body().getDelegate());
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
