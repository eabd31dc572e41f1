package io.hubgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.hubgate.ratelimit.LimiterCostComparison;
import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.simulator.RequestLogEntry;
import io.hubgate.simulator.SimulatorOptions;
import io.hubgate.testsupport.GatewayLoad;
import io.hubgate.testsupport.GatewayProcess;
import io.hubgate.testsupport.RedisServerProcess;
import io.hubgate.testsupport.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * The shared HubSpot budget under saturating load, as callers see it (run by {@code bench/ratelimit.sh}; not a test).
 * <ol>
 *   <li>Shared: three packaged gateways on one Redis, three portals with a budget of 100 per 10 s, far more callers
 *       than the budget admits, for a warm-up window and then {@code --seconds}, through {@code /hubspot/{portalId}}.</li>
 *   <li>Baseline: three processes each limiting itself as HubSpot's Node SDK does with its default limiter (Bottleneck,
 *       minTime 1000/9 ms, maxConcurrent 6, per process and portal; no retries), calling the simulator directly. The
 *       gateway with its limiter switched off would only add a hop to the same schedule.</li>
 *   <li>Limiter cost: our ACQUIRE script and Bucket4j's Redis limiter (Lettuce, CAS) on the same Redis.</li>
 * </ol>
 * Utilisation is what HubSpot accepted in the measured interval ÷ the most it accepts there (budget × seconds ÷ 10);
 * rate utilisation the same long-run figure without the interval's edges: 10 s ÷ the mean time HubSpot took to accept
 * a budget's worth of requests. The tightest span of budget + 1 requests says how much of δ was left (≥ 10 s: none
 * over the budget).
 * Prints one line of JSON (also {@code target/bench/ratelimit.json}).
 */
public final class RateLimitBenchmark {

  static final int BUDGET = 100;
  static final Duration WINDOW = Duration.ofSeconds(10);

  public static void main(String[] args) throws Exception {
    int seconds = intArg(args, "--seconds", 60);
    int callers = intArg(args, "--callers", 8);
    int costSeconds = intArg(args, "--cost-seconds", 10);
    int safetyMarginMillis = intArg(args, "--safety-margin-ms", 200);
    long[] shared = {301, 302, 303};
    long[] baseline = {311, 312, 313};
    long[] warmUp = {321, 322, 323};
    try (RedisServerProcess redis = RedisServerProcess.start();
        HubSpotSimulator sim = HubSpotSimulator.start(SimulatorOptions.defaults())) {
      for (long portal : concat(concat(shared, baseline), warmUp)) {
        sim.portals().add(portal).burstLimit(BUDGET).dailyLimit(10_000_000);
        sim.portals().privateAppToken(portal, token(portal), app(portal));
      }
      String sharedJson = sharedRun(sim, redis, shared, warmUp, callers, seconds, safetyMarginMillis);
      String baselineJson = nodeSdkBaseline(sim, baseline, seconds);
      var ours = LimiterCostComparison.ours(redis.uri(), 16, 1000, Duration.ofSeconds(3), Duration.ofSeconds(costSeconds));
      var bucket4j = LimiterCostComparison.bucket4j(redis.uri(), 16, 1000, Duration.ofSeconds(3),
          Duration.ofSeconds(costSeconds));
      // every request HubSpot saw, for a closer look at a run (portal, arrival ms since the first, status)
      StringBuilder csv = new StringBuilder("portal,arrivalMs,status\n");
      long first = sim.requestLog().entries().stream().mapToLong(RequestLogEntry::arrivalNanos).min().orElse(0);
      sim.requestLog().entries().forEach(e -> csv.append(e.portalId()).append(',')
          .append((e.arrivalNanos() - first) / 1_000_000.0).append(',').append(e.status()).append('\n'));
      Files.createDirectories(Path.of("target", "bench"));
      Files.writeString(Path.of("target", "bench", "ratelimit-arrivals.csv"), csv);
      String json = String.format(Locale.ROOT,
          "{\"benchmark\":\"ratelimit\",\"gateways\":3,\"portals\":3,\"budgetPer10s\":%d,\"seconds\":%d,"
              + "\"cores\":%d,\"shared\":%s,\"nodeSdkBaseline\":%s,\"limiterCost\":{\"concurrency\":16,\"keys\":1000,"
              + "\"seconds\":%d,\"ours\":%s,\"bucket4j\":%s}}",
          BUDGET, seconds, Runtime.getRuntime().availableProcessors(), sharedJson, baselineJson, costSeconds,
          ours.json(), bucket4j.json());
      BenchReport.print("ratelimit", json);
    }
    System.exit(0);
  }

