package io.hubgate.portals.oauth;

import java.time.Duration;

import io.smallrye.mutiny.Uni;

/**
 * Where portals' OAuth tokens live ({@link TokenRecord} JSON, already encrypted), the per-portal refresh lock, and the
 * install states already used. Redis when {@code quarkus.redis.hosts} is set (shared by every replica), else in memory.
 */
interface TokenStore {

  /** The stored record, or null. */
  Uni<String> read(long portalId);

  /** Stores an install's record, whatever was there: an install is the newest authorisation by definition. */
  Uni<Void> write(long portalId, String record);

  /**
   * Writes {@code record} only if the stored one is still {@code expected}; true if it did. Every write that follows a
   * read (a refresh, a re-authorisation mark, a re-encryption) goes through here, so that it cannot overwrite a newer
   * install or refresh, even when the refresh lock expired meanwhile.
   */
  Uni<Boolean> replace(long portalId, String expected, String record);

  /** Takes the portal's refresh lock for {@code ttl} if nobody holds it. */
  Uni<Boolean> tryLock(long portalId, String owner, Duration ttl);

  /** Releases the lock if {@code owner} still holds it. */
  Uni<Void> unlock(long portalId, String owner);

  /**
   * Marks an install state's nonce as used, for {@code ttl} (the state's remaining validity, after which the state is
   * refused as expired anyway); true only for the first caller on any replica.
   */
  Uni<Boolean> consumeState(String nonce, Duration ttl);
}
