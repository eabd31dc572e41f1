package io.hubgate.webhook;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code hubgate_webhook_requests_total{outcome}} and {@code hubgate_webhook_events_total{outcome}}; every outcome is
 * registered at start so dashboards see zeros rather than gaps.
 */
@ApplicationScoped
class WebhookMetrics {

  static final String[] REQUEST_OUTCOMES = {
      "accepted", "bad_signature", "stale", "malformed", "too_large", "unsupported_media_type", "publish_failed"};
  static final String[] EVENT_OUTCOMES = {"published", "duplicate", "in_flight", "not_published", "published_late"};

  private final Map<String, Counter> requests = new ConcurrentHashMap<>();
  private final Map<String, Counter> events = new ConcurrentHashMap<>();

  WebhookMetrics(MeterRegistry registry) {
    for (String outcome : REQUEST_OUTCOMES) {
      requests.put(outcome, Counter.builder("hubgate.webhook.requests")
          .description("Webhook deliveries received, by outcome").tag("outcome", outcome).register(registry));
    }
    for (String outcome : EVENT_OUTCOMES) {
      events.put(outcome, Counter.builder("hubgate.webhook.events")
          .description("Webhook events received, by outcome").tag("outcome", outcome).register(registry));
    }
  }

  void request(String outcome) {
    requests.get(outcome).increment();
  }

  void events(String outcome, int count) {
    if (count > 0) {
      events.get(outcome).increment(count);
    }
  }
}
