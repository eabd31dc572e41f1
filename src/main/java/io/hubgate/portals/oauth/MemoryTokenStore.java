package io.hubgate.portals.oauth;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.smallrye.mutiny.Uni;

/** Tokens in this process only (no Redis): lost on restart, enough for one replica and for development. */
final class MemoryTokenStore implements TokenStore {

  private record Lock(String owner, long expiresAtNanos) {
  }

  private final Map<Long, String> records = new ConcurrentHashMap<>();
  private final Map<Long, Lock> locks = new ConcurrentHashMap<>();
  /** Used install states' nonces and when they may be forgotten (their state has expired by then). */
  private final Map<String, Long> usedStates = new ConcurrentHashMap<>();

  @Override
  public Uni<String> read(long portalId) {
    return Uni.createFrom().item(() -> records.get(portalId));
  }

  @Override
  public Uni<Void> write(long portalId, String record) {
    return Uni.createFrom().item(() -> records.put(portalId, record)).replaceWithVoid();
  }

  @Override
  public Uni<Boolean> replace(long portalId, String expected, String record) {
    return Uni.createFrom().item(() -> records.replace(portalId, expected, record));
  }

  @Override
  public Uni<Boolean> tryLock(long portalId, String owner, Duration ttl) {
    return Uni.createFrom().item(() -> {
      long now = System.nanoTime();
      Lock mine = new Lock(owner, now + ttl.toNanos());
      Lock held = locks.compute(portalId, (id, current) -> current == null || current.expiresAtNanos() - now <= 0 ? mine : current);
      return held == mine;
    });
  }

  @Override
  public Uni<Void> unlock(long portalId, String owner) {
    return Uni.createFrom().item(() -> locks.computeIfPresent(portalId, (id, l) -> l.owner().equals(owner) ? null : l))
        .replaceWithVoid();
  }

  @Override
  public Uni<Boolean> consumeState(String nonce, Duration ttl) {
    return Uni.createFrom().item(() -> {
      long now = System.nanoTime();
      usedStates.values().removeIf(forgetAt -> forgetAt - now <= 0);
      return usedStates.putIfAbsent(nonce, now + Math.max(1, ttl.toNanos())) == null;
    });
  }
}
