package io.hubgate.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import io.hubgate.bench.LoadRun.Result;
import io.hubgate.bench.LoadRun.Shot;
import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.simulator.SimulatorOptions;
import io.hubgate.testsupport.GatewayProcess;
import io.hubgate.testsupport.RedisServerProcess;
import io.hubgate.testsupport.SseClient;
import io.hubgate.testsupport.TestTokens;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What turning on tracing or watching the console costs (run by {@code bench/observability.sh}; not a test). Three
 * processes of the same packaged jar, started side by side, on one Redis (dedup, limiter) and the in-process HubSpot
 * simulator:
 * <ul>
 *   <li>{@code defaults}: as shipped, OpenTelemetry's SDK disabled (JSON logs with one line per HubSpot request are
 *       the default, so all three write them);</li>
 *   <li>{@code tracing}: the SDK on, every new trace sampled, exported over OTLP http/protobuf to {@link OtlpSink}
 *       in this JVM, which counts the export requests and their spans;</li>
 *   <li>{@code console}: the defaults with one client reading {@code /q/console/stream} on the management port from
 *       start to end (a snapshot a second, each reading every portal's limiter state in Redis).</li>
 * </ul>
 * Two loads, each closed-loop on {@code --connections} (32) keep-alive connections: fresh signed webhook deliveries
 * (as {@link WebhookBenchmark} sends them), and API reads through {@code /hubspot/{portalId}} forwarded to the
 * simulator: {@code GET /crm/v3/objects/contacts?limit=10}, a list call, which is neither coalesced (only single-record
 * reads by id are, see {@code CoalescibleCall}) nor cached (only definitions are, see {@code DefinitionScope}). The
 * portal's budget is high on both sides, so the limiter grants at once and is not the bottleneck.
 * <p>
 * Each gateway first warms up on both loads ({@code --warmup} s each); then {@code --rounds} (3) rounds measure every
 * gateway on each load for {@code --duration} s, the order of the gateways turning each round, so that drift of the
 * shared machine falls on all three alike. Medians over the rounds, the ratios of tracing and console over the
 * defaults, the gateway's CPU per request (which separates its own cost from the machine's noise), resident memory
 * after the run, and the load average before and after. One line of JSON (also
 * {@code target/bench/observability.json}).
 * {@code --sampler-ratio} (1.0) sets the tracing gateway's {@code QUARKUS_OTEL_TRACES_SAMPLER_ARG}; {@code --jfr FILE}
 * records a Flight Recorder profile of the tracing gateway.
 */
public final class ObservabilityBenchmark {

  /** The portal the API reads go to (webhook deliveries name their own). */
  static final long PORTAL = 501;
  private static final String TOKEN = "pat-na1-bench-" + PORTAL;
  private static final long APP = 8501;
  private static final String READ_PATH = "/hubspot/" + PORTAL + "/crm/v3/objects/contacts?limit=10";
  private static final String WEBHOOK_PATH = "/webhooks/hubspot";

  /** The three ways the same jar runs. */
  enum Config {
    DEFAULTS("defaults"), TRACING("tracing"), CONSOLE("console");

    final String label;

    Config(String label) {
      this.label = label;
    }
  }

  /** The two loads. */
  enum Load {
    WEBHOOK("webhook"), API("api");

    final String label;

