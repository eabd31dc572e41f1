package io.hubgate.portals.oauth;

import java.net.URI;
import java.time.Duration;

import io.hubgate.config.HubgateConfig;

/** The OAuth settings the token logic needs, apart from configuration so that plain tests can build them. */
record OAuthSettings(String clientId, String clientSecret, URI baseUrl, String tokenPath, String introspectPath,
    Duration refreshMargin, Duration refreshWait, Duration lockTtl, int attempts, Duration backoff, Duration maxDelay,
    Duration requestTimeout) {

  static OAuthSettings from(HubgateConfig config) {
    HubgateConfig.OAuth o = config.oauth();
    return new OAuthSettings(o.clientId().orElse(null), o.clientSecret().orElse(null), config.hubspot().baseUrl(),
        o.tokenPath(), o.introspectPath(), o.refreshMargin(), o.refreshWait(), o.lockTtl(), o.tokenEndpointAttempts(),
        o.tokenEndpointBackoff(), o.tokenEndpointMaxDelay(), o.tokenEndpointTimeout());
  }

  boolean enabled() {
    return clientId != null && !clientId.isBlank();
  }

  String url(String path) {
    String base = baseUrl.toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
  }

  /**
   * The longest a refresh can hold the portal's lock: every attempt waits up to {@code limiterWait} for the token
   * endpoint's budget and {@code token-endpoint-timeout} for HubSpot, with {@code token-endpoint-max-delay} (the cap on
   * back-offs and {@code Retry-After}) between attempts.
   */
  Duration longestRefresh(Duration limiterWait) {
    return requestTimeout.plus(limiterWait).multipliedBy(attempts).plus(maxDelay.multipliedBy(attempts - 1L));
  }

  /** Refuses a lock that could expire under a refresh still running (another replica would refresh too). */
  void requireLockOutlastsRefresh(Duration limiterWait) {
    Duration longest = longestRefresh(limiterWait);
    if (lockTtl.compareTo(longest) <= 0) {
      throw new IllegalStateException("hubgate.oauth.lock-ttl (" + lockTtl + ") must exceed the longest refresh: "
          + "token-endpoint-attempts (" + attempts + ") x (token-endpoint-timeout " + requestTimeout
          + " + hubgate.ratelimit.max-wait " + limiterWait + ") + " + (attempts - 1) + " x token-endpoint-max-delay "
          + maxDelay + " = " + longest + ". Raise hubgate.oauth.lock-ttl (HUBGATE_OAUTH_LOCK_TTL) or lower those.");
    }
  }

  /** Without the client secret. */
  @Override
  public String toString() {
    return "OAuthSettings[clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? "null" : "***")
        + ", baseUrl=" + baseUrl + ", tokenPath=" + tokenPath + ", introspectPath=" + introspectPath + ", refreshMargin="
        + refreshMargin + ", refreshWait=" + refreshWait + ", lockTtl=" + lockTtl + ", attempts=" + attempts + ", backoff="
        + backoff + ", maxDelay=" + maxDelay + ", requestTimeout=" + requestTimeout + "]";
  }

  OAuthSettings withClient(String id, String secret) {
    return new OAuthSettings(id, secret, baseUrl, tokenPath, introspectPath, refreshMargin, refreshWait, lockTtl, attempts,
        backoff, maxDelay, requestTimeout);
  }
}
