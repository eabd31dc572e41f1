package io.hubgate.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.hubgate.hubspot.HubSpotResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * A 200 answer as the cache keeps it: the content type, the body and when it was stored (for {@code Age}). Nothing
 * else of HubSpot's answer: its rate-limit and correlation headers belong to the call that loaded it, and no token or
 * caller identity is ever part of an entry.
 */
record CachedAnswer(String contentType, byte[] body, long storedAtMillis) {

  static final String CACHE_HEADER = "X-Hubgate-Cache";

  static CachedAnswer of(HubSpotResponse response, long now) {
    return new CachedAnswer(response.header("Content-Type"), response.body().getBytes(), now);
  }

  long ageSeconds(long now) {
    return Math.max(0, (now - storedAtMillis) / 1000);
  }

  /** What a hit answers: the stored answer with its {@code Age}. */
  HubSpotResponse hit(long now) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    if (contentType != null) {
      headers.add(Map.entry("Content-Type", contentType));
    }
    headers.add(Map.entry("Age", Long.toString(ageSeconds(now))));
    headers.add(Map.entry(CACHE_HEADER, "hit"));
    return new HubSpotResponse(200, headers, Buffer.buffer(body));
  }

  /** What the caller whose request reached HubSpot answers: HubSpot's answer as received, marked a miss. */
  static HubSpotResponse miss(HubSpotResponse response) {
    List<Map.Entry<String, String>> headers = new ArrayList<>(response.headers());
    headers.removeIf(h -> h.getKey().equalsIgnoreCase("Age") || h.getKey().equalsIgnoreCase(CACHE_HEADER));
    headers.add(Map.entry("Age", "0"));
    headers.add(Map.entry(CACHE_HEADER, "miss"));
    return new HubSpotResponse(response.status(), headers, response.body());
  }

  /** JSON for Redis; Vert.x writes the body as base64. */
  String toJson() {
    JsonObject json = new JsonObject().put("at", storedAtMillis).put("body", body);
    if (contentType != null) {
      json.put("type", contentType);
    }
    return json.encode();
  }

  static CachedAnswer fromJson(String text) {
    JsonObject json = new JsonObject(text);
    return new CachedAnswer(json.getString("type"), json.getBinary("body"), json.getLong("at"));
  }
}
