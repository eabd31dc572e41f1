package io.hubgate.cache;

import java.time.Duration;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/**
 * The entries replicas share through Redis, behind each replica's own cache: a replica that misses locally looks here
 * before asking HubSpot, and stores what HubSpot answered here for the others. None without Redis.
 */
interface SharedEntries {

  /** The entry, or null. */
  Uni<CachedAnswer> get(String key);

  Uni<Void> put(String key, CachedAnswer answer);

  SharedEntries NONE = new SharedEntries() {
    @Override
    public Uni<CachedAnswer> get(String key) {
      return Uni.createFrom().nullItem();
    }

    @Override
    public Uni<Void> put(String key, CachedAnswer answer) {
      return Uni.createFrom().voidItem();
    }
  };

  /** Entries as JSON strings under {@code hubgate:definitions:entry:<key>}, expiring after the TTL. */
  final class InRedis implements SharedEntries {

    private final Redis redis;
    private final Duration ttl;

    InRedis(Redis redis, Duration ttl) {
      this.redis = redis;
      this.ttl = ttl;
    }

    @Override
    public Uni<CachedAnswer> get(String key) {
      return redis.send(Request.cmd(Command.GET).arg(redisKey(key)))
          .map(reply -> reply == null ? null : CachedAnswer.fromJson(reply.toString()));
    }

    @Override
    public Uni<Void> put(String key, CachedAnswer answer) {
      return redis.send(Request.cmd(Command.SET).arg(redisKey(key)).arg(answer.toJson()).arg("PX")
          .arg(ttl.toMillis())).replaceWithVoid();
    }

    private static String redisKey(String key) {
      return "hubgate:definitions:entry:" + key;
    }
  }
}
