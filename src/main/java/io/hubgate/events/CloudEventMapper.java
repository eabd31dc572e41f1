package io.hubgate.events;

import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Maps a HubSpot event to a CloudEvent 1.0 in structured JSON mode (the same bytes on every connector): id = the event's
 * identity (CloudEvents require source + id to be unique; HubSpot does not promise that of its eventId, which is kept as
 * the extension {@code hubspoteventid}), source naming the portal, type from subscriptionType, time = occurredAt,
 * subject naming the object, the original event (unknown fields included) as data, and the partitioning extension
 * {@code partitionkey}. When the publish is traced, the CloudEvents distributed-tracing extension {@code traceparent}
 * (and {@code tracestate}) carries the publish span's W3C trace context, so that a consumer continues the trace.
 */
public final class CloudEventMapper {

  public static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
  static final String TYPE_PREFIX = "com.hubspot.webhook.";

  private final ObjectMapper mapper;

  public CloudEventMapper(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** {@code id}: the event's identity, the same for every redelivery of it and different for any other event. */
  public String toJson(HubSpotEvent event, String id) {
    return toJson(event, id, null, null);
  }

  /** As above, with the W3C trace context of the publish ({@code null}s when not traced). */
  public String toJson(HubSpotEvent event, String id, String traceparent, String tracestate) {
    ObjectNode ce = mapper.createObjectNode();
    ce.put("specversion", "1.0");
    ce.put("id", id);
    ce.put("source", "hubspot://portals/" + event.portalId());
    ce.put("type", TYPE_PREFIX + event.subscriptionType());
    ce.put("subject", event.objectType() + "/" + event.objectId());
    ce.put("time", Instant.ofEpochMilli(event.occurredAt()).toString());
    ce.put("datacontenttype", "application/json");
    ce.put("partitionkey", event.partitionKey());
    ce.put("hubspoteventid", event.eventId());
    ce.put("hubspotportalid", event.portalId());
    ce.put("hubspotsubscriptiontype", event.subscriptionType());
    if (traceparent != null) {
      ce.put("traceparent", traceparent);
      if (tracestate != null && !tracestate.isEmpty()) {
        ce.put("tracestate", tracestate);
      }
    }
    ce.set("data", event.json());
    return ce.toString();
  }
}
