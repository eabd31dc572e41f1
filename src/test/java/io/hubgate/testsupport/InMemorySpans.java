package io.hubgate.testsupport;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * An in-memory span exporter as a CDI bean: with {@code quarkus.otel.traces.exporter=cdi} (the default) Quarkus exports
 * every span to it. It receives spans only in a test profile that enables the SDK (see {@code TracesTest}); the
 * application's default keeps it disabled.
 */
@ApplicationScoped
public class InMemorySpans {

  @Produces
  @Singleton
  InMemorySpanExporter exporter() {
    return InMemorySpanExporter.create();
  }
}
