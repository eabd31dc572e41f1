package io.hubgate.writes.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.hubgate.hubspot.HubSpotBatchOperation;
import io.hubgate.ratelimit.Lane;
import io.hubgate.writes.BatchKey;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One message of {@link WritesChannels#HUBSPOT_WRITES} (format: {@code docs/coalescing.md}, "Messaging input"):
 * the caller's {@code id}, the portal, the operation, the object type(s) and one input as HubSpot's batch endpoint
 * takes it. Messaging writes draw on the limiter's bulk lane: the limiter has no lane below it.
 */
record WriteMessage(String id, long portalId, HubSpotBatchOperation operation, String objectType,
    String toObjectType, JsonObject input, List<String> properties, List<String> propertiesWithHistory,
    String idProperty) {

  /** The caller's id becomes a Redis key and a Kafka key: bounded. */
  static final int MAX_ID_LENGTH = 256;

  private static final Map<String, HubSpotBatchOperation> OPERATIONS = Map.of(
      "create", HubSpotBatchOperation.CREATE,
      "update", HubSpotBatchOperation.UPDATE,
      "upsert", HubSpotBatchOperation.UPSERT,
      "read", HubSpotBatchOperation.READ,
      "archive", HubSpotBatchOperation.ARCHIVE,
      "associate", HubSpotBatchOperation.ASSOCIATE_DEFAULT);

  /** @throws InvalidWriteMessage with the reason, for the dead-letter topic */
  static WriteMessage parse(String payload) {
    JsonObject json;
    try {
      json = payload == null ? null : new JsonObject(payload);
    } catch (DecodeException | ClassCastException e) {
      throw new InvalidWriteMessage("the message is not a JSON object");
    }
    if (json == null) {
      throw new InvalidWriteMessage("the message is empty");
    }
    String id = text(json, "id");
    if (id.length() > MAX_ID_LENGTH) {
      throw new InvalidWriteMessage("\"id\" is longer than " + MAX_ID_LENGTH + " characters");
    }
    try {
      return parse(json, id);
    } catch (InvalidWriteMessage invalid) {
      throw new InvalidWriteMessage(invalid.getMessage(), id);
    }
  }

  private static WriteMessage parse(JsonObject json, String id) {
    Object portal = json.getValue("portalId");
    if (!(portal instanceof Number number) || number.longValue() <= 0 || number.doubleValue() != number.longValue()) {
      throw new InvalidWriteMessage("\"portalId\" must be a positive integer");
    }
    String op = text(json, "operation");
    HubSpotBatchOperation operation = OPERATIONS.get(op.toLowerCase(Locale.ROOT));
    if (operation == null) {
      throw new InvalidWriteMessage("unknown \"operation\" \"" + op + "\" (one of create, update, upsert, read, "
          + "archive, associate)");
    }
    String objectType = text(json, "objectType");
    String toObjectType = null;
    if (operation == HubSpotBatchOperation.ASSOCIATE_DEFAULT) {
      toObjectType = text(json, "toObjectType");
    }
    if (!(json.getValue("input") instanceof JsonObject input)) {
      throw new InvalidWriteMessage("\"input\" must be a JSON object");
    }
    return new WriteMessage(id, number.longValue(), operation, objectType, toObjectType, input,
        strings(json, "properties"), strings(json, "propertiesWithHistory"),
        operation == HubSpotBatchOperation.READ ? json.getString("idProperty") : null);
  }

  BatchKey key() {
    return switch (operation) {
      case READ -> BatchKey.read(portalId, objectType, Lane.BULK, properties, propertiesWithHistory, idProperty);
      case ASSOCIATE_DEFAULT -> BatchKey.associate(portalId, objectType, toObjectType, Lane.BULK);
      default -> BatchKey.write(portalId, objectType, operation, Lane.BULK);
    };
  }

  private static String text(JsonObject json, String field) {
    if (!(json.getValue(field) instanceof String value) || value.isBlank()) {
      throw new InvalidWriteMessage("\"" + field + "\" must be a non-empty string");
    }
    return value;
  }

  private static List<String> strings(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new InvalidWriteMessage("\"" + field + "\" must be an array of strings");
    }
    List<String> names = new ArrayList<>(array.size());
    for (Object name : array) {
      if (!(name instanceof String text)) {
        throw new InvalidWriteMessage("\"" + field + "\" must be an array of strings");
      }
      names.add(text);
    }
    return names;
  }
}
