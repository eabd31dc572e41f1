package io.hubgate.events;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The production messaging setup: the {@code kafka} configuration profile on top of the test profile, plus an
 * acknowledgement hold that a test can arm to make the broker's acknowledgement late ({@link HeldAcknowledgements}).
 */
public class KafkaProfile implements QuarkusTestProfile {

  @Override
  public String getConfigProfile() {
    return "kafka,test";
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("mp.messaging.outgoing.hubspot-events.interceptor.classes", HeldAcknowledgements.class.getName());
  }
}
