package io.hubgate.hubspot;

import java.util.Optional;

import io.hubgate.ratelimit.Lane;
import io.smallrye.mutiny.Uni;

/**
 * Another way out for a single-record call than forwarding it on its own: the write coalescer ({@code io.hubgate.writes})
 * carries the calls it recognises in HubSpot batches. An interface here so that this package does not depend on the
 * coalescer's.
 */
public interface CoalescedCalls {

  /**
   * The call's answer, as HubSpot's single endpoint would give it, when this carries the call (access was decided
   * already, on the same target); empty when the call is to be forwarded as it is.
   */
  Optional<Uni<HubSpotResponse>> carry(String method, RequestTarget target, Lane lane, byte[] body);
}
