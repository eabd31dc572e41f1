package io.hubgate.events;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.hubgate.access.Access;
import io.hubgate.access.CallerAccess;
import io.hubgate.problem.Problem;
import io.hubgate.problem.ProblemException;
import io.hubgate.problem.ProblemMappers;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Checks a caller of the live stream before the stream starts: once an SSE response is chosen, a refusal can no longer
 * be written as problem+json. The stream itself then filters events by the caller's portals. Bound by
 * {@link StreamAccess} to the stream method itself, never to a path: it runs for whatever request target routes there.
 */
class EventStreamAccessFilter {

  private final CallerAccess access;
  private final CurrentIdentityAssociation identities;

  EventStreamAccessFilter(CallerAccess access, CurrentIdentityAssociation identities) {
    this.access = access;
    this.identities = identities;
  }

  @StreamAccess
  @ServerRequestFilter
  Uni<RestResponse<Problem>> check(ContainerRequestContext request) {
    String portal = request.getUriInfo().getQueryParameters().getFirst("portalId");
    return identities.getDeferredIdentity()
        .map(identity -> {
          try {
            if (portal == null) {
              access.require(identity, Access.READ);
            } else {
              access.require(identity, parsePortal(portal), Access.READ);
            }
            return (RestResponse<Problem>) null;
          } catch (ProblemException refused) {
            return ProblemMappers.respond(refused, "/events");
          }
        })
        .onFailure().recoverWithItem(failure -> ProblemMappers.respond(ProblemException.unauthenticated(), "/events"));
  }

  private static long parsePortal(String portal) {
    try {
      return Long.parseLong(portal);
    } catch (NumberFormatException e) {
      throw new ProblemException(400, "bad-portal-id", "Bad Portal Id", "portalId must be a number.");
    }
  }
}
