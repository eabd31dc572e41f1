package io.hubgate.simulator;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One webhook event. It renders in the field order HubSpot's samples use, with {@code attemptNumber} set by
 * the sender on each attempt; {@code extra} carries the type-specific fields in the order given
 * ({@code propertyName}, {@code propertyValue}, {@code changeSource}, {@code changeFlag}, {@code objectTypeId},
 * association fields...).
 */
public record WebhookEvent(long eventId, long subscriptionId, long portalId, long appId, long occurredAt,
    String subscriptionType, long objectId, Map<String, Object> extra) {

  public static WebhookEvent of(long eventId, long portalId, long appId, String subscriptionType, long objectId,
      long occurredAt) {
    return new WebhookEvent(eventId, 1, portalId, appId, occurredAt, subscriptionType, objectId, Map.of());
  }

  /** A copy with one more type-specific field, kept in insertion order. */
  public WebhookEvent with(String field, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(extra);
    more.put(field, value);
    return new WebhookEvent(eventId, subscriptionId, portalId, appId, occurredAt, subscriptionType, objectId, more);
  }

  JsonObject toJson(int attemptNumber) {
    JsonObject json = new JsonObject()
        .put("eventId", eventId)
        .put("subscriptionId", subscriptionId)
        .put("portalId", portalId)
        .put("appId", appId)
        .put("occurredAt", occurredAt)
        .put("subscriptionType", subscriptionType)
        .put("attemptNumber", attemptNumber)
        .put("objectId", objectId);
    extra.forEach(json::put);
    return json;
  }
}
