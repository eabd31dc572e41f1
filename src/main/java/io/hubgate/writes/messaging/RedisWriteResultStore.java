package io.hubgate.writes.messaging;

import java.time.Duration;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/** Results shared by every replica: {@code hubgate:writes:result:{<portalId>}:<id>}, one {@code SET ... PX ttl}. */
final class RedisWriteResultStore implements WriteResultStore {

  private final Redis redis;
  private final Duration ttl;

  RedisWriteResultStore(Redis redis, Duration ttl) {
    this.redis = redis;
    this.ttl = ttl;
  }

  static String key(long portalId, String id) {
    return "hubgate:writes:result:{" + portalId + "}:" + id;
  }

  @Override
  public Uni<String> get(long portalId, String id) {
    return redis.send(Request.cmd(Command.GET).arg(key(portalId, id)))
        .map(response -> response == null ? null : response.toString());
  }

  @Override
  public Uni<Void> put(long portalId, String id, String result) {
    return redis.send(Request.cmd(Command.SET).arg(key(portalId, id)).arg(result).arg("PX").arg(ttl.toMillis()))
        .replaceWithVoid();
  }
}
