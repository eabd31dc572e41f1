package io.hubgate.portals.oauth;

import java.time.Duration;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Tokens in Redis: {@code <prefix>:{<portalId>}:tokens} (JSON, tokens sealed) and {@code <prefix>:{<portalId>}:lock}
 * ({@code SET NX PX} with a random owner, released by compare-and-delete). One hash tag per portal, so both keys of a
 * portal live in the same Redis Cluster slot.
 */
final class RedisTokenStore implements TokenStore {

  private static final String COMPARE_AND_DELETE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
  private static final String COMPARE_AND_SET =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 else return 0 end";

  private final Redis redis;
  private final String prefix;

  RedisTokenStore(Redis redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  String tokensKey(long portalId) {
    return prefix + ":{" + portalId + "}:tokens";
  }

  String lockKey(long portalId) {
    return prefix + ":{" + portalId + "}:lock";
  }

  @Override
  public Uni<String> read(long portalId) {
    return redis.send(Request.cmd(Command.GET).arg(tokensKey(portalId)))
        .map(r -> r == null ? null : r.toString());
  }

  @Override
  public Uni<Void> write(long portalId, String record) {
    return redis.send(Request.cmd(Command.SET).arg(tokensKey(portalId)).arg(record)).replaceWithVoid();
  }

  @Override
  public Uni<Boolean> replace(long portalId, String expected, String record) {
    return redis.send(Request.cmd(Command.EVAL).arg(COMPARE_AND_SET).arg(1).arg(tokensKey(portalId)).arg(expected).arg(record))
        .map(r -> r != null && r.toInteger() == 1);
  }

  @Override
  public Uni<Boolean> tryLock(long portalId, String owner, Duration ttl) {
    return redis.send(Request.cmd(Command.SET).arg(lockKey(portalId)).arg(owner).arg("NX").arg("PX").arg(ttl.toMillis()))
        .map(RedisTokenStore::isOk);
  }

  @Override
  public Uni<Void> unlock(long portalId, String owner) {
    return redis.send(Request.cmd(Command.EVAL).arg(COMPARE_AND_DELETE).arg(1).arg(lockKey(portalId)).arg(owner))
        .replaceWithVoid();
  }

  private static boolean isOk(Response response) {
    return response != null && "OK".equals(response.toString());
  }
}
