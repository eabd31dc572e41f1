package io.hubgate.tracing;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import jakarta.inject.Singleton;

/**
 * The tracer of the gateway's own spans ({@link Spans#SCOPE}). With {@code quarkus.otel.sdk.disabled=true} (the default)
 * it is the no-op tracer: Quarkus then still builds an SDK without exporters, whose spans would be recorded (ids drawn,
 * attributes kept) only to be dropped, and would become exemplars of the Prometheus metrics incremented under them.
 */
@Singleton
public class Tracing {

  private final Tracer tracer;

  Tracing(OpenTelemetry telemetry, @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean disabled) {
    this.tracer = disabled ? Spans.noop() : telemetry.getTracer(Spans.SCOPE);
  }

  public Tracer tracer() {
    return tracer;
  }
}
