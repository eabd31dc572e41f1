package io.hubgate.hubspot;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.hubgate.ratelimit.Lane;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * One call to HubSpot as the gateway sends it: method, the parsed {@link RequestTarget} (portal, and the path with its
 * raw query that goes out byte for byte), the headers to forward (content headers; never an {@code Authorization}, the
 * client sets the portal's), the body, and the lane it draws budget from.
 */
public record HubSpotRequest(String method, RequestTarget target, List<Map.Entry<String, String>> headers, Buffer body,
    Lane lane) {

  public HubSpotRequest {
    method = method.toUpperCase(Locale.ROOT);
    headers = List.copyOf(headers);
    body = body == null ? Buffer.buffer() : body;
  }

  public static HubSpotRequest get(long portalId, String pathAndQuery) {
    return new HubSpotRequest("GET", RequestTarget.of(portalId, pathAndQuery), List.of(), Buffer.buffer(),
        Lane.INTERACTIVE);
  }

  public static HubSpotRequest json(long portalId, String method, String pathAndQuery, String json) {
    RequestTarget target = RequestTarget.of(portalId, pathAndQuery);
    return new HubSpotRequest(method, target, List.of(Map.entry("Content-Type", "application/json")),
        Buffer.buffer(json), HubSpotCalls.lane(method, target, false));
  }

  public long portalId() {
    return target.portalId();
  }

  /** What goes to HubSpot after its base URL. */
  public String pathAndQuery() {
    return target.pathAndQuery();
  }

  public String path() {
    return target.path();
  }

  /** Whether sending it twice leaves HubSpot as sending it once (so an unknown outcome may be retried). */
  public boolean idempotent() {
    return HubSpotCalls.isIdempotent(method, target);
  }
}
