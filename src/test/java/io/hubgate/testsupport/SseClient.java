package io.hubgate.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import io.vertx.core.json.JsonObject;

/** Reads a Server-Sent Events stream in the background and keeps every {@code data:} payload as JSON. */
public final class SseClient implements AutoCloseable {

  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final CompletableFuture<HttpResponse<Stream<String>>> response;
  private volatile Stream<String> lines;
  private volatile int status;

  public SseClient(String url, String bearerToken) {
    var request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
        .header("Authorization", "Bearer " + bearerToken).build();
    response = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    response.thenAcceptAsync(r -> {
      status = r.statusCode();
      lines = r.body();
      try {
        lines.filter(line -> line.startsWith("data:"))
            .map(line -> line.substring(5).trim())
            .forEach(json -> events.add(new JsonObject(json)));
      } catch (RuntimeException closed) {
        // the stream ends when the client is closed
      }
    });
  }

  /** The HTTP status once the response started, else 0. */
  public int status() {
    return status;
  }

  public List<JsonObject> events() {
    return List.copyOf(events);
  }

  /** Events whose HubSpot eventId (CloudEvent extension {@code hubspoteventid}) is the given one. */
  public long countWithId(String id) {
    return events.stream().filter(e -> id.equals(e.getString("hubspoteventid"))).count();
  }

  @Override
  public void close() {
    Stream<String> s = lines;
    if (s != null) {
      s.close();
    }
    response.cancel(true);
  }
}
