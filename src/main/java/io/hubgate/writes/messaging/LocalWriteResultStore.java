package io.hubgate.writes.messaging;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import io.smallrye.mutiny.Uni;

/** Results of one replica, without Redis: at most {@code maxEntries} (the oldest leave first), each for the TTL. */
final class LocalWriteResultStore implements WriteResultStore {

  private record Entry(String result, long expiresNanos) {
  }

  private final int maxEntries;
  private final long ttlNanos;
  private final LongSupplier nanoClock;
  private final Map<String, Entry> entries;

  LocalWriteResultStore(int maxEntries, Duration ttl, LongSupplier nanoClock) {
    this.maxEntries = maxEntries;
    this.ttlNanos = ttl.toNanos();
    this.nanoClock = nanoClock;
    this.entries = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > LocalWriteResultStore.this.maxEntries;
      }
    };
  }

  @Override
  public Uni<String> get(long portalId, String id) {
    String key = RedisWriteResultStore.key(portalId, id);
    synchronized (entries) {
      Entry entry = entries.get(key);
      if (entry != null && entry.expiresNanos() - nanoClock.getAsLong() <= 0) {
        entries.remove(key);
        entry = null;
      }
      return Uni.createFrom().item(entry == null ? null : entry.result());
    }
  }

  @Override
  public Uni<Void> put(long portalId, String id, String result) {
    synchronized (entries) {
      entries.put(RedisWriteResultStore.key(portalId, id), new Entry(result, nanoClock.getAsLong() + ttlNanos));
    }
    return Uni.createFrom().voidItem();
  }
}
