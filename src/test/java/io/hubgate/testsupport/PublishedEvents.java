package io.hubgate.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

/** Every CloudEvent published on the embedded topic, as the tests' own subscriber sees it. */
@ApplicationScoped
public class PublishedEvents {

  private final List<JsonObject> events = new CopyOnWriteArrayList<>();

  @Incoming("test-tap")
  void receive(String cloudEvent) {
    events.add(new JsonObject(cloudEvent));
  }

  public List<JsonObject> all() {
    return List.copyOf(events);
  }

  /** Events whose HubSpot eventId (CloudEvent extension {@code hubspoteventid}) is the given one. */
  public long countWithId(String eventId) {
    return events.stream().filter(e -> eventId.equals(e.getString("hubspoteventid"))).count();
  }

  public void clear() {
    events.clear();
  }
}
