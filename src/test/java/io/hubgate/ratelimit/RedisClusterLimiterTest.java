package io.hubgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubgate.testsupport.RedisClusterProcesses;
import io.hubgate.testsupport.RedisServerProcess;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The limiter on a real three-node Redis Cluster: every script touches only keys under one portal's hash tag, so it
 * runs on the node owning that slot (no CROSSSLOT), and decides exactly as the reference model does.
 */
class RedisClusterLimiterTest {

  private static final long T0 = 1_800_000_000_000_000L;
  private static final PortalBudget BUDGET = new PortalBudget(5, Duration.ofSeconds(1), 40, 2, ZoneOffset.UTC);
  private static final LimiterSettings SETTINGS = LimiterSettings.defaults()
      .withSafetyMargin(Duration.ofMillis(100))
      .withMaxWait(Duration.ofSeconds(5), Duration.ofSeconds(10))
      .withKeyPrefix("cluster:");

  @RegisterExtension
  static final RedisClusterProcesses cluster = new RedisClusterProcesses();

  @Test
  void everyScriptRunsOnThePortalsNodeAndDecidesAsTheModel() {
    var limiter = new RedisRateLimiter(cluster.client(), PortalBudgets.uniform(BUDGET), SETTINGS,
        new PermitScheduler(SlotTimer.vertx(cluster.vertx()), RateLimiterListener.NONE));
    var model = new AdmissionModel();
    Set<RedisServerProcess> owners = new HashSet<>();
    for (int portal = 1; portal <= 9; portal++) {
      String id = Integer.toString(6_000 + portal);
      owners.add(cluster.owner("{" + id + "}"));
      long now = T0;
      for (int i = 0; i < 12; i++) {
        now += i % 4 == 0 ? 0 : 90_000;
        Lane lane = List.of(Lane.INTERACTIVE, Lane.BULK, Lane.SEARCH).get(i % 3);
        Decision got = limiter.reserveAt(OptionalLong.of(now), id, "app", lane, 1, 0).await().atMost(Duration.ofSeconds(10));
        Decision want = model.reserve(now, id, "app", lane, 1, AdmissionLimits.of(BUDGET, SETTINGS, lane), 0);
        assertEquals(want, got, "portal " + id + " call " + i);
      }
      var headers = RateLimitHeaders.of(5, 0, 1_000).withDaily(40, 20);
      assertEquals(model.observe(now, id, "app", headers, AdmissionLimits.of(BUDGET, SETTINGS, Lane.INTERACTIVE)),
          limiter.observeAt(OptionalLong.of(now), id, "app", headers).await().atMost(Duration.ofSeconds(10)));
      assertEquals(model.penalize(now, id, "app", "TEN_SECONDLY_ROLLING", OptionalLong.of(2_000_000),
              AdmissionLimits.of(BUDGET, SETTINGS, Lane.INTERACTIVE)),
          limiter.penalizeAt(OptionalLong.of(now), id, "app", "TEN_SECONDLY_ROLLING",
              Optional.of(Duration.ofSeconds(2))).await().atMost(Duration.ofSeconds(10)));
      // the portal's keys all live on the node that owns its tag
      RedisServerProcess owner = cluster.owner("{" + id + "}");
      assertEquals("1", owner.command("EXISTS", "cluster:{" + id + "}:log:app").trim());
      assertEquals("1", owner.command("EXISTS", "cluster:{" + id + "}:portal").trim());
    }
    assertEquals(3, owners.size(), "the portals were spread over all three nodes");
  }

  @Test
  void permitsAreScheduledThroughTheClusterClient() {
    var limiter = RateLimiters.redis(cluster.vertx(), cluster.client(), PortalBudgets.uniform(BUDGET),
        SETTINGS.withKeyPrefix("cluster-live:"), RateLimiterListener.NONE);
    for (String portal : List.of("7001", "7002", "7003", "7004")) {
      Permit permit = limiter.acquire(portal, "app", Lane.INTERACTIVE).await().atMost(Duration.ofSeconds(10));
      assertEquals(LimiterMode.REDIS, permit.mode(), "decided in the cluster, not in a local fallback");
      assertTrue(permit.waited().isZero());
    }
  }
}
