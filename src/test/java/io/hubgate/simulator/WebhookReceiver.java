package io.hubgate.simulator;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A webhook target for tests: records every request and answers with the status a script gives for the n-th
 * request (0 means: never answer), after an optional delay.
 */
final class WebhookReceiver implements AutoCloseable {

  /** One received request. */
  record Received(String method, String uri, MultiMap headers, String body) {}

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peakInFlight = new AtomicInteger();

  WebhookReceiver(IntFunction<Integer> statusForRequest, long delayMillis) {
    this.server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      int n = count.getAndIncrement();
      received.add(new Received(request.method().name(), request.uri(), MultiMap.caseInsensitiveMultiMap()
          .addAll(request.headers()), body.toString()));
      int current = inFlight.incrementAndGet();
      peakInFlight.accumulateAndGet(current, Math::max);
      int status = statusForRequest.apply(n);
      if (status == 0) {
        request.connection().closeHandler(v -> inFlight.decrementAndGet());
        return;
      }
      Runnable answer = () -> {
        inFlight.decrementAndGet();
        request.response().setStatusCode(status).end();
      };
      if (delayMillis > 0) {
        vertx.setTimer(delayMillis, id -> answer.run());
      } else {
        answer.run();
      }
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
  }

  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.actualPort() + pathAndQuery;
  }

  List<Received> received() {
    return received;
  }

  int peakInFlight() {
    return peakInFlight.get();
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
