package io.hubgate.writes;

import io.hubgate.hubspot.HubSpotResponse;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Sends one batch body for a key and gives HubSpot's final answer, or fails with a problem (over budget, unavailable,
 * outcome unknown). In production {@link io.hubgate.hubspot.HubSpotBatchClient} under the shared policy. The call's
 * spans are children of {@code trace} (the batch's span, or the isolation request's).
 * The sender tells the coalescer, through {@link WriteWatch}, whether HubSpot may have seen the inputs: that decides
 * between 503 (never written) and 504 {@code outcome-unknown} (written) for callers still waiting at shutdown or at
 * their timeout.
 */
@FunctionalInterface
interface BatchSender {
  Uni<HubSpotResponse> send(BatchKey key, JsonObject body, WriteWatch watch, Context trace);

  /** One request's inputs, as its attempts are written. */
  interface WriteWatch {

    /**
     * Asked at the last moment before an attempt is written (after its permit): from a {@code true} on the inputs count
     * as sent; {@code false} (sending stopped at shutdown) means write nothing, and the send fails.
     */
    boolean mayWrite();

    /** The attempt that {@link #mayWrite} let through certainly did nothing (HubSpot's 429 or 477, no connection). */
    void notActedOn();
  }
}
