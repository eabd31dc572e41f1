package io.hubgate.portals;

import io.hubgate.problem.ProblemException;

/** No usable HubSpot credentials for a portal: not configured, not installed, or its authorisation was revoked. */
public class PortalNotAuthorizedException extends ProblemException {

  public PortalNotAuthorizedException(long portalId, String detail) {
    super(409, "portal-not-authorized", "Portal Not Authorized", "Portal " + portalId + ": " + detail);
  }

  public static PortalNotAuthorizedException notConfigured(long portalId) {
    return new PortalNotAuthorizedException(portalId,
        "no HubSpot credentials are configured (hubgate.portals.<id>.access-token) and the app is not installed (GET /oauth/install).");
  }

  public static PortalNotAuthorizedException reauthorizationNeeded(long portalId) {
    return new PortalNotAuthorizedException(portalId,
        "HubSpot refused the refresh token; the portal needs re-authorisation (GET /oauth/install).");
  }
}
