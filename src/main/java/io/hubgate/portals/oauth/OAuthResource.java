package io.hubgate.portals.oauth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import io.hubgate.access.Access;
import io.hubgate.access.AccessProblems;
import io.hubgate.access.Caller;
import io.hubgate.access.CallerAccess;
import io.hubgate.config.HubgateConfig;
import io.hubgate.problem.Problem;
import io.hubgate.problem.ProblemException;
import io.hubgate.problem.ProblemMappers;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/**
 * Installing the gateway's HubSpot app in a portal. {@code GET /oauth/install} (scope {@code hubgate.admin}) redirects to
 * HubSpot's authorize page with a signed, expiring {@code state}; HubSpot redirects the browser to the open
 * {@code GET /oauth/callback}, which checks the state, exchanges the code and stores the portal's tokens, if the portal is
 * one that the admin who started the install may act for (claim {@code hubgate_portals}, carried in the signed state).
 */
@Path("/oauth")
public class OAuthResource {

  private final OAuthTokens tokens;
  private final OAuthState states;
  private final CallerAccess access;
  private final CurrentIdentityAssociation identities;
  private final HubgateConfig config;

  OAuthResource(OAuthTokens tokens, OAuthState states, CallerAccess access, CurrentIdentityAssociation identities,
      HubgateConfig config) {
    this.tokens = tokens;
    this.states = states;
    this.access = access;
    this.identities = identities;
    this.config = config;
  }

  @GET
  @Path("install")
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<RestResponse<Problem>> install(@Context UriInfo uri) {
    return identities.getDeferredIdentity()
        .map(identity -> {
          Caller admin;
          try {
            admin = access.require(identity, Access.ADMIN);
          } catch (ProblemException refused) {
            return refusal(refused, uri);
          }
          if (!tokens.enabled()) {
            throw OAuthTokens.notEnabled();
          }
          return RestResponse.ResponseBuilder.<Problem>create(RestResponse.Status.FOUND)
              .location(authorizeUri(redirectUri(uri), states.issue(new OAuthState.Allowed(admin.allPortals(), admin.portals()))))
              .header("Cache-Control", "no-store")
              .build();
        })
        .onFailure(OAuthResource::authenticationFailed)
        .recoverWithItem(failure -> refusal(AccessProblems.unauthenticated(), uri));
  }

  @GET
  @Path("callback")
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<RestResponse<OAuthTokens.Installed>> callback(@RestQuery String code, @RestQuery String state,
      @RestQuery String error, @Context UriInfo uri) {
    if (error != null) {
      Log.infof("OAuth install refused at HubSpot: %s", TokenEndpoint.safe(error));
      throw new ProblemException(400, "oauth-install-refused", "OAuth Install Refused",
          "HubSpot did not authorise the install (error " + TokenEndpoint.safe(error) + "); nothing was stored.");
    }
    OAuthState.Allowed allowed = states.verify(state);
    if (code == null || code.isBlank()) {
      throw new ProblemException(400, "missing-oauth-code", "Missing OAuth Code", "The callback has no code.");
    }
    return tokens.install(code, redirectUri(uri).toString(), allowed::allows)
        .map(installed -> RestResponse.ResponseBuilder.ok(installed).header("Cache-Control", "no-store").build());
  }

  /** A bearer token that does not verify (forged, expired, another issuer, not a JWT). */
  private static boolean authenticationFailed(Throwable failure) {
    return failure instanceof io.quarkus.security.AuthenticationFailedException
        || failure instanceof io.quarkus.security.AuthenticationCompletionException
        || failure instanceof io.quarkus.security.UnauthorizedException;
  }

  private URI redirectUri(UriInfo uri) {
    return config.oauth().redirectUri().orElseGet(() -> uri.getBaseUriBuilder().path("oauth/callback").build());
  }

  private URI authorizeUri(URI redirectUri, String state) {
    HubgateConfig.OAuth oauth = config.oauth();
    StringBuilder url = new StringBuilder(oauth.authorizeUrl().toString())
        .append(oauth.authorizeUrl().getQuery() == null ? '?' : '&')
        .append("client_id=").append(encode(oauth.clientId().orElseThrow()))
        .append("&scope=").append(encode(String.join(" ", oauth.scopes())))
        .append("&redirect_uri=").append(encode(redirectUri.toString()))
        .append("&state=").append(encode(state));
    List<String> optional = oauth.optionalScopes().orElse(List.of());
    if (!optional.isEmpty()) {
      url.append("&optional_scope=").append(encode(String.join(" ", optional)));
    }
    return URI.create(url.toString());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static RestResponse<Problem> refusal(ProblemException refused, UriInfo uri) {
    return ProblemMappers.respond(refused, uri.getPath());
  }
}
