package io.hubgate.portals;

import io.smallrye.mutiny.Uni;

/**
 * The HubSpot app behind a portal's token: HubSpot's burst budget is per (portal, app). Kept apart from
 * {@link PortalCredentials} so that its contract stays as it is.
 */
public interface PortalAppIds {

  /**
   * {@code hubgate.portals."<id>".app-id} (default {@code private}) for a private-app token, the app id from HubSpot's token
   * information for an OAuth install ({@code oauth} if HubSpot did not say), or a {@link PortalNotAuthorizedException}.
   */
  Uni<String> appId(long portalId);
}
