package io.hubgate.testsupport;

import java.util.HashMap;
import java.util.Map;

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

  /**
   * A test profile's {@code overrides} with the SDK on: spans exported to this bean as they end, and nothing sent to an
   * OTLP endpoint.
   */
  public static Map<String, String> enabled(Map<String, String> overrides) {
    Map<String, String> config = new HashMap<>(overrides);
    config.put("quarkus.otel.sdk.disabled", "false");
    config.put("quarkus.otel.simple", "true");
    config.put("quarkus.otel.exporter.otlp.enabled", "false");
    return config;
  }

  @Produces
  @Singleton
  InMemorySpanExporter exporter() {
    return InMemorySpanExporter.create();
  }
}
