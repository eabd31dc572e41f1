package io.hubgate.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hubgate.testsupport.RedisServerProcess;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/** The shared dedup store against a real redis-server, with two clients standing for two replicas. */
class RedisDedupStoreTest {

  static RedisServerProcess server;
  static Vertx vertx;
  static Redis replicaA;
  static Redis replicaB;

  @BeforeAll
  static void start() {
    server = RedisServerProcess.start();
    vertx = Vertx.vertx();
    replicaA = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri()).setMaxPoolWaiting(10_000));
    replicaB = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri()).setMaxPoolWaiting(10_000));
  }

  @AfterAll
  static void stop() {
    replicaA.close();
    replicaB.close();
    vertx.closeAndAwait();
    server.close();
  }

  @BeforeEach
  void flush() {
    server.command("FLUSHALL");
  }

  private static RedisDedupStore store(Redis redis) {
    return new RedisDedupStore(redis, Duration.ofHours(48), Duration.ofSeconds(30));
  }

  @Test
  void aClaimThatFailsInOnePortalReleasesWhatItTookInTheOthers() {
    // an honest failure of one portal's batch: a key in portal 2's slot holds a list, so SET ... GET answers WRONGTYPE
    server.command("RPUSH", "k:{2}:wrong-type", "x");
    store(replicaB).claim(List.of("k:{3}:others"), "other-owner").await().indefinitely();
    List<String> keys = List.of("k:{1}:a", "k:{1}:b", "k:{2}:wrong-type", "k:{2}:c", "k:{3}:d", "k:{3}:others");

    var failure = assertThrows(RuntimeException.class,
        () -> store(replicaA).claim(keys, "mine").await().atMost(Duration.ofSeconds(10)));
    assertTrue(String.valueOf(failure.getMessage()).contains("WRONGTYPE"), failure.toString());

    for (String released : List.of("k:{1}:a", "k:{1}:b", "k:{2}:c", "k:{3}:d")) {
      assertEquals("0", server.command("EXISTS", released), released + " released, not held for the claim TTL");
    }
    assertEquals("other-owner", server.command("GET", "k:{3}:others"), "another delivery's claim is left alone");
    assertTrue(server.command("TYPE", "k:{2}:wrong-type").endsWith("list"));
    // HubSpot's retry (once the bad key is gone) owns every event at once
    server.command("DEL", "k:{2}:wrong-type");
    assertEquals(List.of(Claim.NEW, Claim.NEW, Claim.NEW, Claim.NEW, Claim.NEW, Claim.IN_FLIGHT),
        store(replicaA).claim(keys, "retry").await().indefinitely());
  }

  @Test
  void claimsAtomicallyAcrossReplicas() {
    var a = store(replicaA);
    var b = store(replicaB);
    List<Uni<List<Claim>>> racing = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      racing.add((i % 2 == 0 ? a : b).claim(List.of("k:{1}:same"), "token-" + i));
    }
    List<Claim> outcomes = Uni.join().all(racing).andFailFast().await().atMost(Duration.ofSeconds(20))
        .stream().map(l -> l.get(0)).toList();
    assertEquals(1, outcomes.stream().filter(c -> c == Claim.NEW).count(), "exactly one replica owns the event");
    assertEquals(199, outcomes.stream().filter(c -> c == Claim.IN_FLIGHT).count());
  }

  @Test
  void aConfirmedEventIsADuplicateForEveryReplicaAndExpiresAfterTheTtl() {
    var a = store(replicaA);
    assertEquals(List.of(Claim.NEW, Claim.NEW), a.claim(List.of("k:{1}:x", "k:{1}:y"), "t").await().indefinitely());
    a.confirm(List.of("k:{1}:x")).await().indefinitely();
    assertEquals(List.of(Claim.DUPLICATE, Claim.IN_FLIGHT),
        store(replicaB).claim(List.of("k:{1}:x", "k:{1}:y"), "other").await().indefinitely());
    long ttlMillis = Long.parseLong(server.command("PTTL", "k:{1}:x"));
    assertTrue(ttlMillis > Duration.ofHours(47).toMillis() && ttlMillis <= Duration.ofHours(48).toMillis(), "ttl " + ttlMillis);
    long claimTtl = Long.parseLong(server.command("PTTL", "k:{1}:y"));
    assertTrue(claimTtl > 0 && claimTtl <= 30_000, "a claim whose owner dies expires: " + claimTtl);
  }

  @Test
  void releaseRemovesOnlyTheCallersOwnClaim() {
    var a = store(replicaA);
    a.claim(List.of("k:{2}:mine"), "mine").await().indefinitely();
    store(replicaB).release(List.of("k:{2}:mine"), "someone-else").await().indefinitely();
    assertEquals("mine", server.command("GET", "k:{2}:mine"));
    a.release(List.of("k:{2}:mine"), "mine").await().indefinitely();
    assertNull(server.command("GET", "k:{2}:mine"));
    assertEquals(List.of(Claim.NEW), store(replicaB).claim(List.of("k:{2}:mine"), "b").await().indefinitely());
  }

  @Test
  void failsWhenRedisIsDownAndWorksAgainWhenItReturns() {
    var a = store(replicaA);
    server.stop();
    try {
      var failure = a.claim(List.of("k:{3}:down"), "t").onItemOrFailure().transform((ok, f) -> f)
          .await().atMost(Duration.ofSeconds(30));
      assertTrue(failure != null, "a claim cannot succeed without Redis");
    } finally {
      server.restart();
    }
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> a.claim(List.of("k:{3}:back"), "t").await().atMost(Duration.ofSeconds(5)).equals(List.of(Claim.NEW)));
  }

  @Test
  void localStoreHasTheSameSemanticsAndStaysBounded() {
    var local = new LocalDedupStore(1000, Duration.ofHours(48), Duration.ofSeconds(30), java.time.Clock.systemUTC());
    assertEquals(List.of(Claim.NEW), local.claim(List.of("x"), "t").await().indefinitely());
    assertEquals(List.of(Claim.IN_FLIGHT), local.claim(List.of("x"), "u").await().indefinitely());
    local.release(List.of("x"), "u").await().indefinitely();
    assertEquals(List.of(Claim.IN_FLIGHT), local.claim(List.of("x"), "v").await().indefinitely());
    local.confirm(List.of("x")).await().indefinitely();
    assertEquals(List.of(Claim.DUPLICATE), local.claim(List.of("x"), "w").await().indefinitely());
    local.claim(IntStream.range(0, 5000).mapToObj(i -> "k" + i).toList(), "t").await().indefinitely();
    assertEquals(1000, local.size());
  }
}
