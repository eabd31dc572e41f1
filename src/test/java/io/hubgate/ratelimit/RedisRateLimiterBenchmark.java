package io.hubgate.ratelimit;

import io.vertx.mutiny.redis.client.Redis;
import java.time.Duration;
import java.time.ZoneOffset;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Limiter cost: acquisitions per second and latency of one ACQUIRE script call through the Vert.x client, against a
 * local redis-server, in a closed loop. Not a timed test; prints one JSON line per scenario.
 *
 * <p>Run it with {@code ./mvnw -q test -Dtest=RedisRateLimiterBenchmark -Dgroups=benchmark -DexcludedGroups=none}
 * (benchmarks are excluded by default), or through {@link #main}.
 */
@Tag("benchmark")
class RedisRateLimiterBenchmark {

  private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
  private static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("bench.warmup", 3));
  private static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("bench.seconds", 10));

  public static void main(String[] args) {
    var benchmark = new RedisRateLimiterBenchmark();
    benchmark.manyPortals();
    benchmark.oneHotPortal();
    System.exit(0);
  }

  @Test
  void manyPortals() {
    run("many-portals", 1_000, 100);
  }

  @Test
  void oneHotPortal() {
    run("one-hot-portal", 1, 250);
  }

  private void run(String scenario, int portals, int limit) {
    try (var redis = new RedisFixture()) {
      Redis client = redis.client();
      var budget = new PortalBudget(limit, Duration.ofSeconds(10), 0, 5, ZoneOffset.UTC);
      var limiter = new RedisRateLimiter(client, PortalBudgets.uniform(budget), LimiterSettings.defaults(),
          new PermitScheduler(SlotTimer.vertx(redis.vertx), RateLimiterListener.NONE));
      limiter.reserve("warm", "app", Lane.INTERACTIVE, 1, 0).await().indefinitely();

      var m = ClosedLoop.run(CONCURRENCY, portals, WARM_UP, MEASURE,
          portal -> limiter.reserve(portal, "app", Lane.INTERACTIVE, 1, 0).map(Decision::granted).subscribeAsCompletionStage());
      Histogram h = m.latencyMicros();
      double seconds = MEASURE.toNanos() / 1e9;
      System.out.printf("{\"benchmark\":\"redis-limiter-acquire\",\"scenario\":\"%s\",\"portals\":%d,\"limit\":%d,"
              + "\"concurrency\":%d,\"seconds\":%.0f,\"acquisitions\":%d,\"granted\":%d,"
              + "\"acquisitionsPerSecond\":%.0f,\"p50Micros\":%d,\"p99Micros\":%d,\"p999Micros\":%d,\"maxMicros\":%d,"
              + "\"redisMicrosPerScript\":%.1f}%n",
          scenario, portals, limit, CONCURRENCY, seconds, m.acquisitions(), m.positive(), m.perSecond(),
          h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(),
          redis.usecPerCall("evalsha"));
    }
  }
}
