package io.hubgate.writes;

import java.util.function.BooleanSupplier;

import io.hubgate.hubspot.HubSpotResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Sends one batch body for a key and gives HubSpot's final answer, or fails with a problem (over budget, unavailable,
 * outcome unknown). In production {@link io.hubgate.hubspot.HubSpotBatchClient} under the shared policy.
 * <p>
 * {@code mayWrite} is asked at the last moment before each attempt is written (after its permit): from a {@code true}
 * on, the coalescer counts the inputs as sent (their outcome is unknown without an answer); {@code false} (the
 * coalescer stopped sending at shutdown) means write nothing, and the send fails.
 */
@FunctionalInterface
interface BatchSender {
  Uni<HubSpotResponse> send(BatchKey key, JsonObject body, BooleanSupplier mayWrite);
}
