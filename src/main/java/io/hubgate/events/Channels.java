package io.hubgate.events;

/** Channel names, shared by code, configuration and tests. */
public final class Channels {

  /** Where every verified, deduplicated HubSpot event is published (in-process broker by default, Kafka in production). */
  public static final String HUBSPOT_EVENTS = "hubspot-events";

  /** With Kafka, the same events read back for the stream {@code GET /events} (the embedded broker is read directly). */
  public static final String HUBSPOT_EVENTS_STREAM = "hubspot-events-stream";

  private Channels() {
  }
}
