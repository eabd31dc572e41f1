package io.hubgate.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.Config;

import io.hubgate.config.HubgateConfig;
import io.hubgate.events.Channels;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses to start with timeouts that break the delivery guarantee:
 * <ul>
 * <li>Kafka's producer must give its verdict on a send (acknowledged or failed) before the gateway answers HubSpot:
 * {@code max.block.ms} (send blocked for metadata or buffer space; the delivery timeout starts after it) plus
 * {@code delivery.timeout.ms} below {@code hubgate.webhook.publish-timeout}. Otherwise a send the gateway gave up on
 * could still be acknowledged, and HubSpot's retry would publish the event again.</li>
 * <li>Kafka's own rule, {@code delivery.timeout.ms} ≥ {@code linger.ms} + {@code request.timeout.ms}, said with our keys.</li>
 * <li>A claim outlives the latest verdict: a send still pending when the delivery was answered is settled by its own
 * outcome, and its claim must still be there then. SmallRye's Kafka sink resends a send that failed early (a
 * recoverable error) while {@code delivery.timeout.ms} since the first attempt has not passed, so the latest verdict is
 * {@code delivery.timeout.ms} + {@code max.block.ms} + {@code delivery.timeout.ms}; the claim TTL must exceed the
 * publish timeout plus that.</li>
 * </ul>
 */
@ApplicationScoped
class DeliveryTimeouts {

  private static final String CHANNEL = "mp.messaging.outgoing." + Channels.HUBSPOT_EVENTS + ".";
  static final String PUBLISH_TIMEOUT = "hubgate.webhook.publish-timeout (HUBGATE_WEBHOOK_PUBLISH_TIMEOUT)";
  static final String CLAIM_TTL = "hubgate.webhook.dedup.claim-ttl (HUBGATE_WEBHOOK_DEDUP_CLAIM_TTL)";

  /** The Kafka producer's timeouts, in milliseconds, as the channel configures them (else Kafka's defaults). */
  record KafkaProducerTimeouts(long deliveryTimeoutMs, long requestTimeoutMs, long lingerMs, long maxBlockMs) {

    /** Reads each key on the channel, then under {@code kafka.} (SmallRye's defaults for every channel), else Kafka's default. */
    static KafkaProducerTimeouts from(Function<String, Optional<String>> config) {
      var defaults = ProducerConfig.configDef().defaultValues();
      Function<String, Long> value = key -> config.apply(CHANNEL + key)
          .or(() -> config.apply("kafka." + key))
          .map(String::trim).map(Long::parseLong)
          .orElseGet(() -> ((Number) defaults.get(key)).longValue());
      return new KafkaProducerTimeouts(value.apply(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG),
          value.apply(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG), value.apply(ProducerConfig.LINGER_MS_CONFIG),
          value.apply(ProducerConfig.MAX_BLOCK_MS_CONFIG));
    }

    /** The longest one send to the producer can go without a verdict: blocked in {@code send()}, then the delivery timeout. */
    Duration verdictWithin() {
      return Duration.ofMillis(maxBlockMs + deliveryTimeoutMs);
    }

    /** The latest verdict on a message, SmallRye's resends (started within the delivery timeout) included. */
    Duration latestVerdict() {
      return verdictWithin().plusMillis(deliveryTimeoutMs);
    }
  }

  void check(@Observes StartupEvent start, HubgateConfig config, Config mpConfig) {
    boolean kafka = mpConfig.getOptionalValue(CHANNEL + "connector", String.class)
        .filter("smallrye-kafka"::equals).isPresent();
    Optional<KafkaProducerTimeouts> producer = kafka
        ? Optional.of(KafkaProducerTimeouts.from(key -> mpConfig.getOptionalValue(key, String.class)))
        : Optional.empty();
    List<String> problems = problems(config.webhook().publishTimeout(), config.webhook().dedup().claimTtl(), producer);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Webhook delivery timeouts break the delivery guarantee: " + String.join("; ", problems));
    }
  }

  /** What is wrong with these settings, one sentence per rule broken; empty when they hold. */
  static List<String> problems(Duration publishTimeout, Duration claimTtl, Optional<KafkaProducerTimeouts> kafka) {
    List<String> problems = new ArrayList<>();
    Duration latest = Duration.ZERO;
    if (kafka.isPresent()) {
      KafkaProducerTimeouts p = kafka.get();
      if (p.deliveryTimeoutMs() < p.lingerMs() + p.requestTimeoutMs()) {
        problems.add(String.format("%sdelivery.timeout.ms (%d) must be at least %slinger.ms (%d) + %srequest.timeout.ms (%d)",
            CHANNEL, p.deliveryTimeoutMs(), CHANNEL, p.lingerMs(), CHANNEL, p.requestTimeoutMs()));
      }
      latest = p.latestVerdict();
      if (p.verdictWithin().compareTo(publishTimeout) >= 0) {
        problems.add(String.format("%smax.block.ms (%d) + %sdelivery.timeout.ms (%d) must be below %s (%d ms), so that "
                + "a send the gateway answered 503 for has really failed", CHANNEL, p.maxBlockMs(), CHANNEL,
            p.deliveryTimeoutMs(), PUBLISH_TIMEOUT, publishTimeout.toMillis()));
      }
    }
    Duration claimNeeded = publishTimeout.plus(latest);
    if (claimTtl.compareTo(claimNeeded) <= 0) {
      problems.add(String.format("%s (%d ms) must be longer than %s%s (%d ms), so that a claim outlives its send",
          CLAIM_TTL, claimTtl.toMillis(), PUBLISH_TIMEOUT,
          kafka.isPresent() ? " + max.block.ms + 2 × delivery.timeout.ms" : "", claimNeeded.toMillis()));
    }
    return problems;
  }
}
