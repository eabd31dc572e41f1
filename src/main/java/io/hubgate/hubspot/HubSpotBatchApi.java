package io.hubgate.hubspot;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * HubSpot's batch endpoints on the Quarkus REST Client (HUBSPOT.md §3.1, §4). Package-private: {@link HubSpotBatchClient}
 * is the facade that runs each call under the {@link HubSpotCallPolicy}. Bodies stay JSON text: HubSpot answers
 * 200/201/204/207/4xx/5xx with bodies that are parsed by hand (the default exception mapper is off, every status comes
 * back as a response, whose entity is read as text whatever the status).
 * <p>
 * {@code {root}/{family}} is {@code v3/objects} or {@code v4/associations} (legacy paths), or {@code objects/2026-03}
 * and {@code associations/2026-03} (date-versioned: the same API under a version the caller chose), see
 * {@link HubSpotBatchOperation#path}.
 */
@Path("/crm")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface HubSpotBatchApi {

  /** {@code POST /crm/v3/objects/{objectType}/batch/{read|create|update|upsert|archive}}. */
  @POST
  @Path("/{root}/{family}/{objectType}/batch/{operation}")
  Uni<Response> objects(@PathParam("root") String root, @PathParam("family") String family,
      @PathParam("objectType") String objectType, @PathParam("operation") String operation,
      @HeaderParam("Authorization") String authorization, String body);

  /** {@code POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/associate/default}. */
  @POST
  @Path("/{root}/{family}/{fromObjectType}/{toObjectType}/batch/associate/default")
  Uni<Response> associateDefault(@PathParam("root") String root, @PathParam("family") String family,
      @PathParam("fromObjectType") String fromObjectType, @PathParam("toObjectType") String toObjectType,
      @HeaderParam("Authorization") String authorization, String body);
}
