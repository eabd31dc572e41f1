package io.hubgate.writes;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Readiness {@code hubspot-write-coalescer}: DOWN from the moment the coalescer stops taking inputs (shutdown), so that
 * no load balancer sends it calls it would refuse; detail {@code intake}: {@code open} or {@code stopped}.
 */
@Readiness
@ApplicationScoped
class CoalescerReadiness implements HealthCheck {

  private final WriteCoalescer coalescer;

  CoalescerReadiness(WriteCoalescer coalescer) {
    this.coalescer = coalescer;
  }

  @Override
  public HealthCheckResponse call() {
    boolean stopping = coalescer.stopping();
    return HealthCheckResponse.named("hubspot-write-coalescer")
        .status(!stopping)
        .withData("intake", stopping ? "stopped" : "open")
        .build();
  }
}
