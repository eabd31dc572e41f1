package io.hubgate.ratelimit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The limiter benchmarks' load: {@code concurrency} callers, each asking for its next decision as soon as the previous
 * one came back, round-robin over {@code portals} keys, for a warm-up and then a measured period. Latency is recorded in
 * microseconds; {@code positive} counts decisions whose answer was true (granted).
 */
final class ClosedLoop {

  record Measurement(long acquisitions, long positive, double perSecond, Histogram latencyMicros) {
  }

  private ClosedLoop() {
  }

  static Measurement run(int concurrency, int portals, Duration warmUp, Duration measure,
      Function<String, CompletionStage<Boolean>> acquire) {
    var recorder = new Recorder(3);
    var counter = new AtomicLong();
    var positive = new AtomicLong();
    var next = new AtomicInteger();
    long warmUpEnd = System.nanoTime() + warmUp.toNanos();
    long end = warmUpEnd + measure.toNanos();
    var done = new CompletableFuture<Void>();
    var running = new AtomicInteger(concurrency);
    Runnable[] step = new Runnable[1];
    step[0] = () -> {
      long start = System.nanoTime();
      if (start >= end) {
        if (running.decrementAndGet() == 0) {
          done.complete(null);
        }
        return;
      }
      String portal = "p" + Math.floorMod(next.getAndIncrement(), portals);
      acquire.apply(portal).whenComplete((answer, failure) -> {
        if (failure != null) {
          done.completeExceptionally(failure);
          return;
        }
        if (start >= warmUpEnd) {
          recorder.recordValue((System.nanoTime() - start) / 1_000);
          counter.incrementAndGet();
          if (Boolean.TRUE.equals(answer)) {
            positive.incrementAndGet();
          }
        }
        step[0].run();
      });
    };
    for (int i = 0; i < concurrency; i++) {
      step[0].run();
    }
    done.join();
    return new Measurement(counter.get(), positive.get(), counter.get() / (measure.toNanos() / 1e9),
        recorder.getIntervalHistogram());
  }
}
