package io.hubgate.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for the simulator's tests, as a gateway would call HubSpot. */
final class SimHttp {

  /** One answer: status, headers and body. */
  record Answer(int status, HttpResponse<String> raw) {
    JsonObject json() {
      return new JsonObject(raw.body());
    }

    JsonArray results() {
      return json().getJsonArray("results");
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    String body() {
      return raw.body();
    }
  }

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String token;


  /** A generous-budget portal with a private-app token of every scope, and a client that calls as that token. */
  static SimHttp forPortal(HubSpotSimulator sim, long portal, String token, long appId) {
    sim.portals().add(portal).burstLimit(100_000);
    sim.portals().privateAppToken(portal, token, appId);
    return new SimHttp(sim.baseUrl(), token);
  }

  SimHttp(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  SimHttp as(String otherToken) {
    return new SimHttp(baseUrl, otherToken);
  }

  Answer get(String path) {
    return send(builder(path).GET());
  }

  Answer delete(String path) {
    return send(builder(path).DELETE());
  }

  Answer post(String path, Object json) {
    return send(builder(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.toString())));
  }

  Answer patch(String path, Object json) {
    return send(builder(path).header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(json.toString())));
  }

  Answer put(String path) {
    return send(builder(path).PUT(HttpRequest.BodyPublishers.noBody()));
  }

  Answer form(String path, String form) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpRequest.Builder builder(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  static JsonObject props(String... keyValues) {
    JsonObject properties = new JsonObject();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.put(keyValues[i], keyValues[i + 1]);
    }
    return new JsonObject().put("properties", properties);
  }
}
