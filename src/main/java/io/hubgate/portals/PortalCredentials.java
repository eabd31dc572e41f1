package io.hubgate.portals;

import io.smallrye.mutiny.Uni;

/**
 * The tokens the gateway presents to HubSpot for each portal: a private-app token from configuration, or an OAuth
 * access token kept valid (refreshed ahead of expiry, once across all replicas).
 * <p>
 * Contract: {@link #accessToken} gives a token valid now, or fails with {@link PortalNotAuthorizedException} when the
 * portal has none or needs re-authorisation. HubSpot says a 401 is not a signal to refresh, so the HubSpot client calls
 * {@link #afterUnauthorized} at most once per request and retries at most once with what it returns; it never loops.
 */
public interface PortalCredentials {

  Uni<String> accessToken(long portalId);

  /**
   * HubSpot refused {@code rejectedToken} with 401: a token to retry with once (refreshed if {@code rejectedToken} is still
   * the current OAuth token, else the current one if it differs), or a failure when there is nothing better to try.
   */
  Uni<String> afterUnauthorized(long portalId, String rejectedToken);
}
