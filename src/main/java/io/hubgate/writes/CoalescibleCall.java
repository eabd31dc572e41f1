package io.hubgate.writes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.hubgate.hubspot.HubSpotBatchOperation;
import io.hubgate.hubspot.RequestTarget;
import io.hubgate.problem.ProblemException;
import io.hubgate.ratelimit.Lane;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A single-record call that a HubSpot batch can carry, recognised on the parsed {@link RequestTarget} (the same one
 * that access was decided on), with its batch key and its batch input:
 * <ul>
 *   <li>{@code POST /crm/v3/objects/{type}} (create, inline {@code associations} kept) → {@code batch/create};</li>
 *   <li>{@code PATCH /crm/v3/objects/{type}/{id}[?idProperty=]} → {@code batch/update} (for contacts by record id only:
 *       HubSpot's contacts batch update does not take {@code idProperty}, the single PATCH does);</li>
 *   <li>{@code GET /crm/v3/objects/{type}/{id}} with only {@code properties}, {@code propertiesWithHistory},
 *       {@code idProperty} or {@code archived=false} → {@code batch/read}, grouped by the first three;</li>
 *   <li>{@code DELETE /crm/v3/objects/{type}/{id}} → {@code batch/archive};</li>
 *   <li>{@code PUT /crm/v4/objects/{from}/{fromId}/associations/default/{to}/{toId}} →
 *       {@code POST /crm/v4/associations/{from}/{to}/batch/associate/default};</li>
 *   <li>{@code POST /crm/v3/objects/{type}/batch/create|update|upsert} of different callers → merged into shared
 *       batches, each caller answered with its own batch answer ({@link CallerBatch});</li>
 *   <li>the same under the date-versioned {@code /crm/objects/{version}/...} paths, sent to that version's batch
 *       endpoints.</li>
 * </ul>
 * Anything else is forwarded as it is: other paths and methods, a query parameter the batch cannot express
 * ({@code associations}, {@code archived=true}, ...), an object type or id that is not plain (types
 * {@code [A-Za-z0-9_-]}, e.g. {@code contacts}, {@code 2-123}, {@code p_cars}; record ids numeric unless
 * {@code idProperty} names what they are), a body whose shape the batch input cannot take (so that HubSpot's own
 * answer comes back). A body that is not JSON is a 400 problem here: HubSpot would refuse it too, and sending it would
 * spend the portal's budget for that.
 */
record CoalescibleCall(BatchKey key, List<JsonObject> inputs, boolean callerBatch) {

  CoalescibleCall(BatchKey key, JsonObject input) {
    this(key, List.of(input), false);
  }

  /** A single-record call's one input. */
  JsonObject input() {
    return inputs.get(0);
  }

  static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_-]{1,100}");
  private static final Pattern RECORD_ID = Pattern.compile("[0-9]{1,30}");
  private static final Pattern VERSION = Pattern.compile("20[0-9]{2}-[0-9]{2}(-beta)?");

  /** The call's shape, or empty to forward it. */
  static Optional<CoalescibleCall> of(String method, RequestTarget target, Lane lane, byte[] body) {
    String[] s = target.path().substring(1).split("/", -1);
    // legacy: crm/v3/objects/{type}..., crm/v4/objects/{from}/...; date-versioned: crm/objects/{version}/{type}...
    if (s.length < 4 || !"crm".equals(s[0])) {
      return Optional.empty();
    }
    String version;
    boolean associationFamily;
    if ("objects".equals(s[2]) && ("v3".equals(s[1]) || "v4".equals(s[1]))) {
      version = null;
      associationFamily = "v4".equals(s[1]);
    } else if ("objects".equals(s[1]) && VERSION.matcher(s[2]).matches()) {
      version = s[2];
      associationFamily = s.length == 9;
    } else {
      return Optional.empty();
    }
    String[] rest = java.util.Arrays.copyOfRange(s, 3, s.length); // {type}[/{id}[/associations/default/{to}/{toId}]]
    if (!TYPE.matcher(rest[0]).matches()) {
      return Optional.empty();
    }
    Map<String, List<String>> query = query(target.query());
    if (query == null) {
      return Optional.empty();
    }
    long portal = target.portalId();
    if (associationFamily) {
      return association(method, rest, query, body, portal, lane, version);
    }
    if (rest.length == 3 && "batch".equals(rest[1]) && "POST".equals(method) && query.isEmpty()) {
      return CallerBatch.of(portal, rest[0], rest[2], lane, version, body);
    }
    if (rest.length == 1 && "POST".equals(method) && query.isEmpty()) {
      return create(body).map(input -> new CoalescibleCall(
          BatchKey.write(portal, rest[0], HubSpotBatchOperation.CREATE, lane, version), input));
    }
    if (rest.length != 2) {
      return Optional.empty();
    }
    String type = rest[0];
    String id = decode(rest[1]);
    switch (method) {
      case "GET": {
        if (!only(query, "properties", "propertiesWithHistory", "idProperty", "archived")
            || !List.of("false").containsAll(query.getOrDefault("archived", List.of("false")))) {
          return Optional.empty();
        }
        String idProperty = single(query, "idProperty");
        if (id == null || !identifies(id, idProperty) || empty(body) == null) {
          return Optional.empty();
        }
        BatchKey key = BatchKey.read(portal, type, lane, names(query.get("properties")),
            names(query.get("propertiesWithHistory")), idProperty, version);
        return Optional.of(new CoalescibleCall(key, new JsonObject().put("id", id)));
      }
      case "PATCH": {
        if (!only(query, "idProperty")) {
          return Optional.empty();
        }
        String idProperty = single(query, "idProperty");
        if (id == null || !identifies(id, idProperty) || (idProperty != null && isContacts(type))) {
          return Optional.empty(); // HubSpot's contacts batch update takes record ids only (HUBSPOT.md §3.3)
        }
        return update(body).map(properties -> {
          JsonObject input = new JsonObject().put("id", id).put("properties", properties);
          if (idProperty != null) {
            input.put("idProperty", idProperty);
          }
          return new CoalescibleCall(BatchKey.write(portal, type, HubSpotBatchOperation.UPDATE, lane, version), input);
        });
      }
      case "DELETE":
        if (!query.isEmpty() || id == null || !RECORD_ID.matcher(id).matches() || empty(body) == null) {
          return Optional.empty();
        }
        return Optional.of(new CoalescibleCall(BatchKey.write(portal, type, HubSpotBatchOperation.ARCHIVE, lane, version),
            new JsonObject().put("id", id)));
      default:
        return Optional.empty();
    }
  }

  /** {@code PUT {from}/{fromId}/associations/default/{to}/{toId}}, no query, no body. */
  private static Optional<CoalescibleCall> association(String method, String[] rest, Map<String, List<String>> query,
      byte[] body, long portal, Lane lane, String version) {
    boolean shape = "PUT".equals(method) && rest.length == 6 && "associations".equals(rest[2])
        && "default".equals(rest[3]) && TYPE.matcher(rest[4]).matches() && RECORD_ID.matcher(rest[1]).matches()
        && RECORD_ID.matcher(rest[5]).matches() && query.isEmpty() && empty(body) != null;
    if (!shape) {
      return Optional.empty();
    }
    JsonObject input = new JsonObject()
        .put("from", new JsonObject().put("id", rest[1]))
        .put("to", new JsonObject().put("id", rest[5]));
    return Optional.of(new CoalescibleCall(BatchKey.associate(portal, rest[0], rest[4], lane, version), input));
  }

  /** A create body as a batch input: a JSON object, {@code properties} an object, {@code associations} an array. */
  private static Optional<JsonObject> create(byte[] body) {
    JsonObject json = json(body);
    if (json == null || !(json.getValue("properties") instanceof JsonObject)
        || !json.fieldNames().stream().allMatch(f -> f.equals("properties") || f.equals("associations"))
        || (json.containsKey("associations") && !(json.getValue("associations") instanceof JsonArray))) {
      return Optional.empty();
    }
    return Optional.of(json);
  }

  /** An update body's {@code properties}: a JSON object with nothing else beside it. */
  private static Optional<JsonObject> update(byte[] body) {
    JsonObject json = json(body);
    if (json == null || json.size() != 1 || !(json.getValue("properties") instanceof JsonObject properties)) {
      return Optional.empty();
    }
    return Optional.of(properties);
  }

  /** The body as a JSON object, null when it is JSON of another kind, a 400 problem when it is no JSON at all. */
  static JsonObject json(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    Object value;
    try {
      value = io.vertx.core.json.Json.decodeValue(io.vertx.core.buffer.Buffer.buffer(body));
    } catch (DecodeException notJson) {
      throw new ProblemException(400, "invalid-json", "Invalid JSON",
          "The request body is not JSON: " + firstLine(notJson.getMessage()));
    }
    return value instanceof JsonObject object ? object : null;
  }

  private static String firstLine(String message) {
    String m = String.valueOf(message);
    int cut = m.indexOf('\n');
    m = cut < 0 ? m : m.substring(0, cut);
    return m.length() > 200 ? m.substring(0, 200) : m;
  }

  /** A body-less call: non-null (an empty object) when there is no body. */
  private static JsonObject empty(byte[] body) {
    return body == null || body.length == 0 ? new JsonObject() : null;
  }

  static boolean isContacts(String type) {
    return "contacts".equals(type) || "0-1".equals(type);
  }

  /** A plain record id, or any value when {@code idProperty} says which unique property it is. */
  private static boolean identifies(String id, String idProperty) {
    return idProperty == null ? RECORD_ID.matcher(id).matches() : !id.isEmpty() && TYPE.matcher(idProperty).matches();
  }

  private static boolean only(Map<String, List<String>> query, String... allowed) {
    return List.of(allowed).containsAll(query.keySet());
  }

  /** A parameter given once, or null; given twice it is ambiguous, so the call is not coalesced. */
  private static String single(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    if (values == null) {
      return null;
    }
    return values.size() == 1 && !values.get(0).isEmpty() ? values.get(0) : "\u0000";
  }

  /** Repeated or comma-separated property names, sorted and without duplicates (the order does not matter). */
  private static List<String> names(List<String> values) {
    if (values == null) {
      return List.of();
    }
    TreeSet<String> names = new TreeSet<>();
    for (String value : values) {
      for (String name : value.split(",")) {
        if (!name.isBlank()) {
          names.add(name.trim());
        }
      }
    }
    return new ArrayList<>(names);
  }

  /** The query's parameters, decoded; null when it cannot be read unambiguously (then the call is forwarded). */
  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = decode(eq < 0 ? "" : pair.substring(eq + 1).replace('+', ' '));
      if (name == null || value == null) {
        return null;
      }
      params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return params;
  }

  /** Percent-decoding as UTF-8 ({@code +} stays itself: in a path it is no space); null when malformed. */
  static String decode(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length()) {
          return null;
        }
        int hi = Character.digit(text.charAt(i + 1), 16);
        int lo = Character.digit(text.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
