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
 */
@Path("/crm")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface HubSpotBatchApi {

  @POST
  @Path("/v3/objects/{objectType}/batch/read")
  Uni<Response> read(@PathParam("objectType") String objectType,
      @HeaderParam("Authorization") String authorization, String body);

  @POST
  @Path("/v3/objects/{objectType}/batch/create")
  Uni<Response> create(@PathParam("objectType") String objectType,
      @HeaderParam("Authorization") String authorization, String body);

  @POST
  @Path("/v3/objects/{objectType}/batch/update")
  Uni<Response> update(@PathParam("objectType") String objectType,
      @HeaderParam("Authorization") String authorization, String body);

  @POST
  @Path("/v3/objects/{objectType}/batch/upsert")
  Uni<Response> upsert(@PathParam("objectType") String objectType,
      @HeaderParam("Authorization") String authorization, String body);

  @POST
  @Path("/v3/objects/{objectType}/batch/archive")
  Uni<Response> archive(@PathParam("objectType") String objectType,
      @HeaderParam("Authorization") String authorization, String body);

  @POST
  @Path("/v4/associations/{fromObjectType}/{toObjectType}/batch/associate/default")
  Uni<Response> associateDefault(@PathParam("fromObjectType") String fromObjectType,
      @PathParam("toObjectType") String toObjectType, @HeaderParam("Authorization") String authorization,
      String body);
}
