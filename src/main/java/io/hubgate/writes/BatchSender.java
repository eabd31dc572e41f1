package io.hubgate.writes;

import io.hubgate.hubspot.HubSpotResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Sends one batch body for a key and gives HubSpot's final answer, or fails with a problem (over budget, unavailable,
 * outcome unknown). In production {@link io.hubgate.hubspot.HubSpotBatchClient} under the shared policy.
 */
@FunctionalInterface
interface BatchSender {
  Uni<HubSpotResponse> send(BatchKey key, JsonObject body);
}
