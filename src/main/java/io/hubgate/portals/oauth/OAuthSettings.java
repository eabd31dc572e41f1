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

  OAuthSettings withClient(String id, String secret) {
    return new OAuthSettings(id, secret, baseUrl, tokenPath, introspectPath, refreshMargin, refreshWait, lockTtl, attempts,
        backoff, maxDelay, requestTimeout);
  }
}
