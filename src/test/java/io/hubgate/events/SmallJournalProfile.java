package io.hubgate.events;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A journal of {@link #SIZE} events, so that tests overflow it with a few deliveries. */
public class SmallJournalProfile implements QuarkusTestProfile {

  static final int SIZE = 8;

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("hubgate.events.journal.size", Integer.toString(SIZE));
  }
}