    Load(String label) {
      this.label = label;
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchArgs.parse(args);
    int connections = BenchArgs.integer(options, "connections", 32);
    int rounds = BenchArgs.integer(options, "rounds", 3);
    Duration warmup = BenchArgs.seconds(options, "warmup", 15);
    Duration measure = BenchArgs.seconds(options, "duration", 10);
    String xmx = options.getOrDefault("xmx", "512m");
    String samplerRatio = options.getOrDefault("sampler-ratio", "1.0");
    String loadBefore = ProcStatus.loadAverage();

    Vertx vertx = Vertx.vertx();
    Map<Config, GatewayProcess> gateways = new EnumMap<>(Config.class);
    SseClient console = null;
    String json;
    try (RedisServerProcess redis = RedisServerProcess.start();
        HubSpotSimulator sim = HubSpotSimulator.start(SimulatorOptions.defaults());
        OtlpSink sink = OtlpSink.start()) {
      sim.portals().add(PORTAL).burstLimit(1_000_000).dailyLimit(10_000_000_000L);
      sim.portals().privateAppToken(PORTAL, TOKEN, APP);
      seedContacts(sim);
      gateways.putAll(start(environment(sim, redis, sink, samplerRatio), xmx, options.get("jfr")));
      GatewayProcess consoleGateway = gateways.get(Config.CONSOLE);
      console = new SseClient(consoleGateway.managementUri() + "/q/console/stream", "unused");

      Map<Config, Map<Load, List<Result>>> results = new EnumMap<>(Config.class);
      long tracedRequests = 0;
      for (Config config : Config.values()) {
        results.put(config, new EnumMap<>(Map.of(Load.WEBHOOK, new ArrayList<>(), Load.API, new ArrayList<>())));
        for (Load load : Load.values()) {
          Result warm = LoadRun.run(vertx, gateways.get(config).port(), connections, warmup,
              shots(load, gateways.get(config)));
          tracedRequests += config == Config.TRACING ? warm.ok() + warm.failed() : 0;
        }
      }
      awaitFirstExport(sink);
      long consoleSnapshots = 0;
      double consoleSeconds = 0;
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < Config.values().length; i++) {
          Config config = Config.values()[(i + round) % Config.values().length];
          GatewayProcess gateway = gateways.get(config);
          for (Load load : Load.values()) {
            long snapshotsBefore = snapshots(console);
            long started = System.nanoTime();
            var before = CpuSnapshot.take(gateway, redis);
            Result run = LoadRun.run(vertx, gateway.port(), connections, measure, shots(load, gateway));
            run = CpuSnapshot.take(gateway, redis).since(before, run);
            results.get(config).get(load).add(run);
            if (config == Config.TRACING) {
              tracedRequests += run.ok() + run.failed();
            } else if (config == Config.CONSOLE) {
              consoleSnapshots += snapshots(console) - snapshotsBefore;
              consoleSeconds += (System.nanoTime() - started) / 1e9;
            }
          }
        }
      }
      Map<Config, long[]> memory = new EnumMap<>(Config.class);
      gateways.forEach((config, gateway) -> memory.put(config, new long[] {
          ProcStatus.megabytes(gateway.pid(), "VmRSS:"), ProcStatus.megabytes(gateway.pid(), "VmHWM:")}));
      long consoleTotal = snapshots(console);
      console.close();
      // a clean stop flushes the tracing gateway's last spans to the sink before it is read
      GatewayProcess.closeAll(gateways.values().toArray(AutoCloseable[]::new));
      long forwarded = sim.requestLog().entries(e -> e.portalId() == PORTAL).size();
      long apiAnswered = results.values().stream().flatMap(m -> m.get(Load.API).stream())
          .mapToLong(r -> r.ok() + r.failed()).sum();
      json = String.format(Locale.ROOT,
          "{\"benchmark\":\"observability\",\"cores\":%d,\"java\":\"%s\",\"connections\":%d,\"warmupSeconds\":%d,"
              + "\"seconds\":%d,\"rounds\":%d,\"xmx\":\"%s\",\"samplerRatio\":%s,"
              + "\"loadAverage\":{\"before\":\"%s\",\"after\":\"%s\"},"
              + "\"webhook\":%s,\"api\":%s,\"apiRead\":{\"path\":\"GET %s\",\"measuredAnswers\":%d,"
              + "\"reachedHubSpot\":%d},\"otlp\":%s,\"console\":{\"snapshots\":%d,\"snapshotsPerMeasuredSecond\":%.2f},"
              + "\"rssMbAfterRun\":%s}",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), connections,
          warmup.toSeconds(), measure.toSeconds(), rounds, xmx, samplerRatio, loadBefore, ProcStatus.loadAverage(),
          loadJson(results, Load.WEBHOOK), loadJson(results, Load.API), READ_PATH, apiAnswered, forwarded,
          otlpJson(sink, tracedRequests), consoleTotal, consoleSnapshots / consoleSeconds, memoryJson(memory));
    } finally {
      if (console != null) {
        console.close();
      }
      GatewayProcess.closeAll(gateways.values().toArray(AutoCloseable[]::new));
      vertx.close();
    }
    BenchReport.print("observability", json);
    System.exit(0);
  }

  /** The settings of each configuration; all share Redis, the simulator's portal and the webhook secret. */
  private static Map<Config, Map<String, String>> environment(HubSpotSimulator sim, RedisServerProcess redis,
      OtlpSink sink, String samplerRatio) {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("HUBGATE_WEBHOOK_CLIENT_SECRETS", WebhookBenchmark.SECRET);
    defaults.put("HUBGATE_HUBSPOT_BASE_URL", sim.baseUrl());
    defaults.put("QUARKUS_REDIS_HOSTS", redis.uri());
    defaults.put("HUBGATE_PORTALS__" + PORTAL + "__ACCESS_TOKEN", TOKEN);
    defaults.put("HUBGATE_PORTALS__" + PORTAL + "__APP_ID", Long.toString(APP));
    defaults.put("HUBGATE_PORTALS__" + PORTAL + "__BURST_LIMIT", "1000000");
    defaults.put("HUBGATE_PORTALS__" + PORTAL + "__DAILY_LIMIT", "10000000000");
    Map<String, String> tracing = new HashMap<>(defaults); // the load sends no traceparent: the ratio decides
    tracing.put("QUARKUS_OTEL_SDK_DISABLED", "false");
    tracing.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", sink.endpoint());
    tracing.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf");
    tracing.put("QUARKUS_OTEL_TRACES_SAMPLER_ARG", samplerRatio);
    return Map.of(Config.DEFAULTS, defaults, Config.TRACING, tracing, Config.CONSOLE, defaults);
  }

  /**
   * The three gateways, started in parallel. {@code jfr} (a file, or null) records a Flight Recorder profile of the
   * tracing gateway, to see where its extra time goes ({@code jfr print --events jdk.ExecutionSample}).
   */
  private static Map<Config, GatewayProcess> start(Map<Config, Map<String, String>> environments, String xmx,
      String jfr) {
    Map<Config, CompletableFuture<GatewayProcess>> starting = new EnumMap<>(Config.class);
    environments.forEach((config, env) -> {
      List<String> jvm = new ArrayList<>(List.of("-Xmx" + xmx));
      if (jfr != null && config == Config.TRACING) {
        jvm.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
      }
      starting.put(config, CompletableFuture.supplyAsync(
          () -> GatewayProcess.start("observability-" + config.label, env, jvm.toArray(String[]::new))));
    });
    Map<Config, GatewayProcess> started = new EnumMap<>(Config.class);
    starting.forEach((config, future) -> started.put(config, future.join()));
    return started;
  }

  /** Ten contacts in the portal, so that each list read answers a page of real records. */
  private static void seedContacts(HubSpotSimulator sim) throws Exception {
    JsonArray inputs = new JsonArray();
    for (int i = 0; i < 10; i++) {
      inputs.add(new JsonObject().put("properties", new JsonObject()
          .put("email", "o" + i + "@bench.example").put("firstname", "Bench").put("lastname", "Reader " + i)));
    }
    var request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/crm/v3/objects/contacts/batch/create"))
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("inputs", inputs).encode())).build();
    int status = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    if (status != 201 && status != 200) {
      throw new IllegalStateException("seeding contacts answered " + status);
    }
  }

  private static Supplier<Shot> shots(Load load, GatewayProcess gateway) {
    if (load == Load.WEBHOOK) {
      String signedUri = gateway.baseUri() + WEBHOOK_PATH;
      return () -> WebhookBenchmark.shot(WEBHOOK_PATH, signedUri, 1);
    }
    String bearer = "Bearer " + TestTokens.token("hubspot.read", PORTAL);
    return () -> new Shot(HttpMethod.GET, READ_PATH, MultiMap.caseInsensitiveMultiMap().add("Authorization", bearer),
        null);
  }

  /**
   * The BatchSpanProcessor exports every 512 spans or 5 s, so the warm-up's spans have reached the sink long before
   * this; none at all means the exporter is misconfigured and configuration (b) would measure nothing.
   */
  private static void awaitFirstExport(OtlpSink sink) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (sink.spans() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(100); // polling the sink, bounded by the deadline
    }
    if (sink.spans() == 0) {
      throw new IllegalStateException("the tracing gateway exported no span to " + sink.endpoint()
          + " (export requests: " + sink.requests() + ", refused: " + sink.refused() + ")");
    }
  }

  private static long snapshots(SseClient console) {
    return console.messages().stream().filter(m -> "snapshot".equals(m.event())).count();
  }

  private static String loadJson(Map<Config, Map<Load, List<Result>>> results, Load load) {
    List<Result> defaults = results.get(Config.DEFAULTS).get(load);
    StringBuilder out = new StringBuilder("{");
    for (Config other : List.of(Config.TRACING, Config.CONSOLE)) {
      List<Result> runs = results.get(other).get(load);
      out.append(String.format(Locale.ROOT,
          "\"%sOverDefaults\":{\"rps\":%.3f,\"p50\":%.3f,\"p99\":%.3f,\"gatewayCpuPerRequest\":%.3f},", other.label,
          ratio(runs, defaults, Result::requestsPerSecond), ratio(runs, defaults, Result::p50Millis),
          ratio(runs, defaults, Result::p99Millis), ratio(runs, defaults, Result::gatewayCpuMicrosPerRequest)));
    }
    for (Config config : Config.values()) {
      List<Result> runs = results.get(config).get(load);
      out.append(String.format(Locale.ROOT,
          "\"%s\":{\"rps\":%.1f,\"p50ms\":%.2f,\"p99ms\":%.2f,\"gatewayCpuMicrosPerRequest\":%.1f,"
              + "\"benchJvmCpuMicrosPerRequest\":%.1f,\"redisCpuMicrosPerRequest\":%.1f,\"rpsAll\":%s,\"ok\":%d,"
              + "\"failed\":%d},",
          config.label, median(runs, Result::requestsPerSecond), median(runs, Result::p50Millis),
          median(runs, Result::p99Millis), median(runs, Result::gatewayCpuMicrosPerRequest),
          median(runs, Result::benchJvmCpuMicrosPerRequest), median(runs, Result::redisCpuMicrosPerRequest),
          runs.stream().map(r -> String.format(Locale.ROOT, "%.0f", r.requestsPerSecond()))
              .collect(Collectors.joining(",", "[", "]")),
          runs.stream().mapToLong(Result::ok).sum(), runs.stream().mapToLong(Result::failed).sum()));
    }
    out.setLength(out.length() - 1);
    return out.append('}').toString();
  }

  private static String otlpJson(OtlpSink sink, long tracedRequests) {
    String byName = sink.spansByName().entrySet().stream()
        .map(e -> new JsonObject().put(e.getKey(), e.getValue()).encode().replaceAll("^\\{|\\}$", ""))
        .collect(Collectors.joining(",", "{", "}"));
    return String.format(Locale.ROOT,
        "{\"exportRequests\":%d,\"bytes\":%d,\"spans\":%d,\"refusedRequests\":%d,\"tracedGatewayRequests\":%d,"
            + "\"spansPerTracedRequest\":%.2f,\"spansByName\":%s}",
        sink.requests(), sink.bytes(), sink.spans(), sink.refused(), tracedRequests,
        sink.spans() / (double) Math.max(1, tracedRequests), byName);
  }

  private static String memoryJson(Map<Config, long[]> memory) {
    return memory.entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "\"%s\":{\"rss\":%d,\"peak\":%d}", e.getKey().label, e.getValue()[0],
            e.getValue()[1]))
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static double median(List<Result> runs, ToDoubleFunction<Result> figure) {
    return ProcStatus.median(runs.stream().mapToDouble(figure).toArray());
  }

  private static double ratio(List<Result> over, List<Result> under, ToDoubleFunction<Result> figure) {
    return median(over, figure) / median(under, figure);
  }
}
