package io.hubgate.hubspot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
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
@Tag(name = "HubSpot API")
// the refusals every call may get, as shared responses of META-INF/openapi.yaml; HubSpot's own answers are "default"
@APIResponse(responseCode = "400", ref = "HubSpotCallBadRequest")
@APIResponse(responseCode = "401", ref = "Unauthenticated")
@APIResponse(responseCode = "403", ref = "AccessRefused")
@APIResponse(responseCode = "404", ref = "UnknownPortal")
@APIResponse(responseCode = "409", ref = "PortalNotAuthorized")
@APIResponse(responseCode = "429", ref = "HubSpotCallTooMany")
@APIResponse(responseCode = "502", ref = "HubSpotCallBadGateway")
@APIResponse(responseCode = "503", ref = "HubSpotCallUnavailable")
@APIResponse(responseCode = "504", ref = "HubSpotCallTimeout")
@APIResponse(responseCode = "default", ref = "HubSpotAnswer")
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
  @Operation(summary = "Forward a read", description = "Forwarded to HubSpot with the portal's token. Single-record reads are coalesced (see the /crm/v3/objects/{objectType}/{objectId} shape); GETs of property definitions, pipelines and association labels are answered from a per-portal cache (Age, X-Hubgate-Cache: hit|miss).")
  @SecurityRequirement(name = "bearer", scopes = "hubspot.read")
  @Parameters({@Parameter(name = "portalId", ref = "portalId"), @Parameter(name = "path", ref = "hubspotPath"),
      @Parameter(name = PRIORITY_HEADER, ref = "priority")})
  public Uni<RestResponse<byte[]>> get(@Context HttpServerRequest request) {
    return forward(request, null);
  }

  @HEAD
  @Path("{path: .*}")
  @Operation(summary = "Forward a HEAD", description = "Forwarded to HubSpot with the portal's token; HubSpot's headers come back, no body.")
  @SecurityRequirement(name = "bearer", scopes = "hubspot.read")
  @Parameters({@Parameter(name = "portalId", ref = "portalId"), @Parameter(name = "path", ref = "hubspotPath"),
      @Parameter(name = PRIORITY_HEADER, ref = "priority")})
  public Uni<RestResponse<byte[]>> head(@Context HttpServerRequest request) {
    return forward(request, null);
  }

  @DELETE
  @Path("{path: .*}")
  @Operation(summary = "Forward a delete", description = "Forwarded to HubSpot with the portal's token. Single-record archives are coalesced (see the /crm/v3/objects/{objectType}/{objectId} shape).")
  @SecurityRequirement(name = "bearer", scopes = "hubspot.write")
  @Parameters({@Parameter(name = "portalId", ref = "portalId"), @Parameter(name = "path", ref = "hubspotPath"),
      @Parameter(name = PRIORITY_HEADER, ref = "priority")})
  public Uni<RestResponse<byte[]>> delete(@Context HttpServerRequest request, byte[] body) {
    return forward(request, body);
  }

  @POST
  @Path("{path: .*}")
  @Operation(summary = "Forward a POST", description = "Forwarded to HubSpot with the portal's token. Needs hubspot.write, except the read-only POSTs .../search and .../batch/read (hubspot.read; see their shapes). Single-record creates are coalesced (see the /crm/v3/objects/{objectType} shape).")
  @SecurityRequirement(name = "bearer", scopes = "hubspot.write")
  @Parameters({@Parameter(name = "portalId", ref = "portalId"), @Parameter(name = "path", ref = "hubspotPath"),
      @Parameter(name = PRIORITY_HEADER, ref = "priority")})
  public Uni<RestResponse<byte[]>> post(@Context HttpServerRequest request, byte[] body) {
    return forward(request, body);
  }

  @PUT
  @Path("{path: .*}")
  @Operation(summary = "Forward a PUT", description = "Forwarded to HubSpot with the portal's token. Default associations are coalesced (see the /crm/v4/objects/.../associations/default/... shape).")
  @SecurityRequirement(name = "bearer", scopes = "hubspot.write")
  @Parameters({@Parameter(name = "portalId", ref = "portalId"), @Parameter(name = "path", ref = "hubspotPath"),
      @Parameter(name = PRIORITY_HEADER, ref = "priority")})
  public Uni<RestResponse<byte[]>> put(@Context HttpServerRequest request, byte[] body) {
    return forward(request, body);
  }

  @PATCH
  @Path("{path: .*}")
  @Operation(summary = "Forward a PATCH", description = "Forwarded to HubSpot with the portal's token. Single-record updates are coalesced (see the /crm/v3/objects/{objectType}/{objectId} shape).")
  @SecurityRequirement(name = "bearer", scopes = "hubspot.write")
  @Parameters({@Parameter(name = "portalId", ref = "portalId"), @Parameter(name = "path", ref = "hubspotPath"),
      @Parameter(name = PRIORITY_HEADER, ref = "priority")})
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