  private static String sharedRun(HubSpotSimulator sim, RedisServerProcess redis, long[] portals, long[] warmUp,
      int callers, int seconds, int safetyMarginMillis) {
    Map<String, String> env = new HashMap<>();
    env.put("HUBGATE_HUBSPOT_BASE_URL", sim.baseUrl());
    env.put("QUARKUS_REDIS_HOSTS", redis.uri());
    env.put("QUARKUS_LOG_CATEGORY__IO_HUBGATE__LEVEL", "INFO");
    env.put("HUBGATE_RATELIMIT_SAFETY_MARGIN", "PT" + safetyMarginMillis / 1000.0 + "S");
    for (long portal : concat(portals, warmUp)) {
      env.put("HUBGATE_PORTALS__" + portal + "__ACCESS_TOKEN", token(portal));
      env.put("HUBGATE_PORTALS__" + portal + "__APP_ID", Long.toString(app(portal)));
      env.put("HUBGATE_PORTALS__" + portal + "__BURST_LIMIT", Integer.toString(BUDGET));
    }
    List<GatewayProcess> gateways = GatewayProcess.startAll(List.of("bench-a", "bench-b", "bench-c"), env, "-Xmx512m");
    try {
      // JIT and connection pools warm on other portals first: a cold replica's first burst reaches HubSpot later
      // than δ covers (measured cold: 17 HubSpot 429s at the first window edge)
      try (GatewayLoad warm = new GatewayLoad(gateways, callers * warmUp.length,
          TestTokens.token("hubspot.read", (Object[]) boxed(warmUp)),
          i -> "/hubspot/" + warmUp[i % warmUp.length] + "/crm/v3/objects/contacts?limit=1")) {
        sleepUntil(System.nanoTime() + WINDOW.toNanos() + Duration.ofSeconds(5).toNanos());
        warm.stop();
      }
      String bearer = TestTokens.token("hubspot.read", (Object[]) boxed(portals));
      long start;
      Map<Integer, Long> answers;
      try (GatewayLoad load = new GatewayLoad(gateways, callers * portals.length, bearer,
          i -> "/hubspot/" + portals[i % portals.length] + "/crm/v3/objects/contacts?limit=1")) {
        start = System.nanoTime();
        sleepUntil(start + WINDOW.toNanos() + Duration.ofSeconds(seconds).toNanos());
        answers = load.stop();
      }
      return summary(sim, portals, start + WINDOW.toNanos(), seconds,
          String.format(Locale.ROOT, "\"safetyMarginMs\":%d,\"callersPerGateway\":%d,\"gatewayAnswers\":%s,",
              safetyMarginMillis, callers * portals.length,
              answers.toString().replace('=', ':').replaceAll("(\\d+):", "\"$1\":")));
    } finally {
      gateways.forEach(GatewayProcess::close);
    }
  }

