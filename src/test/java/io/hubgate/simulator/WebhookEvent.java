package io.hubgate.simulator;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

  /** HubSpot sends a GDPR deletion as {@code contact.privacyDeletion} and also {@code contact.deletion}. */
  public static List<WebhookEvent> privacyDeletion(long firstEventId, long portalId, long appId, long contactId,
      long occurredAt) {
    return List.of(
        of(firstEventId, portalId, appId, "contact.privacyDeletion", contactId, occurredAt).with("changeSource", "GDPR"),
        of(firstEventId + 1, portalId, appId, "contact.deletion", contactId, occurredAt)
            .with("changeSource", "GDPR").with("changeFlag", "DELETED"));
  }

  /**
   * An association change, e.g. {@code CONTACT_TO_COMPANY}. A primary association also creates the unlabelled
   * one, so HubSpot sends two messages (HUBSPOT.md §2.3).
   */
  public static List<WebhookEvent> associationChange(long firstEventId, long portalId, long appId,
      String subscriptionType, String associationType, long fromId, long toId, boolean primary, boolean removed,
      long occurredAt) {
    List<WebhookEvent> events = new ArrayList<>();
    events.add(association(firstEventId, portalId, appId, subscriptionType, associationType, fromId, toId, false,
        removed, occurredAt));
    if (primary) {
      events.add(association(firstEventId + 1, portalId, appId, subscriptionType, associationType, fromId, toId, true,
          removed, occurredAt));
    }
    return events;
  }

  private static WebhookEvent association(long eventId, long portalId, long appId, String subscriptionType,
      String associationType, long fromId, long toId, boolean primary, boolean removed, long occurredAt) {
    return of(eventId, portalId, appId, subscriptionType, fromId, occurredAt)
        .with("associationType", associationType).with("fromObjectId", fromId).with("toObjectId", toId)
        .with("associationRemoved", removed).with("isPrimaryAssociation", primary).with("changeSource", "CRM");
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
