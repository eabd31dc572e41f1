package io.hubgate.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The load balancer in front of the replicas, on 127.0.0.1: each request goes to the next replica in turn, as a
 * Kubernetes Service spreads them. A replica that cannot be reached or dies mid-request leaves the caller without an
 * answer (the connection is closed, as a balancer whose endpoint list still holds a dead pod does), and is then left out
 * for {@code eject} (a passive health check). A replica that restarts elsewhere (a new pod) is routed to with
 * {@link #route}.
 */
final class RoundRobinProxy implements AutoCloseable {

  private final HttpServer server;
  private final HttpClient client;
  private final int[] ports;
  private final AtomicLongArray ejectedUntilNanos;
  private final long ejectNanos;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicLong upstreamFailures = new AtomicLong();
  private final BiConsumer<Buffer, Routed> routed;

  /** Where one request went and what came back: the replica's slot, when, and its status (0: no answer). */
  record Routed(int slot, long atMillis, int status) {
  }

  private RoundRobinProxy(Vertx vertx, int[] ports, Duration eject, BiConsumer<Buffer, Routed> routed) {
    this.routed = routed;
    this.ports = ports.clone();
    this.ejectedUntilNanos = new AtomicLongArray(ports.length);
    this.ejectNanos = eject.toNanos();
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setDefaultHost("127.0.0.1"),
        new PoolOptions().setHttp1MaxSize(32));
    this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(this::forward)
        .listen().toCompletionStage().toCompletableFuture().join();
  }

  /** Starts the balancer; {@code routed} hears of every request's body, replica and outcome. */
  static RoundRobinProxy start(Vertx vertx, int[] replicaPorts, Duration eject, BiConsumer<Buffer, Routed> routed) {
    return new RoundRobinProxy(vertx, replicaPorts, eject, routed);
  }

  int port() {
    return server.actualPort();
  }

  String baseUri() {
    return "http://127.0.0.1:" + port();
  }

  /** The replica in {@code slot} now listens on {@code port}; it is routed to at once. */
  synchronized void route(int slot, int port) {
    ports[slot] = port;
    ejectedUntilNanos.set(slot, 0);
  }

  /** Requests that reached no replica or lost their replica mid-way (their callers got no answer). */
  long upstreamFailures() {
    return upstreamFailures.get();
  }

  private void forward(HttpServerRequest request) {
    int slot = pick();
    int port;
    synchronized (this) {
      port = ports[slot];
    }
    long at = System.currentTimeMillis();
    request.body().onSuccess(body -> client.request(new RequestOptions().setPort(port).setMethod(request.method())
            .setURI(request.uri()).setHeaders(endToEnd(request)).setIdleTimeout(30_000))
        .compose(upstream -> upstream.send(body))
        .compose(response -> response.body().map(answer -> {
          var reply = request.response().setStatusCode(response.statusCode());
          copy(response.getHeader("Content-Type"), "Content-Type", reply);
          copy(response.getHeader("Retry-After"), "Retry-After", reply);
          reply.end(answer);
          routed.accept(body, new Routed(slot, at, response.statusCode()));
          return null;
        }))
        .onFailure(failure -> {
          upstreamFailures.incrementAndGet();
          ejectedUntilNanos.set(slot, System.nanoTime() + ejectNanos);
          request.connection().close();
          routed.accept(body, new Routed(slot, at, 0));
        }));
  }

  /** The caller's headers without the hop-by-hop ones (this hop sets its own length and connection). */
  private static MultiMap endToEnd(HttpServerRequest request) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    request.headers().forEach((name, value) -> {
      String lower = name.toLowerCase(java.util.Locale.ROOT);
      if (!lower.equals("content-length") && !lower.equals("connection") && !lower.equals("host")
          && !lower.equals("transfer-encoding") && !lower.equals("keep-alive")) {
        headers.add(name, value);
      }
    });
    return headers;
  }

  private static void copy(String value, String name, io.vertx.core.http.HttpServerResponse reply) {
    if (value != null) {
      reply.putHeader(name, value);
    }
  }

  /** The next replica in turn that is not left out; if all are, the next in turn. */
  private int pick() {
    long now = System.nanoTime();
    int start = Math.floorMod(next.getAndIncrement(), ports.length);
    for (int i = 0; i < ports.length; i++) {
      int slot = (start + i) % ports.length;
      if (ejectedUntilNanos.get(slot) - now <= 0) {
        return slot;
      }
    }
    return start;
  }

  @Override
  public void close() {
    server.close();
    client.close();
  }
}
