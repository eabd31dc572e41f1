package io.hubgate.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.hubgate.testsupport.RedisClusterProcesses;
import io.hubgate.testsupport.RedisServerProcess;

/** The dedup store on a real three-node Redis Cluster: one delivery may carry events of portals on different nodes. */
class RedisDedupStoreClusterTest {

  @RegisterExtension
  static final RedisClusterProcesses cluster = new RedisClusterProcesses();

  @Test
  void aDeliveryWithPortalsOnEveryNodeIsClaimedConfirmedAndReleased() {
    var store = new RedisDedupStore(cluster.client(), Duration.ofHours(48), Duration.ofSeconds(30));
    List<String> keys = new ArrayList<>();
    Set<RedisServerProcess> nodes = new HashSet<>();
    for (int portal = 1; portal <= 9; portal++) {
      String key = "hubgate:dedup:{" + (8_000 + portal) + "}:event-" + portal;
      keys.add(key);
      nodes.add(cluster.owner(key));
    }
    assertEquals(3, nodes.size(), "the delivery spans all three nodes");
    assertEquals(List.of(Claim.NEW), distinct(store.claim(keys, "t1").await().atMost(Duration.ofSeconds(10))));
    assertEquals(List.of(Claim.IN_FLIGHT), distinct(store.claim(keys, "t2").await().atMost(Duration.ofSeconds(10))));
    store.confirm(keys.subList(0, 5)).await().atMost(Duration.ofSeconds(10));
    store.release(keys.subList(5, 9), "t1").await().atMost(Duration.ofSeconds(10));
    List<Claim> again = store.claim(keys, "t3").await().atMost(Duration.ofSeconds(10));
    assertEquals(List.of(Claim.DUPLICATE), distinct(again.subList(0, 5)), "confirmed: duplicates");
    assertEquals(List.of(Claim.NEW), distinct(again.subList(5, 9)), "released: claimable again");
    for (String key : keys) {
      assertEquals("1", cluster.owner(key).command("EXISTS", key).trim(), key + " lives on its slot's node");
    }
  }

  private static List<Claim> distinct(List<Claim> claims) {
    return claims.stream().distinct().toList();
  }
}
