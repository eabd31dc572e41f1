package io.hubgate.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import io.vertx.core.json.JsonObject;

/**
 * Reads a Server-Sent Events stream on a thread of its own and keeps every message (id, event name, data). A paused
 * client reads nothing until {@link #resume()}: to the server, a client that stopped reading.
 */
public final class SseClient implements AutoCloseable {

  /** One SSE message; {@code event} is null for the default event type. */
  public record Message(String id, String event, String data) {

    public JsonObject json() {
      return new JsonObject(data);
    }
  }

  private final List<Message> messages = new CopyOnWriteArrayList<>();
  private final CompletableFuture<HttpResponse<InputStream>> response;
  private final CountDownLatch resumed = new CountDownLatch(1);
  private final Thread reader;
  private volatile int status;
  private volatile boolean ended;

  public SseClient(String url, String bearerToken) {
    this(url, bearerToken, Map.of(), false);
  }

  /** A client sending extra request headers, {@code Last-Event-ID} for example. */
  public SseClient(String url, String bearerToken, Map<String, String> headers) {
    this(url, bearerToken, headers, false);
  }

  /** A client that reads nothing until {@link #resume()}. */
  public static SseClient paused(String url, String bearerToken) {
    return new SseClient(url, bearerToken, Map.of(), true);
  }

  private SseClient(String url, String bearerToken, Map<String, String> headers, boolean paused) {
    var request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
        .header("Authorization", "Bearer " + bearerToken);
    headers.forEach(request::header);
    response = HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    if (!paused) {
      resumed.countDown();
    }
    reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try {
      HttpResponse<InputStream> r = response.get();
      status = r.statusCode();
      resumed.await();
      try (var lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        String id = null;
        String event = null;
        StringBuilder data = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.isEmpty()) {
            if (data != null) {
              messages.add(new Message(id, event, data.toString()));
            }
            id = null;
            event = null;
            data = null;
          } else if (line.startsWith("id:")) {
            id = line.substring(3).trim();
          } else if (line.startsWith("event:")) {
            event = line.substring(6).trim();
          } else if (line.startsWith("data:")) {
            data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5).trim());
          }
        }
      }
      ended = true;
    } catch (IOException | RuntimeException | java.util.concurrent.ExecutionException closed) {
      // the stream ends when the client is closed
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts reading what a paused client left unread. */
  public void resume() {
    resumed.countDown();
  }

  /** The HTTP status once the response started, else 0. */
  public int status() {
    return status;
  }

  /** True once the server ended the stream. */
  public boolean ended() {
    return ended;
  }

  /** Every message received, in order. */
  public List<Message> messages() {
    return List.copyOf(messages);
  }

  /** The data of every default-type message (the CloudEvents), as JSON. */
  public List<JsonObject> events() {
    return messages.stream().filter(m -> m.event() == null).map(Message::json).toList();
  }

  /** Events whose HubSpot eventId (CloudEvent extension {@code hubspoteventid}) is the given one. */
  public long countWithId(String id) {
    return events().stream().filter(e -> id.equals(e.getString("hubspoteventid"))).count();
  }

  @Override
  public void close() {
    response.cancel(true);
    response.thenAccept(r -> {
      try {
        r.body().close();
      } catch (IOException ignored) {
        // closing anyway
      }
    });
    resumed.countDown();
    reader.interrupt();
  }
}
