package io.hubgate.simulator;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The portals (HubSpot accounts) the simulator serves, their limits and their static tokens. */
public final class Portals {

  private final Map<Long, PortalSettings> settings = new ConcurrentHashMap<>();
  private final Map<String, Credential> tokens = new ConcurrentHashMap<>();

  /** Adds the portal with the Free tier's limits, or returns it if it exists. */
  public PortalSettings add(long portalId) {
    return settings.computeIfAbsent(portalId, PortalSettings::new);
  }

  public Optional<PortalSettings> find(long portalId) {
    return Optional.ofNullable(settings.get(portalId));
  }

  public Set<Long> ids() {
    return Set.copyOf(settings.keySet());
  }

  /**
   * A private app's static token ({@code pat-na1-...}). {@code "*"} among the scopes grants every scope;
   * otherwise a call that needs a scope the token lacks gets HubSpot's 403 MISSING_SCOPES.
   */
  public Portals privateAppToken(long portalId, String token, long appId, String... scopes) {
    add(portalId);
    tokens.put(token, new Credential(token, portalId, appId, Set.of(scopes), Credential.Kind.PRIVATE_APP,
        null, null, 0));
    return this;
  }

  /** A private app token with every scope, for tests that are not about scopes. */
  public Portals privateAppToken(long portalId, String token, long appId) {
    return privateAppToken(portalId, token, appId, Credential.ALL_SCOPES);
  }

  public void revokeToken(String token) {
    tokens.remove(token);
  }

  Credential privateToken(String token) {
    return tokens.get(token);
  }

  PortalSettings settings(long portalId) {
    return add(portalId);
  }
}
