package io.hubgate.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Measures how many simple requests per second the simulator answers: many keep-alive connections each
 * reading one contact in a closed loop, with the request log and rate limits on as in tests (the portal's
 * budget is set high enough never to answer 429). Prints one line of JSON. Arguments:
 * {@code --seconds 20 --connections 64 --warmup 5}.
 */
public final class HubSpotSimulatorBenchmark {

  private HubSpotSimulatorBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> params = new java.util.HashMap<>(Map.of("--seconds", "20", "--connections", "64",
        "--warmup", "5"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      params.put(args[i], args[i + 1]);
    }
    int seconds = Integer.parseInt(params.get("--seconds"));
    int connections = Integer.parseInt(params.get("--connections"));
    int warmup = Integer.parseInt(params.get("--warmup"));
    System.out.println(run(seconds, warmup, connections));
    System.exit(0);
  }

  static String run(int seconds, int warmupSeconds, int connections) throws InterruptedException {
    try (HubSpotSimulator simulator = HubSpotSimulator.start(SimulatorOptions.defaults())) {
      long portalId = 62515;
      simulator.portals().add(portalId).burstLimit(Integer.MAX_VALUE).dailyLimit(Long.MAX_VALUE);
      simulator.portals().privateAppToken(portalId, "pat-na1-bench", 1);
      String id = simulator.crm(portalId).seed("contacts", Map.of("email", "bench@example.com")).id();
      Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
      HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
          new PoolOptions().setHttp1MaxSize(connections));
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
          .setPort(simulator.port()).setURI("/crm/v3/objects/contacts/" + id)
          .putHeader("Authorization", "Bearer pat-na1-bench");
      try {
        Phase warm = load(client, request, connections, warmupSeconds);
        simulator.requestLog().clear();
        Phase measured = load(client, request, connections, seconds);
        double perSecond = measured.ok / (measured.nanos / 1e9);
        return String.format(java.util.Locale.ROOT,
            "{\"benchmark\":\"simulator-get-contact\",\"seconds\":%.1f,\"connections\":%d,\"requests\":%d,"
                + "\"errors\":%d,\"requestsPerSecond\":%.0f,\"p50Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f,"
                + "\"loggedRequests\":%d,\"cores\":%d,\"warmupRequests\":%d}",
            measured.nanos / 1e9, connections, measured.ok, measured.errors, perSecond,
            measured.histogram.getValueAtPercentile(50) / 1e6, measured.histogram.getValueAtPercentile(99) / 1e6,
            measured.histogram.getMaxValue() / 1e6, simulator.requestLog().size(),
            Runtime.getRuntime().availableProcessors(), warm.ok);
      } finally {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
      }
    }
  }

  /** Requests answered 200, other outcomes, and latency, over one closed-loop phase. */
  private record Phase(long ok, long errors, long nanos, ConcurrentHistogram histogram) {}

  private static Phase load(HttpClient client, RequestOptions request, int connections, int seconds)
      throws InterruptedException {
    ConcurrentHistogram histogram = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(10), 3);
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    CountDownLatch done = new CountDownLatch(connections);
    for (int i = 0; i < connections; i++) {
      next(client, request, end, ok, errors, histogram, done);
    }
    done.await();
    return new Phase(ok.get(), errors.get(), System.nanoTime() - start, histogram);
  }

  private static void next(HttpClient client, RequestOptions request, long end, AtomicLong ok, AtomicLong errors,
      ConcurrentHistogram histogram, CountDownLatch done) {
    long sent = System.nanoTime();
    if (sent >= end) {
      done.countDown();
      return;
    }
    client.request(request)
        .compose(req -> req.send().compose(response -> response.body().map(b -> response.statusCode())))
        .onComplete(result -> {
          histogram.recordValue(Math.min(System.nanoTime() - sent, TimeUnit.SECONDS.toNanos(10)));
          if (result.succeeded() && result.result() == 200) {
            ok.incrementAndGet();
          } else {
            errors.incrementAndGet();
          }
          next(client, request, end, ok, errors, histogram, done);
        });
  }
}
