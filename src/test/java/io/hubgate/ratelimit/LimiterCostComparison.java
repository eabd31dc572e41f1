package io.hubgate.ratelimit;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;


import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * Limiter cost side by side on one Redis: our ACQUIRE script (Vert.x client) and Bucket4j's Redis limiter (Lettuce,
 * compare-and-swap), each in a closed loop of {@code concurrency} callers over {@code portals} keys with a budget of
 * 100 per 10 s. Measures the decision's round trip (granted or not), not the scheduled wait.
 */
public final class LimiterCostComparison {

  public record Result(String limiter, long acquisitions, double perSecond, double p50Micros, double p99Micros) {

    public String json() {
      return String.format(java.util.Locale.ROOT,
          "{\"limiter\":\"%s\",\"acquisitions\":%d,\"acquisitionsPerSecond\":%.0f,\"p50Micros\":%.0f,\"p99Micros\":%.0f}",
          limiter, acquisitions, perSecond, p50Micros, p99Micros);
    }
  }

  private LimiterCostComparison() {
  }

  public static Result ours(String redisUri, int concurrency, int portals, Duration warmUp, Duration measure) {
    Vertx vertx = Vertx.vertx();
    Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUri)
        .setMaxPoolSize(concurrency).setMaxPoolWaiting(concurrency * 4));
    try {
      var budget = new PortalBudget(100, Duration.ofSeconds(10), 0, 5, ZoneOffset.UTC);
      var limiter = new RedisRateLimiter(client, PortalBudgets.uniform(budget),
          LimiterSettings.defaults().withKeyPrefix("bench:ours:"),
          new PermitScheduler(SlotTimer.vertx(vertx), RateLimiterListener.NONE));
      limiter.reserve("warm", "app", Lane.INTERACTIVE, 1, 0).await().atMost(Duration.ofSeconds(10));
      return loop("hubgate-redis", concurrency, portals, warmUp, measure,
          portal -> limiter.reserve(portal, "app", Lane.INTERACTIVE, 1, 0).map(Decision::granted).subscribeAsCompletionStage());
    } finally {
      client.close();
      vertx.closeAndAwait();
    }
  }

  public static Result bucket4j(String redisUri, int concurrency, int portals, Duration warmUp, Duration measure) {
    RedisClient lettuce = RedisClient.create(redisUri);
    var connection = lettuce.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    try {
      var proxies = Bucket4jLettuce.casBasedBuilder(connection)
          .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(20)))
          .build()
          .asAsync();
      var configuration = BucketConfiguration.builder()
          .addLimit(limit -> limit.capacity(100).refillGreedy(100, Duration.ofSeconds(10)))
          .build();
      Map<String, AsyncBucketProxy> buckets = new ConcurrentHashMap<>();
      Function<String, AsyncBucketProxy> bucket = portal -> buckets.computeIfAbsent(portal,
          p -> proxies.builder().build("bench:bucket4j:" + p, () -> CompletableFuture.completedFuture(configuration)));
      bucket.apply("warm").tryConsume(1).join();
      return loop("bucket4j-lettuce-cas", concurrency, portals, warmUp, measure, portal -> bucket.apply(portal).tryConsume(1));
    } finally {
      connection.close();
      lettuce.shutdown();
    }
  }

  private static Result loop(String name, int concurrency, int portals, Duration warmUp, Duration measure,
      Function<String, CompletionStage<Boolean>> acquire) {
    var m = ClosedLoop.run(concurrency, portals, warmUp, measure, acquire);
    return new Result(name, m.acquisitions(), m.perSecond(), m.latencyMicros().getValueAtPercentile(50),
        m.latencyMicros().getValueAtPercentile(99));
  }
}
