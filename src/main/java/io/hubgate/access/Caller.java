package io.hubgate.access;

import java.util.Set;

/**
 * An authenticated internal caller: its subject, its scopes, and the portals it may act for ({@code hubgate_portals}: a
 * list of portal ids, or {@code "*"} for all).
 */
public record Caller(String subject, Set<String> scopes, Set<Long> portals, boolean allPortals) {

  public boolean mayActFor(long portalId) {
    return allPortals || portals.contains(portalId);
  }

  public boolean has(Access access) {
    // writing implies reading what one writes
    return scopes.contains(access.scope()) || (access == Access.READ && scopes.contains(Access.WRITE.scope()));
  }
}
