package io.hubgate.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.hubgate.webhook.DeliveryTimeouts.KafkaProducerTimeouts;

class DeliveryTimeoutsTest {

  private static final Duration PUBLISH = Duration.ofSeconds(3);
  private static final Duration CLAIM = Duration.ofSeconds(30);

  @Test
  void theKafkaProfileAsShippedGivesItsVerdictBeforeThePublishTimeout() throws IOException {
    var props = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
      props.load(in);
    }
    var kafka = KafkaProducerTimeouts.from(key -> Optional.ofNullable(props.getProperty("%kafka." + key)));
    assertTrue(kafka.verdictWithin().compareTo(PUBLISH) < 0, kafka.toString());
    assertEquals(List.of(), DeliveryTimeouts.problems(PUBLISH, CLAIM, Optional.of(kafka)));
  }

  @Test
  void refusesKafkasDefaultTimeoutsNamingTheKeys() {
    var defaults = KafkaProducerTimeouts.from(key -> Optional.empty());
    assertEquals(new KafkaProducerTimeouts(120_000, 30_000, 5, 60_000), defaults);
    List<String> problems = DeliveryTimeouts.problems(PUBLISH, CLAIM, Optional.of(defaults));
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("mp.messaging.outgoing.hubspot-events.max.block.ms (60000) + "
        + "mp.messaging.outgoing.hubspot-events.delivery.timeout.ms (120000) must be below "
        + "hubgate.webhook.publish-timeout (HUBGATE_WEBHOOK_PUBLISH_TIMEOUT) (3000 ms)"), problems.get(0));
    assertTrue(problems.get(1).startsWith("hubgate.webhook.dedup.claim-ttl (HUBGATE_WEBHOOK_DEDUP_CLAIM_TTL) (30000 ms) "
        + "must be longer than"), problems.get(1));
  }

  @Test
  void saysKafkasOwnRuleWithOurKeys() {
    var tooShort = new KafkaProducerTimeouts(1_000, 1_000, 5, 500);
    assertEquals(List.of("mp.messaging.outgoing.hubspot-events.delivery.timeout.ms (1000) must be at least "
            + "mp.messaging.outgoing.hubspot-events.linger.ms (5) + mp.messaging.outgoing.hubspot-events.request.timeout.ms (1000)"),
        DeliveryTimeouts.problems(PUBLISH, CLAIM, Optional.of(tooShort)));
  }

  @Test
  void aVerdictExactlyAtThePublishTimeoutIsTooLate() {
    var atTheLimit = new KafkaProducerTimeouts(2_000, 1_000, 5, 1_000);
    assertEquals(1, DeliveryTimeouts.problems(PUBLISH, CLAIM, Optional.of(atTheLimit)).size());
    var justBelow = new KafkaProducerTimeouts(1_999, 1_000, 5, 1_000);
    assertEquals(List.of(), DeliveryTimeouts.problems(PUBLISH, CLAIM, Optional.of(justBelow)));
  }

  @Test
  void theClaimMustOutliveThePublishTimeoutAndTheProducersVerdict() {
    var kafka = new KafkaProducerTimeouts(1_500, 1_000, 5, 1_000);
    // 3 s publish timeout + 1.5 s (SmallRye's resend window) + 1 s blocked + 1.5 s delivery timeout
    assertEquals(List.of("hubgate.webhook.dedup.claim-ttl (HUBGATE_WEBHOOK_DEDUP_CLAIM_TTL) (7000 ms) must be longer than "
            + "hubgate.webhook.publish-timeout (HUBGATE_WEBHOOK_PUBLISH_TIMEOUT) + max.block.ms + 2 × delivery.timeout.ms "
            + "(7000 ms), so that a claim outlives its send"),
        DeliveryTimeouts.problems(PUBLISH, Duration.ofMillis(7_000), Optional.of(kafka)));
    assertEquals(List.of(), DeliveryTimeouts.problems(PUBLISH, Duration.ofMillis(7_001), Optional.of(kafka)));
    // the embedded connector answers at once: the claim only has to outlive the publish timeout
    assertEquals(1, DeliveryTimeouts.problems(PUBLISH, PUBLISH, Optional.empty()).size());
    assertEquals(List.of(), DeliveryTimeouts.problems(PUBLISH, Duration.ofMillis(3_001), Optional.empty()));
  }

  @Test
  void theChannelsKeyWinsOverKafkaWideDefaults() {
    Map<String, String> config = Map.of(
        "mp.messaging.outgoing.hubspot-events.delivery.timeout.ms", "1500",
        "kafka.delivery.timeout.ms", "9000",
        "kafka.request.timeout.ms", " 1000 ");
    var read = KafkaProducerTimeouts.from(key -> Optional.ofNullable(config.get(key)));
    assertEquals(new KafkaProducerTimeouts(1_500, 1_000, 5, 60_000), read);
  }
}
