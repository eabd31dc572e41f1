package io.hubgate.writes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hubgate.hubspot.CoalescedCalls;
import io.hubgate.hubspot.HubSpotResponse;
import io.hubgate.hubspot.RequestTarget;
import io.hubgate.ratelimit.Lane;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The pass-through's single-record calls that {@link CoalescibleCall} recognises go to the {@link WriteCoalescer}
 * (when {@code hubgate.coalescing.enabled}); each caller's answer is its {@link SingleAnswer} as HubSpot's single
 * endpoint would give it: the status, the JSON body ({@code Content-Type: application/json}), no body for 204.
 * HubSpot's response headers (rate-limit headers, correlation id) belong to the batch request and are not relayed.
 * <p>
 * A caller that disconnects before its input left is dropped from its batch: Quarkus REST cancels the endpoint's
 * {@code Uni} when the connection closes, and the coalescer removes a cancelled input that is still queued.
 */
@ApplicationScoped
public class CoalescingRoute implements CoalescedCalls {

  private static final List<Map.Entry<String, String>> JSON = List.of(Map.entry("Content-Type", "application/json"));

  private final WriteCoalescer coalescer;
  private final boolean enabled;
  private final MeterRegistry registry;

  CoalescingRoute(WriteCoalescer coalescer, CoalescingConfig config, MeterRegistry registry) {
    this.coalescer = coalescer;
    this.enabled = config.enabled();
    this.registry = registry;
  }

  @Override
  public Optional<Uni<HubSpotResponse>> carry(String method, RequestTarget target, Lane lane, byte[] body) {
    if (!enabled || lane == Lane.SEARCH) {
      return Optional.empty();
    }
    return CoalescibleCall.of(method, target, lane, body).map(call -> {
      registry.counter("hubgate.coalescing.calls", "operation",
          call.key().operation().label()).increment();
      if (call.callerBatch()) {
        Instant startedAt = Instant.now();
        return coalescer.submitAll(call.key(), call.inputs())
            .map(settled -> response(CallerBatch.answer(call, settled, startedAt, Instant.now())));
      }
      return coalescer.submit(call.key(), call.input()).map(CoalescingRoute::response);
    });
  }

  static HubSpotResponse response(SingleAnswer answer) {
    if (answer.body() == null) {
      return new HubSpotResponse(answer.status(), List.of(), Buffer.buffer());
    }
    return new HubSpotResponse(answer.status(), JSON, Buffer.buffer(answer.body().encode()));
  }
}
