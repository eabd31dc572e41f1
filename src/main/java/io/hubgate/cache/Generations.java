package io.hubgate.cache;

import java.time.Clock;
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
    private final Clock clock;

    Shared(Redis redis, Clock clock) {
      this.redis = redis;
      this.clock = clock;
    }

    /**
     * A scope never seen starts at the current time in milliseconds, not at 0: after Redis restarted empty, a replica's
     * local entries of an old generation must not become current again.
     */
    @Override
    public Uni<Long> current(DefinitionScope scope) {
      long start = clock.millis();
      return redis.send(Request.cmd(Command.SET).arg(key(scope)).arg(start).arg("NX").arg("GET"))
          .map(previous -> previous == null ? start : previous.toLong());
    }

    @Override
    public Uni<Void> bump(DefinitionScope scope) {
      return redis.send(Request.cmd(Command.INCR).arg(key(scope))).replaceWithVoid();
    }
  }
}
