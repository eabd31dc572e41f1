package io.hubgate.events;

/** Channel names, shared by code, configuration and tests. */
public final class Channels {

  /** Where every verified, deduplicated HubSpot event is published (in-process broker by default, Kafka in production). */
  public static final String HUBSPOT_EVENTS = "hubspot-events";

  /** The same events read back for the live stream {@code GET /events}. */
  public static final String HUBSPOT_EVENTS_STREAM = "hubspot-events-stream";

  private Channels() {
  }
}