  /** Bottleneck's schedule per process and portal: a start at most every 1000/9 ms, at most 6 in flight. */
  private static String nodeSdkBaseline(HubSpotSimulator sim, long[] portals, int seconds) {
    Vertx vertx = Vertx.vertx();
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64).setKeepAlive(true));
    try {
      long start = System.nanoTime();
      List<Long> timers = new ArrayList<>();
      for (int process = 0; process < 3; process++) {
        for (long portal : portals) {
          var inFlight = new AtomicInteger();
          timers.add(vertx.setPeriodic(1000 / 9, id -> {
            if (inFlight.get() >= 6) {
              return;
            }
            inFlight.incrementAndGet();
            http.request(new RequestOptions().setMethod(HttpMethod.GET)
                    .setAbsoluteURI(sim.baseUrl() + "/crm/v3/objects/contacts?limit=1")
                    .putHeader("Authorization", "Bearer " + token(portal)))
                .compose(request -> request.send())
                .compose(response -> response.body())
                .onComplete(done -> inFlight.decrementAndGet());
          }));
        }
      }
      sleepUntil(start + WINDOW.toNanos() + Duration.ofSeconds(seconds).toNanos());
      timers.forEach(vertx::cancelTimer);
      return summary(sim, portals, start + WINDOW.toNanos(), seconds,
          "\"limiter\":\"per process and portal: minTime 111 ms, maxConcurrent 6\",");
    } finally {
      http.close();
      vertx.close();
    }
  }

  private static String summary(HubSpotSimulator sim, long[] portals, long fromNanos, int seconds, String extra) {
    long toNanos = fromNanos + Duration.ofSeconds(seconds).toNanos();
    long accepted = 0;
    long sent = 0;
    long rejected = 0;
    int maxInAnyWindow = 0;
    long tightest = Long.MAX_VALUE;
    double spanSum = 0;
    long spans = 0;
    for (long portal : portals) {
      List<RequestLogEntry> entries = sim.requestLog().entries(e -> e.portalId() == portal);
      for (RequestLogEntry e : entries) {
        if (e.arrivalNanos() >= fromNanos && e.arrivalNanos() < toNanos) {
          sent++;
          accepted += e.status() == 200 ? 1 : 0;
        }
        rejected += e.status() == 429 ? 1 : 0;
      }
      maxInAnyWindow = Math.max(maxInAnyWindow, sim.requestLog().maxInAnyWindow(portal, app(portal), WINDOW));
      tightest = Math.min(tightest, tightestSpan(entries));
      long[] acceptedArrivals = entries.stream().filter(e -> e.status() == 200)
          .mapToLong(RequestLogEntry::arrivalNanos).filter(t -> t >= fromNanos && t < toNanos).sorted().toArray();
      for (int i = 0; i + BUDGET < acceptedArrivals.length; i++) {
        spanSum += acceptedArrivals[i + BUDGET] - acceptedArrivals[i];
        spans++;
      }
    }
    // the long-run rate, free of where the interval's edges fall among the windows: the budget's window ÷ the mean
    // time HubSpot took to accept a budget's worth of requests (bound W ÷ (W + δ))
    double rateUtilisation = spans == 0 ? 0 : WINDOW.toNanos() / (spanSum / (double) spans);
    long possible = (long) BUDGET * portals.length * seconds / WINDOW.toSeconds();
    return String.format(Locale.ROOT,
        "{%s\"sentInInterval\":%d,\"acceptedInInterval\":%d,\"mostAcceptable\":%d,\"utilisation\":%.4f,"
            + "\"rateUtilisation\":%.4f,\"hubspot429\":%d,\"maxInAny10sWindow\":%d,\"tightestSpanOfBudgetPlusOneMs\":%d}",
        extra, sent, accepted, possible, (double) accepted / possible, rateUtilisation, rejected, maxInAnyWindow,
        tightest / 1_000_000);
  }

  /**
   * The least time between a request and the one {@code BUDGET} places later, as HubSpot saw them arrive: below 10 s
   * means some window held more than the budget; its distance above 10 s is the margin left of δ.
   */
  private static long tightestSpan(List<RequestLogEntry> entries) {
    long[] arrivals = entries.stream().mapToLong(RequestLogEntry::arrivalNanos).sorted().toArray();
    long tightest = Long.MAX_VALUE;
    for (int i = 0; i + BUDGET < arrivals.length; i++) {
      tightest = Math.min(tightest, arrivals[i + BUDGET] - arrivals[i]);
    }
    return tightest;
  }

  private static void sleepUntil(long nanos) {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) {
      try {
        Thread.sleep(Math.min(1000, left / 1_000_000 + 1)); // a fixed measuring time, not synchronisation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static String token(long portal) {
    return "pat-na1-bench-" + portal;
  }

  private static long app(long portal) {
    return 7000 + portal;
  }

  private static Long[] boxed(long[] values) {
    Long[] boxed = new Long[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }

  private static long[] concat(long[] a, long[] b) {
    long[] all = new long[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
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
