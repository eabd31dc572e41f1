package io.hubgate.hubspot;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.vertx.mutiny.core.buffer.Buffer;

/** HubSpot's answer as received: status, headers (hop-by-hop ones removed) and body. */
public record HubSpotResponse(int status, List<Map.Entry<String, String>> headers, Buffer body) {

  /** The first value of a header, case-insensitive, or null. */
  public String header(String name) {
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  public String contentType() {
    String type = header("Content-Type");
    return type == null ? null : type.toLowerCase(Locale.ROOT).trim();
  }
}
