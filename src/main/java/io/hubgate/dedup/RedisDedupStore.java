package io.hubgate.dedup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.redis.client.Command;

/**
 * Deduplication shared by every replica through Redis. A claim is one {@code SET key token NX GET PX claimTtl} per key
 * (Redis 7+): atomic, it returns the previous value, so there is no check-then-write race. All keys of a delivery go
 * in one pipelined batch on one connection. Confirming overwrites the claim with {@code done} for the TTL; releasing
 * deletes a claim only if it still carries this caller's token.
 */
public final class RedisDedupStore implements DedupStore {

  static final String DONE = "done";
  private static final String RELEASE_SCRIPT =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

  private final Redis redis;
  private final Duration ttl;
  private final Duration claimTtl;

  public RedisDedupStore(Redis redis, Duration ttl, Duration claimTtl) {
    this.redis = redis;
    this.ttl = ttl;
    this.claimTtl = claimTtl;
  }

  @Override
  public Uni<List<Claim>> claim(List<String> keys, String token) {
    var requests = new ArrayList<Request>(keys.size());
    for (String key : keys) {
      requests.add(Request.cmd(Command.SET).arg(key).arg(token).arg("NX").arg("GET").arg("PX").arg(claimTtl.toMillis()));
    }
    return redis.batch(requests).map(RedisDedupStore::toClaims);
  }

  private static List<Claim> toClaims(List<Response> responses) {
    var claims = new ArrayList<Claim>(responses.size());
    for (Response previous : responses) {
      if (previous == null) {
        claims.add(Claim.NEW);
      } else {
        claims.add(DONE.equals(previous.toString()) ? Claim.DUPLICATE : Claim.IN_FLIGHT);
      }
    }
    return claims;
  }

  @Override
  public Uni<Void> confirm(List<String> keys) {
    if (keys.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    var requests = new ArrayList<Request>(keys.size());
    for (String key : keys) {
      requests.add(Request.cmd(Command.SET).arg(key).arg(DONE).arg("PX").arg(ttl.toMillis()));
    }
    return redis.batch(requests).replaceWithVoid();
  }

  @Override
  public Uni<Void> release(List<String> keys, String token) {
    if (keys.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    var requests = new ArrayList<Request>(keys.size());
    for (String key : keys) {
      requests.add(Request.cmd(Command.EVAL).arg(RELEASE_SCRIPT).arg(1).arg(key).arg(token));
    }
    return redis.batch(requests).replaceWithVoid();
  }
}
