package io.hubgate.portals.oauth;

import java.time.Duration;

import io.smallrye.mutiny.Uni;

/**
 * Where portals' OAuth tokens live ({@link TokenRecord} JSON, already encrypted) and the per-portal refresh lock. Redis
 * when {@code quarkus.redis.hosts} is set (shared by every replica), else in memory.
 */
interface TokenStore {

  /** The stored record, or null. */
  Uni<String> read(long portalId);

  Uni<Void> write(long portalId, String record);

  /** Writes {@code record} only if the stored one is still {@code expected}; true if it did. */
  Uni<Boolean> replace(long portalId, String expected, String record);

  /** Takes the portal's refresh lock for {@code ttl} if nobody holds it. */
  Uni<Boolean> tryLock(long portalId, String owner, Duration ttl);

  /** Releases the lock if {@code owner} still holds it. */
  Uni<Void> unlock(long portalId, String owner);
}
