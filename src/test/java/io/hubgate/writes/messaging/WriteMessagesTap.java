package io.hubgate.writes.messaging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The embedded topics of the messaging input as a test sees them: a producer into hubspot-writes, taps on the outcomes. */
@ApplicationScoped
public class WriteMessagesTap {

  @Inject
  @Channel("test-writes-in")
  MutinyEmitter<String> writes;

  private final List<JsonObject> results = new CopyOnWriteArrayList<>();
  private final List<JsonObject> deadLetters = new CopyOnWriteArrayList<>();

  @Incoming("test-write-results")
  void result(String json) {
    results.add(new JsonObject(json));
  }

  @Incoming("test-writes-dlq")
  void deadLetter(String json) {
    deadLetters.add(new JsonObject(json));
  }

  public Uni<Void> send(String message) {
    return writes.send(message);
  }

  public List<JsonObject> results() {
    return List.copyOf(results);
  }

  public List<JsonObject> deadLetters() {
    return List.copyOf(deadLetters);
  }
}
