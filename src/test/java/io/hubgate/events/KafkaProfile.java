package io.hubgate.events;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The production messaging setup: the {@code kafka} configuration profile on top of the test profile. */
public class KafkaProfile implements QuarkusTestProfile {

  @Override
  public String getConfigProfile() {
    return "kafka,test";
  }
}
