package io.hubgate.simulator;

import java.time.Instant;
import java.util.Set;

/**
 * What a bearer token stands for. Private-app tokens never expire ({@code expiresAt} null); OAuth access
 * tokens do, on the simulator's clock.
 */
record Credential(String token, long portalId, long appId, Set<String> scopes, Kind kind, Instant expiresAt,
    String clientId, long userId) {

  static final String ALL_SCOPES = "*";

  enum Kind { PRIVATE_APP, OAUTH }

  boolean grants(String scope) {
    return scopes.contains(ALL_SCOPES) || scopes.contains(scope);
  }

  boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
