package io.hubgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubgate.config.LuaScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the Redis limiter leaves in Redis, and how it survives a server that forgot its scripts. */
class RedisScriptHandlingTest {

  private static RedisFixture redis;
  private static RedisRateLimiter limiter;

  @BeforeAll
  static void start() {
    redis = new RedisFixture();
    limiter = new RedisRateLimiter(redis.client(), PortalBudgets.uniform(PortalBudget.of(100, 250_000)),
        LimiterSettings.defaults().withKeyPrefix("hs:rl:"),
        new PermitScheduler(SlotTimer.vertx(redis.vertx), RateLimiterListener.NONE));
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  @Test
  void everyKeyOfAPortalSharesItsHashTagAndExpires() {
    limiter.acquire("12345", "app-1", Lane.INTERACTIVE).await().atMost(Duration.ofSeconds(5));
    limiter.acquire("12345", "app-1", Lane.SEARCH).await().atMost(Duration.ofSeconds(5));
    limiter.penalize("12345", "app-1", "SECONDLY", java.util.Optional.of(Duration.ofMillis(1))).await().indefinitely();
    List<String> keys = Arrays.stream(redis.server.command("KEYS", "hs:rl:{12345}*").split("\n")).sorted().toList();
    assertEquals(List.of("hs:rl:{12345}:app:app-1", "hs:rl:{12345}:log:app-1", "hs:rl:{12345}:portal",
        "hs:rl:{12345}:search"), keys);
    for (String key : keys) {
      long ttl = Long.parseLong(redis.server.command("PTTL", key));
      assertTrue(ttl > 0, key + " has a TTL");
    }
    // one slot for the search lane (its own log) and, by default, one in the window too
    assertEquals("2", redis.server.command("ZCARD", "hs:rl:{12345}:log:app-1"));
  }

  @Test
  void aServerThatLostItsScriptsGetsThemAgainOnce() {
    limiter.acquire("777", "app", Lane.INTERACTIVE).await().atMost(Duration.ofSeconds(5));
    redis.server.command("SCRIPT", "FLUSH");
    long evalBefore = redis.calls("eval");
    limiter.acquire("777", "app", Lane.INTERACTIVE).await().atMost(Duration.ofSeconds(5));
    limiter.acquire("777", "app", Lane.INTERACTIVE).await().atMost(Duration.ofSeconds(5));
    assertEquals(1, redis.calls("eval") - evalBefore, "EVAL once after NOSCRIPT, EVALSHA afterwards");
  }

  @Test
  void scriptsAreFoundByTheirSha() {
    for (LuaScript script : List.of(LimiterScripts.ACQUIRE, LimiterScripts.PENALIZE, LimiterScripts.OBSERVE,
        LimiterScripts.SEED, LimiterScripts.RECOVERY, LimiterScripts.USAGE)) {
      assertEquals(script.sha1(), redis.server.command("SCRIPT", "LOAD", script.source()));
    }
  }

  @Test
  void eachScriptRunsWithTheCommonFunctionsInFront() throws IOException {
    String common = resource("common.lua");
    assertEquals(common + resource("acquire.lua"), LimiterScripts.ACQUIRE.source());
    assertEquals(common + resource("penalize.lua"), LimiterScripts.PENALIZE.source());
    assertEquals(common + resource("observe.lua"), LimiterScripts.OBSERVE.source());
    assertEquals(common + resource("seed.lua"), LimiterScripts.SEED.source());
    assertEquals(common + resource("usage.lua"), LimiterScripts.USAGE.source());
    assertEquals(resource("recovery.lua"), LimiterScripts.RECOVERY.source());
  }

  private static String resource(String name) throws IOException {
    try (var in = LimiterScripts.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void thePublicFactoryDecidesOnRedisAndSaysSo() {
    var modes = new java.util.ArrayList<LimiterMode>();
    RateLimiter shared = RateLimiters.redis(redis.vertx, redis.client(),
        PortalBudgets.uniform(PortalBudget.of(100, 250_000)),
        // a first call on a busy test machine may be slow: this test is about wiring, not timeouts
        LimiterSettings.defaults().withKeyPrefix("hs:rl:").withRedisTimeouts(Duration.ofSeconds(5), Duration.ofMillis(250)),
        new RateLimiterListener() {
          @Override
          public void granted(String portalId, Lane lane, int permits, Duration wait, LimiterMode mode) {
            modes.add(mode);
          }
        });
    Permit permit = shared.acquire("4242", "app", Lane.BULK, 2).await().atMost(Duration.ofSeconds(5));
    assertEquals(2, permit.permits());
    assertEquals(LimiterMode.REDIS, permit.mode());
    assertEquals(LimiterMode.REDIS, shared.mode());
    assertEquals(List.of(LimiterMode.REDIS), modes);
    assertEquals("2", redis.server.command("ZCARD", "hs:rl:{4242}:log:app"));
  }
}
