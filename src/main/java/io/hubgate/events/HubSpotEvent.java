package io.hubgate.events;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One event of a delivery, kept as the JSON object HubSpot sent, so that fields this code does not know are forwarded
 * untouched. Accessors read the fields the gateway needs for routing and deduplication.
 */
public record HubSpotEvent(ObjectNode json) {

  public long portalId() {
    return json.path("portalId").asLong();
  }

  public String eventId() {
    return json.path("eventId").asText();
  }

  public String subscriptionType() {
    return json.path("subscriptionType").asText();
  }

  public long occurredAt() {
    return json.path("occurredAt").asLong();
  }

  /**
   * The object type: {@code objectTypeId} for generic {@code object.*} events (custom objects), else the prefix of the
   * subscription type ({@code contact.propertyChange} gives {@code contact}).
   */
  public String objectType() {
    JsonNode typeId = json.get("objectTypeId");
    if (typeId != null && !typeId.isNull() && !typeId.asText().isEmpty()) {
      return typeId.asText();
    }
    String type = subscriptionType();
    int dot = type.indexOf('.');
    return (dot > 0 ? type.substring(0, dot) : type).toLowerCase(Locale.ROOT);
  }

  /** The record the event is about: objectId, else the source of an association change, else the event id. */
  public String objectId() {
    for (String field : new String[] {"objectId", "fromObjectId", "primaryObjectId"}) {
      JsonNode node = json.get(field);
      if (node != null && !node.isNull() && !node.asText().isEmpty()) {
        return node.asText();
      }
    }
    return eventId();
  }

  /** The messaging key that keeps one object's events in order: {@code portalId:objectType:objectId}. */
  public String partitionKey() {
    return portalId() + ":" + objectType() + ":" + objectId();
  }
}
