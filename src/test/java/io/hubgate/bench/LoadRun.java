package io.hubgate.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.HdrHistogram.Recorder;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * A closed-loop HTTP load: {@code connections} keep-alive connections, each sending its next request as soon as the
 * previous one answered, for a fixed time. Counts answers by status and records latency in an HdrHistogram.
 */
final class LoadRun {

  /** One request to send: method, path, headers and body (null: none). */
  record Shot(HttpMethod method, String path, io.vertx.core.MultiMap headers, Buffer body) {

    /** A POST, as a webhook delivery. */
    Shot(String path, io.vertx.core.MultiMap headers, Buffer body) {
      this(HttpMethod.POST, path, headers, body);
    }
  }

  /**
   * Figures of one run; CPU per request of the gateway process, of the benchmark's own JVM (load generator, and the
   * Kafka broker when there is one) and of the Redis server, so that what shares the two cores is accounted for.
   */
  record Result(double requestsPerSecond, double p50Millis, double p99Millis, long ok, long failed,
      double gatewayCpuMicrosPerRequest, double benchJvmCpuMicrosPerRequest, double redisCpuMicrosPerRequest) {

    Result withCpu(Duration gateway, Duration benchJvm, Duration redis) {
      long requests = Math.max(1, ok + failed);
      return new Result(requestsPerSecond, p50Millis, p99Millis, ok, failed, gateway.toNanos() / 1000.0 / requests,
          benchJvm.toNanos() / 1000.0 / requests, redis.toNanos() / 1000.0 / requests);
    }
  }

  private LoadRun() {
  }

  static Result run(Vertx vertx, int port, int connections, Duration duration, Supplier<Shot> shots) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setKeepAlive(true).setMaxPoolSize(connections).setMaxWaitQueueSize(-1));
    var recorder = new Recorder(3);
    var ok = new AtomicLong();
    var failed = new AtomicLong();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    var done = new CompletableFuture<Void>();
    var running = new AtomicLong(connections);
    for (int i = 0; i < connections; i++) {
      loop(client, shots, end, recorder, ok, failed, running, done);
    }
    done.join();
    double seconds = (System.nanoTime() - start) / 1e9;
    client.close();
    var histogram = recorder.getIntervalHistogram();
    return new Result((ok.get() + failed.get()) / seconds, histogram.getValueAtPercentile(50) / 1e6,
        histogram.getValueAtPercentile(99) / 1e6, ok.get(), failed.get(), 0, 0, 0);
  }

  private static void loop(HttpClient client, Supplier<Shot> shots, long end, Recorder recorder, AtomicLong ok,
      AtomicLong failed, AtomicLong running, CompletableFuture<Void> done) {
    if (System.nanoTime() >= end) {
      if (running.decrementAndGet() == 0) {
        done.complete(null);
      }
      return;
    }
    Shot shot = shots.get();
    long sent = System.nanoTime();
    client.request(new RequestOptions().setMethod(shot.method()).setURI(shot.path()).setHeaders(shot.headers()))
        .compose(request -> shot.body() == null ? request.send() : request.send(shot.body()))
        .compose(response -> response.body().map(body -> response.statusCode()))
        .onComplete(result -> {
          recorder.recordValue(System.nanoTime() - sent);
          if (result.succeeded() && result.result() == 200) {
            ok.incrementAndGet();
          } else {
            failed.incrementAndGet();
          }
          loop(client, shots, end, recorder, ok, failed, running, done);
        });
  }
}
