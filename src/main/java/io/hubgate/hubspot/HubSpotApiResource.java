package io.hubgate.hubspot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jboss.resteasy.reactive.RestResponse;

import io.hubgate.access.CallerAccess;
import io.hubgate.cache.DefinitionsCache;
import io.hubgate.ratelimit.Lane;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * The gateway's HubSpot API: {@code /hubspot/{portalId}/<HubSpot path>} is forwarded to HubSpot as it is (method, path,
 * raw query, body, content headers), with the portal's token instead of the caller's, under the portal's limiter and
 * the client's retries; HubSpot's answer comes back unchanged. An SDK pointed at {@code <gateway>/hubspot/<portalId>}
 * works as against HubSpot.
 * <p>
 * Access: a bearer token listing the portal in {@code hubgate_portals}; {@code hubspot.read} for GET/HEAD and the
 * read-only POSTs ({@code .../search}, {@code .../batch/read}), {@code hubspot.write} for everything else, decided on
 * the parsed {@link RequestTarget} that is also what is sent. Refusals (a target without a single meaning: 400) are
 * decided before anything is sent. {@code X-Hubgate-Priority: bulk} puts a call in the bulk lane.
 * <p>
 * Single-record calls that a HubSpot batch can carry (create, read, update, archive, default association) go out
 * coalesced with other callers' ({@link CoalescedCalls}, {@code docs/coalescing.md}), decided after access on the same
 * target; each caller still gets what the single endpoint would have answered.
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
  private final CoalescedCalls coalesced;
  private final CallerAccess access;
  private final SecurityIdentity identity;
  private final DefinitionsCache definitions;

  HubSpotApiResource(HubSpotClient client, CoalescedCalls coalesced, CallerAccess access, SecurityIdentity identity,
      DefinitionsCache definitions) {
    this.client = client;
    this.coalesced = coalesced;
    this.access = access;
    this.identity = identity; // a request-scoped proxy: the current caller
    this.definitions = definitions;
  }

  @GET
  @Path("{path: .*}")
  public Uni<RestResponse<byte[]>> get(@Context HttpServerRequest request) {
    return forward(request, null);
  }

  @HEAD
  @Path("{path: .*}")
  public Uni<RestResponse<byte[]>> head(@Context HttpServerRequest request) {
    return forward(request, null);
  }

  @DELETE
  @Path("{path: .*}")
  public Uni<RestResponse<byte[]>> delete(@Context HttpServerRequest request, byte[] body) {
    return forward(request, body);
  }

  @POST
  @Path("{path: .*}")
  public Uni<RestResponse<byte[]>> post(@Context HttpServerRequest request, byte[] body) {
    return forward(request, body);
  }

  @PUT
  @Path("{path: .*}")
  public Uni<RestResponse<byte[]>> put(@Context HttpServerRequest request, byte[] body) {
    return forward(request, body);
  }

  @PATCH
  @Path("{path: .*}")
  public Uni<RestResponse<byte[]>> patch(@Context HttpServerRequest request, byte[] body) {
    return forward(request, body);
  }

  /**
   * The raw request target is parsed once; the portal, the access check, the lane, the retry decision and what is
   * sent all come from that one {@link RequestTarget}. JAX-RS' own view of the path (decoded, matrix parameters
   * dropped, {@code {portalId}}) decides nothing.
   */
  private Uni<RestResponse<byte[]>> forward(HttpServerRequest request, byte[] body) {
    RequestTarget target = RequestTarget.parse(request.uri());
    String method = request.method().name();
    access.require(identity, target.portalId(), HubSpotCalls.access(method, target));

    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (Map.Entry<String, String> h : request.headers()) {
      if (FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        headers.add(Map.entry(h.getKey(), h.getValue()));
      }
    }
    boolean bulk = "bulk".equalsIgnoreCase(request.getHeader(PRIORITY_HEADER));
    Lane lane = HubSpotCalls.lane(method, target, bulk);
    Optional<Uni<HubSpotResponse>> batched = coalesced.carry(method, target, lane, body);
    if (batched.isPresent()) {
      return batched.get().map(response -> relay(response, false));
    }
    var outbound = new HubSpotRequest(method, target, headers, body == null ? null : Buffer.buffer(body), lane);
    boolean head = "HEAD".equals(method);
    return definitions.through(method, target, () -> client.send(outbound)).map(response -> relay(response, head));
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
}
