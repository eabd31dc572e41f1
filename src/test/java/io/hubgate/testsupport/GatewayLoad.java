package io.hubgate.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Callers of the gateway's HubSpot API in a closed loop: each caller sends its next GET as soon as the previous one was
 * answered, until {@link #stop()}. Counts the gateway's answers by status. For tests and the benchmark.
 */
public final class GatewayLoad implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final List<HttpClient> clients = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
  private final AtomicLong inFlight = new AtomicLong();
  private final CountDownLatch stopped;
  private final boolean honourRetryAfter;

  /**
   * Starts {@code callers} callers against each of {@code gateways}; caller {@code i} asks for {@code paths.apply(i)}
   * with {@code bearer} (an internal caller token).
   */
  public GatewayLoad(List<GatewayProcess> gateways, int callers, String bearer, IntFunction<String> paths) {
    this(gateways, callers, bearer, paths, true);
  }

  /**
   * Callers that ignore the gateway's 429 ({@code honourRetryAfter} false): they ask again at once, in a tight loop, as
   * an abusive or broken client would.
   */
  public static GatewayLoad ignoringRetryAfter(List<GatewayProcess> gateways, int callers, String bearer,
      IntFunction<String> paths) {
    return new GatewayLoad(gateways, callers, bearer, paths, false);
  }

  private GatewayLoad(List<GatewayProcess> gateways, int callers, String bearer, IntFunction<String> paths,
      boolean honourRetryAfter) {
    this.honourRetryAfter = honourRetryAfter;
    stopped = new CountDownLatch(gateways.size() * callers);
    int caller = 0;
    for (GatewayProcess gateway : gateways) {
      HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(gateway.port()).setKeepAlive(true).setMaxPoolSize(callers).setMaxWaitQueueSize(-1));
      clients.add(client);
      for (int i = 0; i < callers; i++) {
        loop(client, paths.apply(caller++), bearer);
      }
    }
  }

  private void loop(HttpClient client, String path, String bearer) {
    if (!running.get()) {
      stopped.countDown();
      return;
    }
    inFlight.incrementAndGet();
    client.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(path).putHeader("Authorization",
            "Bearer " + bearer).setIdleTimeout(60_000))
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode()))
        .onComplete(result -> {
          inFlight.decrementAndGet();
          int status = result.succeeded() ? result.result() : 0;
          statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
          if (status == 429 && honourRetryAfter || status == 0) {
            // the gateway's own bounded-wait refusal: back off as its Retry-After says (at least a moment)
            vertx.setTimer(200, id -> loop(client, path, bearer));
          } else {
            loop(client, path, bearer);
          }
        });
  }

  /** Answers so far by status (0: no answer). */
  public long count(int status) {
    AtomicLong n = statuses.get(status);
    return n == null ? 0 : n.get();
  }

  public Map<Integer, Long> statuses() {
    Map<Integer, Long> copy = new java.util.TreeMap<>();
    statuses.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  /** Stops sending and waits (bounded) for the answers still outstanding. */
  public Map<Integer, Long> stop() {
    running.set(false);
    try {
      stopped.await(90, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return statuses();
  }

  @Override
  public void close() {
    running.set(false);
    clients.forEach(HttpClient::close);
    vertx.close();
  }
}
