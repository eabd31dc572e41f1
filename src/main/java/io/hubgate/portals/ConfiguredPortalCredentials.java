package io.hubgate.portals;

import java.util.Optional;

import io.hubgate.config.HubgateConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/**
 * Private-app tokens from configuration ({@code hubgate.portals."<id>".access-token}). A private-app token does not
 * expire or refresh, so a 401 leaves nothing better to try. Injected as itself: the {@link PortalCredentials} that CDI
 * injects is {@link GatewayPortalCredentials}, which asks this class first.
 */
@ApplicationScoped
@Typed(ConfiguredPortalCredentials.class)
public class ConfiguredPortalCredentials implements PortalCredentials {

  private final HubgateConfig config;

  ConfiguredPortalCredentials(HubgateConfig config) {
    this.config = config;
  }

  /** The configured token, if any. */
  public Optional<String> configuredToken(long portalId) {
    return Optional.ofNullable(config.portals().get(Long.toString(portalId)))
        .flatMap(HubgateConfig.Portal::accessToken)
        .filter(t -> !t.isBlank());
  }

  /** The configured app id of a portal with a private-app token ({@code hubgate.portals."<id>".app-id}). */
  public Optional<String> configuredAppId(long portalId) {
    return configuredToken(portalId).map(t -> config.portals().get(Long.toString(portalId)).appId());
  }

  @Override
  public Uni<String> accessToken(long portalId) {
    return configuredToken(portalId)
        .map(t -> Uni.createFrom().item(t))
        .orElseGet(() -> Uni.createFrom().failure(PortalNotAuthorizedException.notConfigured(portalId)));
  }

  @Override
  public Uni<String> afterUnauthorized(long portalId, String rejectedToken) {
    return Uni.createFrom().failure(new PortalNotAuthorizedException(portalId,
        "HubSpot refused the configured private-app token (revoked or wrong portal)."));
  }
}
