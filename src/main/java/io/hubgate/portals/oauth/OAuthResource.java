package io.hubgate.portals.oauth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestCookie;
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
 * HubSpot's authorize page with a signed, expiring {@code state} and sets the install cookie ({@value #COOKIE}) that binds
 * the state to this browser; HubSpot redirects the browser to the open {@code GET /oauth/callback}, which checks the state
 * and the cookie, uses the state up (once, across replicas), exchanges the code and stores the portal's tokens, if the
 * portal is one that the admin who started the install may act for (claim {@code hubgate_portals}, carried in the state).
 */
@Path("/oauth")
@Tag(name = "OAuth")
public class OAuthResource {

  /** The install cookie: a random key whose hash is in the state. */
  static final String COOKIE = "hubgate_oauth_install";

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
  @Operation(summary = "Start installing the gateway's HubSpot app",
      description = "Redirects to HubSpot's authorize page with the client id, hubgate.oauth.scopes, the redirect URI and "
          + "a signed state valid 10 minutes, and sets the install cookie hubgate_oauth_install (HttpOnly, "
          + "SameSite=Lax, Path=/oauth, Secure on https) whose hash the state carries. The install may only end in a "
          + "portal of the token's hubgate_portals.")
  @SecurityRequirement(name = "bearer", scopes = "hubgate.admin")
  @APIResponse(responseCode = "302", description = "To HubSpot's authorize page.", headers = {
      @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
      @Header(name = "Set-Cookie", description = "the install cookie",
          schema = @Schema(type = SchemaType.STRING))})
  @APIResponse(responseCode = "401", ref = "Unauthenticated")
  @APIResponse(responseCode = "403", description = "A token without hubgate.admin.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem"),
          examples = @ExampleObject(name = "missing-scope", ref = "missing-scope")))
  @APIResponse(responseCode = "503", description = "No hubgate.oauth.client-id.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem"),
          examples = @ExampleObject(name = "oauth-not-configured", ref = "oauth-not-configured")))
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
          URI redirectUri = redirectUri(uri);
          String browserKey = OAuthState.newBrowserKey();
          String state = states.issue(new OAuthState.Allowed(admin.allPortals(), admin.portals()), browserKey);
          return RestResponse.ResponseBuilder.<Problem>create(RestResponse.Status.FOUND)
              .location(authorizeUri(redirectUri, state))
              .header("Set-Cookie", cookie(browserKey, config.oauth().stateTtl().toSeconds(), secure(uri, redirectUri)))
              .header("Cache-Control", "no-store")
              .build();
        })
        .onFailure(OAuthResource::authenticationFailed)
        .recoverWithItem(failure -> refusal(AccessProblems.unauthenticated(), uri));
  }

  @GET
  @Path("callback")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "HubSpot's redirect after an install",
      description = "Open (HubSpot redirects the browser here): checks the state and the browser's install cookie, uses "
          + "the state up (once, across replicas), exchanges the code, learns the portal and app, stores the tokens "
          + "encrypted. Never shows a token.")
  @APIResponse(responseCode = "200", description = "Installed.",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthTokens.Installed.class)))
  @APIResponse(responseCode = "400", description = "Nothing is exchanged or stored.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem"),
          examples = {@ExampleObject(name = "bad-oauth-state", ref = "bad-oauth-state"),
              @ExampleObject(name = "oauth-install-refused", ref = "oauth-install-refused"),
              @ExampleObject(name = "missing-oauth-code", ref = "missing-oauth-code")}))
  @APIResponse(responseCode = "403", description = "The portal that installed is not among the admin's portals; nothing is stored.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem"),
          examples = @ExampleObject(name = "portal-not-allowed", ref = "portal-not-allowed")))
  @APIResponse(responseCode = "502", description = "HubSpot refused the code or did not answer.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem"),
          examples = @ExampleObject(name = "oauth-exchange-failed", ref = "oauth-exchange-failed")))
  public Uni<RestResponse<OAuthTokens.Installed>> callback(
      @Parameter(description = "HubSpot's authorization code") @RestQuery String code,
      @Parameter(description = "The state /oauth/install issued") @RestQuery String state,
      @Parameter(description = "Set by HubSpot when the install was refused") @RestQuery String error,
      @Parameter(description = "The install cookie") @RestCookie(COOKIE) String browserKey, @Context UriInfo uri) {
    if (error != null) {
      Log.infof("OAuth install refused at HubSpot: %s", TokenEndpoint.safe(error));
      throw new ProblemException(400, "oauth-install-refused", "OAuth Install Refused",
          "HubSpot did not authorise the install (error " + TokenEndpoint.safe(error) + "); nothing was stored.");
    }
    OAuthState.Verified verified = states.verify(state, browserKey);
    if (code == null || code.isBlank()) {
      throw new ProblemException(400, "missing-oauth-code", "Missing OAuth Code", "The callback has no code.");
    }
    URI redirectUri = redirectUri(uri);
    return tokens.consumeState(verified)
        .chain(() -> tokens.install(code, redirectUri.toString(), verified.allowed()::allows))
        .map(installed -> RestResponse.ResponseBuilder.ok(installed)
            .header("Set-Cookie", cookie("", 0, secure(uri, redirectUri)))
            .header("Cache-Control", "no-store")
            .build());
  }

  /** HttpOnly, SameSite=Lax (HubSpot's redirect is a top-level GET, which Lax lets through), only under /oauth. */
  private static String cookie(String value, long maxAgeSeconds, boolean secure) {
    return COOKIE + "=" + value + "; Max-Age=" + maxAgeSeconds + "; Path=/oauth; HttpOnly; SameSite=Lax"
        + (secure ? "; Secure" : "");
  }

  /** {@code hubgate.oauth.cookie-secure}, else whether the install request or the callback URL is https. */
  private boolean secure(UriInfo uri, URI redirectUri) {
    return config.oauth().cookieSecure()
        .orElseGet(() -> "https".equalsIgnoreCase(uri.getRequestUri().getScheme())
            || "https".equalsIgnoreCase(redirectUri.getScheme()));
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
