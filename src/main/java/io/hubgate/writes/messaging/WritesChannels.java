package io.hubgate.writes.messaging;

/** Channel names of the messaging input, shared by code, configuration and tests. */
public final class WritesChannels {

  /** Write messages in (Kafka in production, the in-process broker by default). */
  public static final String HUBSPOT_WRITES = "hubspot-writes";

  /** Every final outcome ({@code {"id","portalId","status","body"}}), keyed by the caller's id. */
  public static final String HUBSPOT_WRITE_RESULTS = "hubspot-write-results";

  /** Invalid messages and writes that still fail after the client's retries, with the reason. */
  public static final String HUBSPOT_WRITES_DLQ = "hubspot-writes-dlq";

  private WritesChannels() {
  }
}
