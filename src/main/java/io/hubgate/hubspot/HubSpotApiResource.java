package io.hubgate.hubspot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jboss.resteasy.reactive.RestResponse;

import io.hubgate.access.CallerAccess;
import io.hubgate.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * The gateway's HubSpot API: {@code /hubspot/{portalId}/<HubSpot path>} is forwarded to HubSpot as it is (method, path,
 * raw query, body, content headers), with the portal's token instead of the caller's, under the portal's limiter and
 * the client's retries; HubSpot's answer comes back unchanged. An SDK pointed at {@code <gateway>/hubspot/<portalId>}
 * works as against HubSpot.
 * <p>
 * Access: a bearer token listing the portal in {@code hubgate_portals}; {@code hubspot.read} for GET/HEAD and the
 * read-only POSTs ({@code .../search}, {@code .../batch/read}), {@code hubspot.write} for everything else. Refusals are
 * decided before anything is sent. {@code X-Hubgate-Priority: bulk} puts a call in the bulk lane.
 */
@Path("/hubspot/{portalId}")
@Authenticated
@Consumes(MediaType.WILDCARD)
public class HubSpotApiResource {

  public static final String PRIORITY_HEADER = "X-Hubgate-Priority";
  /** Caller headers forwarded to HubSpot: content negotiation and conditions, never credentials or cookies. */
  private static final Set<String> FORWARDED = Set.of("content-type", "accept", "accept-language", "if-match",
      "if-none-match", "if-modified-since", "if-unmodified-since");

  private final HubSpotClient client;
  private final CallerAccess access;
  private final SecurityIdentity identity;

  HubSpotApiResource(HubSpotClient client, CallerAccess access, SecurityIdentity identity) {
    this.client = client;
    this.access = access;
    this.identity = identity; // a request-scoped proxy: the current caller
  }

  @GET
  @Path("{path: .*}")
  public Uni<RestResponse<byte[]>> get(@PathParam("portalId") String portalId, @Context HttpServerRequest request) {
    return forward(portalId, request, null);
  }

  @HEAD
  @Path("{path: .*}")
  public Uni<RestResponse<byte[]>> head(@PathParam("portalId") String portalId, @Context HttpServerRequest request) {
    return forward(portalId, request, null);
  }

  @DELETE
  @Path("{path: .*}")
  public Uni<RestResponse<byte[]>> delete(@PathParam("portalId") String portalId, @Context HttpServerRequest request,
      byte[] body) {
    return forward(portalId, request, body);
  }

  @POST
  @Path("{path: .*}")
  public Uni<RestResponse<byte[]>> post(@PathParam("portalId") String portalId, @Context HttpServerRequest request,
      byte[] body) {
    return forward(portalId, request, body);
  }

  @PUT
  @Path("{path: .*}")
  public Uni<RestResponse<byte[]>> put(@PathParam("portalId") String portalId, @Context HttpServerRequest request,
      byte[] body) {
    return forward(portalId, request, body);
  }

  @PATCH
  @Path("{path: .*}")
  public Uni<RestResponse<byte[]>> patch(@PathParam("portalId") String portalId, @Context HttpServerRequest request,
      byte[] body) {
    return forward(portalId, request, body);
  }

  private Uni<RestResponse<byte[]>> forward(String portalIdText, HttpServerRequest request, byte[] body) {
    long portalId = portalId(portalIdText);
    String prefix = "/hubspot/" + portalIdText;
    String uri = request.uri();
    String pathAndQuery = uri.startsWith(prefix) ? uri.substring(prefix.length()) : uri;
    if (pathAndQuery.isEmpty() || pathAndQuery.charAt(0) != '/') {
      pathAndQuery = "/" + pathAndQuery;
    }
    String method = request.method().name();
    String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
    access.require(identity, portalId, HubSpotCalls.access(method, path));

    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (Map.Entry<String, String> h : request.headers()) {
      if (FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        headers.add(Map.entry(h.getKey(), h.getValue()));
      }
    }
    boolean bulk = "bulk".equalsIgnoreCase(request.getHeader(PRIORITY_HEADER));
    var outbound = new HubSpotRequest(method, pathAndQuery, headers, body == null ? null : Buffer.buffer(body),
        HubSpotCalls.lane(method, pathAndQuery, bulk));
    boolean head = "HEAD".equals(method);
    return client.send(portalId, outbound).map(response -> relay(response, head));
  }

  private static RestResponse<byte[]> relay(HubSpotResponse response, boolean head) {
    var builder = RestResponse.ResponseBuilder.<byte[]>create(response.status());
    for (Map.Entry<String, String> h : response.headers()) {
      builder.header(h.getKey(), h.getValue());
    }
    if (!head && response.body().length() > 0) {
      builder.entity(response.body().getBytes());
    }
    return builder.build();
  }

  private static long portalId(String text) {
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException ignored) {
      // falls through to the 404 below
    }
    throw new ProblemException(404, "unknown-portal", "Unknown Portal", "A portal id is a positive number.");
  }
}
