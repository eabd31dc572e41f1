package io.hubgate.ratelimit;

import io.vertx.mutiny.redis.client.Redis;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Limiter cost: acquisitions per second and latency of one ACQUIRE script call through the Vert.x client, against a
 * local redis-server, in a closed loop. Not a timed test; prints one JSON line per scenario.
 *
 * <p>The pom pins {@code <excludedGroups>benchmark</excludedGroups>}, which a {@code -DexcludedGroups} on the command
 * line cannot override, so it runs through {@link #main}:
 * <pre>
 * ./mvnw -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.cp
 * java -cp target/test-classes:target/classes:$(cat target/test.cp) io.hubgate.ratelimit.RedisRateLimiterBenchmark
 * </pre>
 * (Once the pom reads {@code <excludedGroups>${excludedGroups}</excludedGroups>} with {@code benchmark} as the
 * property's default, {@code ./mvnw -q test -Dtest=RedisRateLimiterBenchmark -Dgroups=benchmark -DexcludedGroups=none}
 * works too.)
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

      var recorder = new Recorder(3);
      var counter = new AtomicLong();
      var granted = new AtomicLong();
      var next = new AtomicInteger();
      long warmUpEnd = System.nanoTime() + WARM_UP.toNanos();
      long end = warmUpEnd + MEASURE.toNanos();
      var done = new CompletableFuture<Void>();
      var running = new AtomicInteger(CONCURRENCY);
      Runnable[] loop = new Runnable[1];
      loop[0] = () -> {
        long start = System.nanoTime();
        if (start >= end) {
          if (running.decrementAndGet() == 0) {
            done.complete(null);
          }
          return;
        }
        String portal = "p" + Math.floorMod(next.getAndIncrement(), portals);
        limiter.reserve(portal, "app", Lane.INTERACTIVE, 1, 0).subscribe().with(
            d -> {
              long now = System.nanoTime();
              if (start >= warmUpEnd) {
                recorder.recordValue((now - start) / 1_000);
                counter.incrementAndGet();
                if (d.granted()) {
                  granted.incrementAndGet();
                }
              }
              loop[0].run();
            },
            failure -> done.completeExceptionally(failure));
      };
      for (int i = 0; i < CONCURRENCY; i++) {
        loop[0].run();
      }
      done.join();
      Histogram h = recorder.getIntervalHistogram();
      double seconds = MEASURE.toNanos() / 1e9;
      System.out.printf("{\"benchmark\":\"redis-limiter-acquire\",\"scenario\":\"%s\",\"portals\":%d,\"limit\":%d,"
              + "\"concurrency\":%d,\"seconds\":%.0f,\"acquisitions\":%d,\"granted\":%d,"
              + "\"acquisitionsPerSecond\":%.0f,\"p50Micros\":%d,\"p99Micros\":%d,\"p999Micros\":%d,\"maxMicros\":%d,"
              + "\"redisMicrosPerScript\":%.1f}%n",
          scenario, portals, limit, CONCURRENCY, seconds, counter.get(), granted.get(), counter.get() / seconds,
          h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(),
          redis.usecPerCall("evalsha"));
    }
  }
}
