package io.hubgate.simulator;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * HubSpot's OAuth endpoints: the v1 form endpoint, its body-parameter successors ({@code /oauth/v3/token},
 * {@code /oauth/2026-03/token}), introspection and revocation (HUBSPOT.md §6).
 */
final class OAuthResource {

  private final OAuth oauth;
  private final Clock clock;
  private final Responses responses;

  OAuthResource(OAuth oauth, Clock clock, Responses responses) {
    this.oauth = oauth;
    this.clock = clock;
    this.responses = responses;
  }

  void register(Router router) {
    for (String base : new String[] {"/oauth/v1", "/oauth/v3", "/oauth/:version"}) {
      router.post(base + "/token").handler(this::token);
    }
    for (String base : new String[] {"/oauth/v3", "/oauth/:version"}) {
      router.post(base + "/token/introspect").handler(this::introspect);
      router.post(base + "/token/revoke").handler(this::revoke);
    }
    router.get("/oauth/authorize").handler(this::authorize);
    router.get("/oauth/v1/access-tokens/:token").handler(this::accessTokenInfo);
    router.get("/oauth/v1/refresh-tokens/:token").handler(this::refreshTokenInfo);
    router.delete("/oauth/v1/refresh-tokens/:token").handler(this::deleteRefreshToken);
  }

