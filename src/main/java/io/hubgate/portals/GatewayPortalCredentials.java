package io.hubgate.portals;

import io.hubgate.portals.oauth.OAuthTokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The {@link PortalCredentials} CDI injects: a portal's configured private-app token if it has one, else the OAuth tokens
 * of the gateway's app installed in it.
 */
@ApplicationScoped
public class GatewayPortalCredentials implements PortalCredentials, PortalAppIds {

  /** App id reported for an OAuth install when HubSpot's token information did not name the app. */
  static final String UNKNOWN_OAUTH_APP = "oauth";

  private final ConfiguredPortalCredentials configured;
  private final OAuthTokens oauth;

  GatewayPortalCredentials(ConfiguredPortalCredentials configured, OAuthTokens oauth) {
    this.configured = configured;
    this.oauth = oauth;
  }

  @Override
  public Uni<String> accessToken(long portalId) {
    return configured.configuredToken(portalId).isPresent() ? configured.accessToken(portalId) : oauth.accessToken(portalId);
  }

  @Override
  public Uni<String> afterUnauthorized(long portalId, String rejectedToken) {
    return configured.configuredToken(portalId).isPresent()
        ? configured.afterUnauthorized(portalId, rejectedToken)
        : oauth.afterUnauthorized(portalId, rejectedToken);
  }

  @Override
  public Uni<String> appId(long portalId) {
    var appId = configured.configuredAppId(portalId);
    if (appId.isPresent()) {
      return Uni.createFrom().item(appId.get());
    }
    // accessToken fails as callers would (not installed, re-authorisation needed) before an app id is given
    return oauth.accessToken(portalId)
        .chain(token -> oauth.appId(portalId))
        .map(id -> id == null ? UNKNOWN_OAUTH_APP : id);
  }
}
