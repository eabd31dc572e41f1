package io.hubgate.portals.oauth;

/**
 * A failed call to HubSpot's token endpoint: its status (0 when there was no answer), HubSpot's {@code error} and legacy
 * {@code status} codes, and {@code Retry-After}. The message never holds a token, code or secret.
 */
final class TokenEndpointException extends RuntimeException {

  private final int status;
  private final String error;
  private final String hubspotStatus;
  private final Long retryAfterSeconds;

  TokenEndpointException(int status, String error, String hubspotStatus, String retryAfter, String message) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
    this.hubspotStatus = hubspotStatus;
    this.retryAfterSeconds = parse(retryAfter);
  }

  int status() {
    return status;
  }

  Long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** HubSpot refuses the grant for good: a refresh token invalid, expired or revoked, or a code already used. */
  boolean invalidGrant() {
    return status >= 400 && status < 500 && status != 429
        && ("invalid_grant".equals(error) || "BAD_REFRESH_TOKEN".equals(hubspotStatus) || "BAD_AUTH_CODE".equals(hubspotStatus));
  }

  boolean retryable(boolean idempotent) {
    return status == 429 || (idempotent && (status == 0 || status >= 500));
  }

  private static Long parse(String retryAfter) {
    try {
      return retryAfter == null ? null : Math.max(0, Long.parseLong(retryAfter.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
