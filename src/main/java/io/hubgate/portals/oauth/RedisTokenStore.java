package io.hubgate.portals.oauth;

import java.time.Duration;
import java.util.List;

import io.hubgate.config.LuaScript;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Tokens in Redis: {@code <prefix>:{<portalId>}:tokens} (JSON, tokens sealed) and {@code <prefix>:{<portalId>}:lock}
 * ({@code SET NX PX} with a random owner, released by compare-and-delete). One hash tag per portal, so both keys of a
 * portal live in the same Redis Cluster slot. Used install states: {@code <prefix>:state:<nonce>} ({@code SET NX PX}).
 * The scripts are {@code compare-and-set.lua} and {@code compare-and-delete.lua} beside this package.
 */
final class RedisTokenStore implements TokenStore {

  private static final LuaScript COMPARE_AND_SET = LuaScript.load(RedisTokenStore.class, "compare-and-set.lua");
  private static final LuaScript COMPARE_AND_DELETE = LuaScript.load(RedisTokenStore.class, "compare-and-delete.lua");

  private final Redis redis;
  private final String prefix;

  RedisTokenStore(Redis redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  String stateKey(String nonce) {
    return prefix + ":state:" + nonce;
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
    return COMPARE_AND_SET.run(redis, List.of(tokensKey(portalId)), List.of(expected, record))
        .map(r -> r != null && r.toInteger() == 1);
  }

  @Override
  public Uni<Boolean> tryLock(long portalId, String owner, Duration ttl) {
    return redis.send(Request.cmd(Command.SET).arg(lockKey(portalId)).arg(owner).arg("NX").arg("PX").arg(ttl.toMillis()))
        .map(RedisTokenStore::isOk);
  }

  @Override
  public Uni<Void> unlock(long portalId, String owner) {
    return COMPARE_AND_DELETE.run(redis, List.of(lockKey(portalId)), List.of(owner))
        .replaceWithVoid();
  }

  @Override
  public Uni<Boolean> consumeState(String nonce, Duration ttl) {
    return redis.send(Request.cmd(Command.SET).arg(stateKey(nonce)).arg("1").arg("NX").arg("PX")
            .arg(Math.max(1, ttl.toMillis())))
        .map(RedisTokenStore::isOk);
  }

  private static boolean isOk(Response response) {
    return response != null && "OK".equals(response.toString());
  }
}
