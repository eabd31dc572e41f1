package io.hubgate.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.simulator.RequestLogEntry;
import io.hubgate.simulator.SimulatorOptions;
import io.hubgate.testsupport.GatewayProcess;
import io.hubgate.testsupport.RedisServerProcess;
import io.hubgate.testsupport.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * Single-record creates coalesced into HubSpot batches, as callers see it (run by {@code bench/coalescing.sh}; not a
 * test). The simulator gives each portal 100 requests per 10 s, so the ceiling is 100 records × 10 requests/s =
 * 1,000 records/s.
 * <ol>
 *   <li>Coalesced: {@code --records} (10,000) single-contact creates ({@code POST /crm/v3/objects/contacts}) from
 *       {@code --callers} (200) concurrent callers, each sending its next create when its last is answered, through a
 *       packaged gateway's {@code /hubspot/{portalId}}: requests reaching HubSpot, records created, callers that got
 *       their own record back, HubSpot's 429s, wall time, records/s and its ratio to the ceiling.</li>
 *   <li>Baseline: one request per record straight to the simulator, as HubSpot's Node SDK sends them without the
 *       gateway (its default limiter, Bottleneck: a start at most every 1000/9 ms, at most 6 in flight; a 429 retried
 *       after {@code Retry-After}). At about 9 records/s all 10,000 would take some 18 minutes, so it runs
 *       {@code --baseline-records} (500) by default; {@code --baseline-records 10000} for the full set.</li>
 *   <li>Latency at low load: one create a second for {@code --latency-seconds} (20) through the gateway with coalescing
 *       on, through a second gateway with it off, and straight to the simulator: p50 and p99 of the answer time.</li>
 * </ol>
 * Prints one line of JSON (also {@code target/bench/coalescing.json}).
 */
public final class CoalescingBenchmark {

  static final int BUDGET = 100;
  static final long COALESCED = 401;
  static final long BASELINE = 402;
  static final long LATENCY_ON = 403;
  static final long LATENCY_OFF = 404;
  static final long LATENCY_DIRECT = 405;
  static final long WARM_UP = 406;