  /**
   * HubSpot's authorize page (app.hubspot.com) reduced to its outcome: the installing portal's user accepts,
   * and the browser is redirected to {@code redirect_uri} with {@code code} and {@code state}.
   */
  private void authorize(RoutingContext ctx) {
    MultiMap query = ctx.queryParams();
    OAuth.App app = oauth.app(query.get("client_id")).orElse(null);
    String redirectUri = query.get("redirect_uri");
    if (app == null || redirectUri == null
        || (!app.redirectUris().isEmpty() && !app.redirectUris().contains(redirectUri))) {
      responses.json(ctx, 400, HubSpotErrors.error("BAD_REQUEST", "unknown client_id or redirect_uri"));
      return;
    }
    if (oauth.installingPortal() == 0) {
      responses.json(ctx, 400, HubSpotErrors.error("BAD_REQUEST", "no installing portal: call oauth().installingPortal(id)"));
      return;
    }
    List<String> scopes = new ArrayList<>();
    for (String param : new String[] {"scope", "optional_scope"}) {
      String value = query.get(param);
      if (value != null) {
        scopes.addAll(List.of(value.trim().split("[\\s+]+")));
      }
    }
    String code = oauth.authorizationCode(app.clientId(), oauth.installingPortal(), scopes.toArray(String[]::new));
    StringBuilder location = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?')
        .append("code=").append(code);
    if (query.get("state") != null) {
      location.append("&state=").append(URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
    }
    ctx.response().putHeader("Location", location.toString());
    responses.empty(ctx, 302);
  }

  private void token(RoutingContext ctx) {
    if (!oauth.admitTokenRequest()) {
      ApiCall.of(ctx).verdict = null;
      ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, oauth.tokenEndpointWindow().toSeconds())));
      responses.json(ctx, 429, HubSpotErrors.rateLimit(RateLimits.Policy.TEN_SECONDLY_ROLLING, 0, 0));
      return;
    }
    MultiMap form = params(ctx);
    String grantType = form.get("grant_type");
    OAuth.App app = oauth.app(form.get("client_id")).orElse(null);
    if (app == null) {
      responses.json(ctx, 400, HubSpotErrors.oauth("invalid_client", "BAD_CLIENT_ID", "missing or unknown client id"));
      return;
    }
    if (!app.clientSecret().equals(form.get("client_secret"))) {
      responses.json(ctx, 400,
          HubSpotErrors.oauth("invalid_client", "BAD_CLIENT_SECRET", "missing or invalid client secret"));
      return;
    }
    if ("authorization_code".equals(grantType)) {
      authorizationCode(ctx, app, form);
    } else if ("refresh_token".equals(grantType)) {
      refresh(ctx, app, form);
    } else {
      responses.json(ctx, 400, HubSpotErrors.oauth("unsupported_grant_type", "BAD_GRANT_TYPE",
          "grant_type must be authorization_code or refresh_token"));
    }
  }

  private void authorizationCode(RoutingContext ctx, OAuth.App app, MultiMap form) {
    String redirectUri = form.get("redirect_uri");
    if (!app.redirectUris().isEmpty() && !app.redirectUris().contains(redirectUri)) {
      responses.json(ctx, 400, HubSpotErrors.oauth("invalid_grant", "BAD_REDIRECT_URI",
          "redirect_uri does not match the one the app registered"));
      return;
    }
    OAuth.Grant grant = oauth.redeemCode(form.get("code"));
    if (grant == null || !grant.clientId().equals(app.clientId())) {
      responses.json(ctx, 400, HubSpotErrors.oauth("invalid_grant", "BAD_AUTH_CODE", "missing or invalid auth code"));
      return;
    }
    tokens(ctx, oauth.issue(app, grant.portalId(), grant.scopes(), null));
  }

  private void refresh(RoutingContext ctx, OAuth.App app, MultiMap form) {
    io.vertx.core.Context context = ctx.vertx().getOrCreateContext();
    if (oauth.holdRefresh(() -> context.runOnContext(v -> refresh(ctx, app, form)))) {
      return;
    }
    OAuth.RefreshToken existing = oauth.refreshToken(form.get("refresh_token"));
    if (existing == null || !existing.clientId().equals(app.clientId())) {
      responses.json(ctx, 400, HubSpotErrors.badRefreshToken());
      return;
    }
    tokens(ctx, oauth.issue(app, existing.portalId(), existing.scopes(), existing));
  }

  private void tokens(RoutingContext ctx, OAuth.Issued issued) {
    Credential access = issued.access();
    ApiCall call = ApiCall.of(ctx);
    call.portalId = access.portalId();
    call.appId = access.appId();
    JsonObject body = new JsonObject()
        .put("token_type", "bearer")
        .put("refresh_token", issued.refreshToken())
        .put("access_token", access.token())
        .put("expires_in", Duration.between(clock.instant(), access.expiresAt()).toSeconds())
        .put("hub_id", access.portalId())
        .put("user_id", access.userId())
        .put("scopes", scopes(access.scopes()))
        .put("token_use", "access_token");
    responses.json(ctx, 200, body);
  }

  private void introspect(RoutingContext ctx) {
    MultiMap form = params(ctx);
    String token = firstOf(form, "token", "access_token", "refresh_token");
    Credential access = token == null ? null : oauth.accessToken(token);
    if (access != null && !access.expiredAt(clock.instant())) {
      responses.json(ctx, 200, new JsonObject()
          .put("active", true)
          .put("client_id", access.clientId())
          .put("hub_id", access.portalId())
          .put("app_id", access.appId())
          .put("user_id", access.userId())
          .put("scopes", scopes(access.scopes()))
          .put("token_use", "access_token")
          .put("token_type", "access")
          .put("expires_in", Duration.between(clock.instant(), access.expiresAt()).toSeconds())
          .put("is_private_distribution", false));
      return;
    }
    OAuth.RefreshToken refresh = oauth.refreshToken(token);
    if (refresh != null) {
      responses.json(ctx, 200, new JsonObject()
          .put("active", true)
          .put("client_id", refresh.clientId())
          .put("hub_id", refresh.portalId())
          .put("user_id", refresh.userId())
          .put("scopes", scopes(refresh.scopes()))
          .put("token_use", "refresh_token")
          .put("token_type", "refresh")
          .put("is_private_distribution", false));
      return;
    }
    responses.json(ctx, 200, new JsonObject().put("active", false));
  }

  private void revoke(RoutingContext ctx) {
    String token = firstOf(params(ctx), "token", "refresh_token", "access_token");
    if (token != null) {
      oauth.revokeRefreshToken(token);
      oauth.revokeAccessToken(token);
    }
    responses.empty(ctx, 204);
  }

  /** Expired and unknown tokens look the same here (HubSpot's answer for an expired one is unconfirmed). */
  private void accessTokenInfo(RoutingContext ctx) {
    Credential access = oauth.accessToken(ctx.pathParam("token"));
    if (access == null || access.expiredAt(clock.instant())) {
      responses.json(ctx, 404, HubSpotErrors.error("OBJECT_NOT_FOUND", "access token not found or expired"));
      return;
    }
    long expiresIn = Duration.between(clock.instant(), access.expiresAt()).toSeconds();
    JsonArray scopes = scopes(access.scopes());
    responses.json(ctx, 200, new JsonObject()
        .put("token", access.token())
        .put("user", "user" + access.userId() + "@example.com")
        .put("hub_domain", "portal" + access.portalId() + ".example.com")
        .put("scopes", scopes)
        .put("signed_access_token", new JsonObject()
            .put("expiresAt", access.expiresAt().toEpochMilli())
            .put("scopes", "simulated")
            .put("hubId", access.portalId())
            .put("userId", access.userId())
            .put("appId", access.appId())
            .put("signature", "simulated")
            .put("scopeToScopeGroupPks", "simulated")
            .put("newSignature", "simulated")
            .put("hublet", "na1")
            .put("trialScopes", "")
            .put("trialScopeToScopeGroupPks", "")
            .put("isUserLevel", false))
        .put("hub_id", access.portalId())
        .put("app_id", access.appId())
        .put("expires_in", expiresIn)
        .put("user_id", access.userId())
        .put("token_type", "access"));
  }

  private void refreshTokenInfo(RoutingContext ctx) {
    OAuth.RefreshToken refresh = oauth.refreshToken(ctx.pathParam("token"));
    if (refresh == null) {
      responses.json(ctx, 404, HubSpotErrors.error("OBJECT_NOT_FOUND", "refresh token not found"));
      return;
    }
    responses.json(ctx, 200, new JsonObject()
        .put("token", refresh.token())
        .put("user", "user" + refresh.userId() + "@example.com")
        .put("hub_domain", "portal" + refresh.portalId() + ".example.com")
        .put("scopes", scopes(refresh.scopes()))
        .put("hub_id", refresh.portalId())
        .put("client_id", refresh.clientId())
        .put("user_id", refresh.userId())
        .put("token_type", "refresh"));
  }

  private void deleteRefreshToken(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    if (oauth.refreshToken(token) == null) {
      responses.json(ctx, 404, HubSpotErrors.error("OBJECT_NOT_FOUND", "refresh token not found"));
      return;
    }
    oauth.revokeRefreshToken(token);
    responses.empty(ctx, 204);
  }

  /** The v1 endpoint takes a form; its successors are documented with form bodies too, JSON is tolerated. */
  private static MultiMap params(RoutingContext ctx) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    params.addAll(ctx.request().formAttributes());
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType != null && contentType.contains("json") && ctx.body().length() > 0) {
      try {
        ctx.body().asJsonObject().forEach(e -> params.add(e.getKey(), String.valueOf(e.getValue())));
      } catch (RuntimeException ignored) {
        // a broken JSON body is answered like missing parameters
      }
    }
    return params;
  }

  private static String firstOf(MultiMap form, String... names) {
    for (String name : names) {
      if (form.get(name) != null) {
        return form.get(name);
      }
    }
    return null;
  }

  private static JsonArray scopes(Set<String> scopes) {
    return new JsonArray(List.copyOf(new TreeSet<>(scopes)));
  }
}
