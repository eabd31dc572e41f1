package io.hubgate.dedup;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.smallrye.mutiny.Uni;

/**
 * The in-process store used without Redis: bounded (oldest entries evicted first) and expiring. One replica only: with
 * several replicas configure Redis. Operations are short and synchronised, so they are fine on the event loop.
 */
public final class LocalDedupStore implements DedupStore {

  private record Entry(String token, long expiresAt) {
    boolean done() {
      return token == null;
    }
  }

  private final Map<String, Entry> entries;
  private final Duration ttl;
  private final Duration claimTtl;
  private final Clock clock;

  public LocalDedupStore(int maxEntries, Duration ttl, Duration claimTtl, Clock clock) {
    this.ttl = ttl;
    this.claimTtl = claimTtl;
    this.clock = clock;
    this.entries = new LinkedHashMap<>(1024, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > maxEntries;
      }
    };
  }

  @Override
  public Uni<List<Claim>> claim(List<String> keys, String token) {
    return Uni.createFrom().item(() -> claimNow(keys, token));
  }

  private synchronized List<Claim> claimNow(List<String> keys, String token) {
    long now = clock.millis();
    var claims = new ArrayList<Claim>(keys.size());
    for (String key : keys) {
      Entry entry = entries.get(key);
      if (entry != null && entry.expiresAt() > now) {
        claims.add(entry.done() ? Claim.DUPLICATE : Claim.IN_FLIGHT);
      } else {
        entries.remove(key);
        entries.put(key, new Entry(token, now + claimTtl.toMillis()));
        claims.add(Claim.NEW);
      }
    }
    return claims;
  }

  @Override
  public Uni<Void> confirm(List<String> keys) {
    return Uni.createFrom().item(() -> {
      synchronized (this) {
        long expiresAt = clock.millis() + ttl.toMillis();
        for (String key : keys) {
          entries.remove(key);
          entries.put(key, new Entry(null, expiresAt));
        }
      }
      return null;
    });
  }

  @Override
  public Uni<Void> release(List<String> keys, String token) {
    return Uni.createFrom().item(() -> {
      synchronized (this) {
        for (String key : keys) {
          Entry entry = entries.get(key);
          if (entry != null && token.equals(entry.token())) {
            entries.remove(key);
          }
        }
      }
      return null;
    });
  }

  synchronized int size() {
    return entries.size();
  }
}
