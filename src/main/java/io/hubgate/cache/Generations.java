package io.hubgate.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/**
 * Each scope's generation, part of every cache key: invalidating a scope is one increment, after which no replica
 * finds the old entries (they expire by their TTL). In Redis (INCR) when replicas share it, so that a write through
 * one replica invalidates every replica's entries; in memory otherwise.
 */
interface Generations {

  Uni<Long> current(DefinitionScope scope);

  Uni<Void> bump(DefinitionScope scope);

  static String key(DefinitionScope scope) {
    return "hubgate:definitions:gen:" + scope.portalId() + ":" + scope.family();
  }

  /** One replica's generations. */
  final class Local implements Generations {

    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();

    @Override
    public Uni<Long> current(DefinitionScope scope) {
      AtomicLong generation = generations.get(key(scope));
      return Uni.createFrom().item(generation == null ? 0L : generation.get());
    }

    @Override
    public Uni<Void> bump(DefinitionScope scope) {
      generations.computeIfAbsent(key(scope), k -> new AtomicLong()).incrementAndGet();
      return Uni.createFrom().voidItem();
    }
  }

  /** Generations every replica reads from Redis. */
  final class Shared implements Generations {

    private final Redis redis;

    Shared(Redis redis) {
      this.redis = redis;
    }

    @Override
    public Uni<Long> current(DefinitionScope scope) {
      return redis.send(Request.cmd(Command.GET).arg(key(scope)))
          .map(reply -> reply == null ? 0L : reply.toLong());
    }

    @Override
    public Uni<Void> bump(DefinitionScope scope) {
      return redis.send(Request.cmd(Command.INCR).arg(key(scope))).replaceWithVoid();
    }
  }
}
