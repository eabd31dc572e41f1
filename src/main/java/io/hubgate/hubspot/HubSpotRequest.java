package io.hubgate.hubspot;

import java.util.List;
import java.util.Map;

import io.hubgate.ratelimit.Lane;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * One call to HubSpot as the gateway sends it: method, path with its raw query ({@code /crm/v3/objects/contacts?limit=10}),
 * the headers to forward (content headers; never an {@code Authorization}, the client sets the portal's), the body,
 * and the lane it draws budget from.
 */
public record HubSpotRequest(String method, String pathAndQuery, List<Map.Entry<String, String>> headers, Buffer body,
    Lane lane) {

  public HubSpotRequest {
    method = method.toUpperCase(java.util.Locale.ROOT);
    headers = List.copyOf(headers);
    body = body == null ? Buffer.buffer() : body;
  }

  public static HubSpotRequest get(String pathAndQuery) {
    return new HubSpotRequest("GET", pathAndQuery, List.of(), Buffer.buffer(), Lane.INTERACTIVE);
  }

  public static HubSpotRequest json(String method, String pathAndQuery, String json) {
    return new HubSpotRequest(method, pathAndQuery, List.of(Map.entry("Content-Type", "application/json")),
        Buffer.buffer(json), HubSpotCalls.isSearch(method, pathAndQuery) ? Lane.SEARCH : Lane.INTERACTIVE);
  }

  public String path() {
    int q = pathAndQuery.indexOf('?');
    return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
  }

  /** Whether sending it twice leaves HubSpot as sending it once (so an unknown outcome may be retried). */
  public boolean idempotent() {
    return HubSpotCalls.isIdempotent(method, path());
  }
}