  public static void main(String[] args) throws Exception {
    int records = intArg(args, "--records", 10_000);
    int callers = intArg(args, "--callers", 200);
    int baselineRecords = intArg(args, "--baseline-records", 500);
    int latencySeconds = intArg(args, "--latency-seconds", 20);
    long[] portals = {COALESCED, BASELINE, LATENCY_ON, LATENCY_OFF, LATENCY_DIRECT, WARM_UP};
    Vertx vertx = Vertx.vertx();
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(Math.max(16, callers))
        .setKeepAlive(true).setMaxWaitQueueSize(-1));
    try (RedisServerProcess redis = RedisServerProcess.start();
        HubSpotSimulator sim = HubSpotSimulator.start(SimulatorOptions.defaults())) {
      for (long portal : portals) {
        sim.portals().add(portal).burstLimit(BUDGET).dailyLimit(10_000_000);
        sim.portals().privateAppToken(portal, token(portal), app(portal));
      }
      Map<String, String> env = new HashMap<>();
      env.put("HUBGATE_HUBSPOT_BASE_URL", sim.baseUrl());
      env.put("QUARKUS_REDIS_HOSTS", redis.uri());
      env.put("QUARKUS_LOG_CATEGORY__IO_HUBGATE__LEVEL", "INFO");
      for (long portal : portals) {
        env.put("HUBGATE_PORTALS__" + portal + "__ACCESS_TOKEN", token(portal));
        env.put("HUBGATE_PORTALS__" + portal + "__APP_ID", Long.toString(app(portal)));
        env.put("HUBGATE_PORTALS__" + portal + "__BURST_LIMIT", Integer.toString(BUDGET));
      }
      Map<String, String> off = new HashMap<>(env);
      off.put("HUBGATE_COALESCING_ENABLED", "false");
      CompletableFuture<GatewayProcess> startingOn = CompletableFuture.supplyAsync(
          () -> GatewayProcess.start("coalescing-on", env, "-Xmx512m"));
      CompletableFuture<GatewayProcess> startingOff = CompletableFuture.supplyAsync(
          () -> GatewayProcess.start("coalescing-off", off, "-Xmx256m"));
      try (GatewayProcess on = startingOn.join(); GatewayProcess offGateway = startingOff.join()) {
        // the JIT and connection pools warm on another portal first (a few hundred coalesced creates)
        coalesced(http, on.baseUri(), sim, WARM_UP, 500, Math.min(callers, 100));
        String coalesced = coalesced(http, on.baseUri(), sim, COALESCED, records, callers);
        String baseline = baseline(vertx, http, sim, baselineRecords);
        String latency = String.format(Locale.ROOT, "{\"calls\":%d,\"coalescingOn\":%s,\"coalescingOff\":%s,"
                + "\"direct\":%s}", latencySeconds,
            latency(vertx, http, on.baseUri() + "/hubspot/" + LATENCY_ON, bearer(LATENCY_ON), latencySeconds),
            latency(vertx, http, offGateway.baseUri() + "/hubspot/" + LATENCY_OFF, bearer(LATENCY_OFF), latencySeconds),
            latency(vertx, http, sim.baseUrl(), "Bearer " + token(LATENCY_DIRECT), latencySeconds));
        String json = String.format(Locale.ROOT,
            "{\"benchmark\":\"coalescing\",\"budgetPer10s\":%d,\"ceilingRecordsPerSecond\":%d,\"cores\":%d,"
                + "\"coalesced\":%s,\"sdkBaseline\":%s,\"latencyMs\":%s}",
            BUDGET, BUDGET * 100 / 10, Runtime.getRuntime().availableProcessors(), coalesced, baseline, latency);
        BenchReport.print("coalescing", json);
      }
    } finally {
      http.close();
      vertx.close();
    }
    System.exit(0);
  }

  /** {@code records} creates from {@code callers} closed-loop callers through the gateway. */
  private static String coalesced(HttpClient http, String gateway, HubSpotSimulator sim, long portal, int records,
      int callers) throws InterruptedException {
    String uri = gateway + "/hubspot/" + portal + "/crm/v3/objects/contacts";
    String bearer = bearer(portal);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger own = new AtomicInteger();
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(callers);
    long start = System.nanoTime();
    for (int c = 0; c < callers; c++) {
      loop(http, uri, bearer, portal, records, next, own, statuses, done);
    }
    if (!done.await(15, TimeUnit.MINUTES)) {
      throw new IllegalStateException("the coalesced run did not finish in 15 minutes");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    List<RequestLogEntry> seen = sim.requestLog().entries(e -> e.portalId() == portal);
    long created = sim.crm(portal).records("contacts").size();
    double perSecond = created / seconds;
    return String.format(Locale.ROOT,
        "{\"records\":%d,\"callers\":%d,\"hubspotRequests\":%d,\"partialBatches\":%d,\"recordsCreated\":%d,"
            + "\"callersWithOwnRecord\":%d,"
            + "\"gatewayStatuses\":%s,\"hubspot429\":%d,\"wallSeconds\":%.2f,\"recordsPerSecond\":%.1f,"
            + "\"ratioToCeiling\":%.3f}",
        records, callers, seen.size(), seen.stream().filter(e -> e.inputs() < 100).count(), created, own.get(),
        json(statuses),
        seen.stream().filter(e -> e.status() == 429).count(), seconds, perSecond, perSecond / (BUDGET * 100 / 10.0));
  }

  private static void loop(HttpClient http, String uri, String bearer, long portal, int records, AtomicInteger next,
      AtomicInteger own, Map<Integer, AtomicInteger> statuses, CountDownLatch done) {
    int n = next.getAndIncrement();
    if (n >= records) {
      done.countDown();
      return;
    }
    String email = "c" + n + "-" + portal + "@bench.example";
    post(http, uri, bearer, contact(email)).onComplete(answer -> {
      int status = answer.succeeded() ? answer.result().status : -1;
      statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
      if (status == 201 && email.equals(answer.result().json().getJsonObject("properties").getString("email"))) {
        own.incrementAndGet();
      }
      loop(http, uri, bearer, portal, records, next, own, statuses, done);
    });
  }

  /** Node SDK's default limiter straight against the simulator: one request per record. */
  private static String baseline(Vertx vertx, HttpClient http, HubSpotSimulator sim, int records)
      throws InterruptedException {
    String uri = sim.baseUrl() + "/crm/v3/objects/contacts";
    String bearer = "Bearer " + token(BASELINE);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger createdCount = new AtomicInteger();
    AtomicInteger retries = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(records);
    long start = System.nanoTime();
    long timer = vertx.setPeriodic(1000 / 9, id -> {
      if (inFlight.get() >= 6 || next.get() >= records) {
        return;
      }
      int n = next.getAndIncrement();
      inFlight.incrementAndGet();
      sdkCreate(vertx, http, uri, bearer, "b" + n + "@bench.example", retries).onComplete(answer -> {
        inFlight.decrementAndGet();
        if (answer.succeeded() && answer.result().status == 201) {
          createdCount.incrementAndGet();
        }
        done.countDown();
      });
    });
    if (!done.await(40, TimeUnit.MINUTES)) {
      throw new IllegalStateException("the baseline did not finish in 40 minutes");
    }
    vertx.cancelTimer(timer);
    double seconds = (System.nanoTime() - start) / 1e9;
    List<RequestLogEntry> seen = sim.requestLog().entries(e -> e.portalId() == BASELINE);
    double perSecond = createdCount.get() / seconds;
    return String.format(Locale.ROOT,
        "{\"records\":%d,\"limiter\":\"Bottleneck default: minTime 111 ms, maxConcurrent 6; 429 retried after "
            + "Retry-After\",\"hubspotRequests\":%d,\"recordsCreated\":%d,\"hubspot429\":%d,\"wallSeconds\":%.2f,"
            + "\"recordsPerSecond\":%.2f,\"ratioToCeiling\":%.4f,\"projectedSecondsFor10000\":%.0f}",
        records, seen.size(), createdCount.get(), seen.stream().filter(e -> e.status() == 429).count(), seconds,
        perSecond, perSecond / (BUDGET * 100 / 10.0), 10_000 / perSecond);
  }

  private static Future<Answer> sdkCreate(Vertx vertx, HttpClient http, String uri, String bearer, String email,
      AtomicInteger retries) {
    return post(http, uri, bearer, contact(email)).compose(answer -> {
      if (answer.status != 429 || retries.incrementAndGet() > 10_000) {
        return Future.succeededFuture(answer);
      }
      long wait = answer.retryAfterSeconds * 1000L;
      return Future.<Void>future(p -> vertx.setTimer(Math.max(1000, wait), id -> p.complete()))
          .compose(ignored -> sdkCreate(vertx, http, uri, bearer, email, retries));
    });
  }

  /** One create a second; p50 and p99 of the answer time in ms. */
  private static String latency(Vertx vertx, HttpClient http, String base, String bearer, int calls)
      throws InterruptedException {
    List<Double> millis = new ArrayList<>();
    AtomicLong failures = new AtomicLong();
    String uri = base + "/crm/v3/objects/contacts";
    for (int i = 0; i < calls; i++) {
      long sent = System.nanoTime();
      CompletableFuture<Integer> status = new CompletableFuture<>();
      post(http, uri, bearer, contact("l" + i + "-" + System.nanoTime() + "@bench.example"))
          .onComplete(a -> status.complete(a.succeeded() ? a.result().status : -1));
      int s = status.join();
      millis.add((System.nanoTime() - sent) / 1e6);
      if (s != 201) {
        failures.incrementAndGet();
      }
      long left = sent + TimeUnit.SECONDS.toNanos(1) - System.nanoTime();
      if (left > 0) {
        Thread.sleep(left / 1_000_000); // the load's pace: one call a second, not synchronisation
      }
    }
    millis.sort(Double::compare);
    return String.format(Locale.ROOT, "{\"p50\":%.1f,\"p99\":%.1f,\"max\":%.1f,\"not201\":%d}",
        percentile(millis, 0.50), percentile(millis, 0.99), millis.get(millis.size() - 1), failures.get());
  }

  private static double percentile(List<Double> sorted, double q) {
    int index = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private record Answer(int status, Buffer body, long retryAfterSeconds) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private static Future<Answer> post(HttpClient http, String uri, String bearer, String json) {
    return http.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(uri)
            .putHeader("Authorization", bearer).putHeader("Content-Type", "application/json"))
        .compose(request -> request.send(json))
        .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body,
            retryAfter(response.getHeader("Retry-After")))));
  }

  private static long retryAfter(String header) {
    try {
      return header == null ? 1 : Long.parseLong(header.trim());
    } catch (NumberFormatException notSeconds) {
      return 1;
    }
  }

  private static String contact(String email) {
    return new JsonObject().put("properties", new JsonObject().put("email", email).put("firstname", "Bench")).encode();
  }

  private static String json(Map<Integer, AtomicInteger> counts) {
    StringBuilder out = new StringBuilder("{");
    counts.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v.get()));
    return out.append('}').toString();
  }

  private static String bearer(long portal) {
    return "Bearer " + TestTokens.token("hubspot.write", portal);
  }

  private static String token(long portal) {
    return "pat-na1-bench-" + portal;
  }

  private static long app(long portal) {
    return 8000 + portal;
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
