package io.hubgate.writes;

import io.hubgate.hubspot.HubSpotResponse;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Sends one batch body for a key and gives HubSpot's final answer, or fails with a problem (over budget, unavailable,
 * outcome unknown). In production {@link io.hubgate.hubspot.HubSpotBatchClient} under the shared policy. The call's
 * spans are children of {@code trace} (the batch's span, or the isolation request's).
 */
@FunctionalInterface
interface BatchSender {
  Uni<HubSpotResponse> send(BatchKey key, JsonObject body, Context trace);
}
