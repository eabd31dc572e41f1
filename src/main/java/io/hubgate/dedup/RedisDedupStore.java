package io.hubgate.dedup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.redis.client.Command;

/**
 * Deduplication shared by every replica through Redis. A claim is one {@code SET key token NX GET PX claimTtl} per key
 * (Redis 7+): atomic, it returns the previous value, so there is no check-then-write race. The keys of a delivery go
 * in one pipelined batch per portal (its hash tag: Redis Cluster keeps a batch within one slot), combined with the
 * batches of other deliveries read in the same event-loop turn ({@link RedisBatchCoalescer}). Confirming overwrites
 * the claim with {@code done} for the TTL; releasing deletes a claim only if it still carries this caller's token. A
 * claim that fails in part (one portal's batch of several) releases the part that succeeded before it fails.
 */
public final class RedisDedupStore implements DedupStore {

  static final String DONE = "done";
  private static final String RELEASE_SCRIPT =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

  private final RedisBatchCoalescer redis;
  private final Duration ttl;
  private final Duration claimTtl;

  public RedisDedupStore(Redis redis, Duration ttl, Duration claimTtl) {
    this.redis = new RedisBatchCoalescer(redis);
    this.ttl = ttl;
    this.claimTtl = claimTtl;
  }

  @Override
  public Uni<List<Claim>> claim(List<String> keys, String token) {
    return batch(keys, key -> Request.cmd(Command.SET).arg(key).arg(token).arg("NX").arg("GET").arg("PX")
        .arg(claimTtl.toMillis())).map(RedisDedupStore::toClaims)
        // a delivery spanning portals is claimed in one batch per portal: when one fails, the claims the others took
        // would make HubSpot's retry meet an in-flight twin until they expire; compare-and-delete leaves others' alone
        .onFailure().call(failure -> release(keys, token).onFailure().recoverWithNull());
  }

  /**
   * One pipelined batch per hash tag (a delivery usually holds one portal's events: one batch), answers in key order.
   * Redis Cluster refuses a batch whose keys live in different slots; keys of one tag always share a slot.
   */
  private Uni<List<Response>> batch(List<String> keys, Function<String, Request> command) {
    Map<String, List<Integer>> byTag = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      byTag.computeIfAbsent(hashTag(keys.get(i)), tag -> new ArrayList<>()).add(i);
    }
    if (byTag.size() == 1) {
      return redis.batch(byTag.keySet().iterator().next(), keys.stream().map(command).toList());
    }
    List<Uni<Void>> batches = new ArrayList<>();
    Response[] answers = new Response[keys.size()];
    for (var tag : byTag.entrySet()) {
      List<Integer> indexes = tag.getValue();
      batches.add(redis.batch(tag.getKey(), indexes.stream().map(i -> command.apply(keys.get(i))).toList())
          .invoke(responses -> {
            for (int j = 0; j < indexes.size(); j++) {
              answers[indexes.get(j)] = responses.get(j);
            }
          })
          .replaceWithVoid());
    }
    // every batch answered before a failure is reported: a claim released while its batch is still on the way survives
    return Uni.join().all(batches).andCollectFailures().map(done -> Arrays.asList(answers));
  }

  /** Redis Cluster's hash tag: the text between the first '{' and the next '}', if not empty; else the whole key. */
  static String hashTag(String key) {
    int open = key.indexOf('{');
    int close = open < 0 ? -1 : key.indexOf('}', open + 1);
    return close > open + 1 ? key.substring(open + 1, close) : key;
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
    return batch(keys, key -> Request.cmd(Command.SET).arg(key).arg(DONE).arg("PX").arg(ttl.toMillis())).replaceWithVoid();
  }

  @Override
  public Uni<Void> release(List<String> keys, String token) {
    if (keys.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return batch(keys, key -> Request.cmd(Command.EVAL).arg(RELEASE_SCRIPT).arg(1).arg(key).arg(token)).replaceWithVoid();
  }
}
