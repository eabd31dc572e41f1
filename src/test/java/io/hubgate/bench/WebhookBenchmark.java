package io.hubgate.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.test.KafkaClusterTestKit;

import io.hubgate.bench.LoadRun.Result;
import io.hubgate.bench.LoadRun.Shot;
import io.hubgate.testsupport.GatewayProcess;
import io.hubgate.testsupport.HubSpotSigner;
import io.hubgate.testsupport.KafkaBrokerResource;
import io.hubgate.testsupport.RedisServerProcess;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * Webhook throughput with v3 verification, dedup and publishing, each side by side with the no-op endpoint of the same
 * gateway process, in one run: "inMemory" is the embedded default (in-process dedup and broker), "kafka" the production
 * shape (dedup in a real Redis, events on a real Kafka broker with acks=all). Every request carries fresh, correctly signed events (nothing is a
 * duplicate). Prints one line of JSON. Run with {@code bench/webhook.sh} (see README, Performance). Options:
 * {@code --connections --events-per-request --warmup --duration} (seconds), {@code --kafka-dedup local} (Kafka run without
 * Redis), {@code --in-memory-dedup redis}, {@code --kafka-linger-ms}, {@code --kafka-batch-size}, {@code --only kafka|in-memory}. Each result also carries the gateway process's own
 * CPU time per request, which separates the gateway's cost from the broker and Redis sharing the same cores.
 */
public final class WebhookBenchmark {

  /** The webhook secret the benchmarks configure and sign with. */
  static final String SECRET = "bench-secret";
  private static final AtomicLong EVENT_IDS = new AtomicLong(1);
  /** A side left out with {@code --only}: its figures print as null. */
  private static final Result[] SKIPPED = {new Result(0, 0, 0, 0, 0, 0, 0, 0), new Result(0, 0, 0, 0, 0, 0, 0, 0)};

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchArgs.parse(args);
    int connections = BenchArgs.integer(options, "connections", 32);
    int eventsPerRequest = BenchArgs.integer(options, "events-per-request", 1);
    Duration warmup = BenchArgs.seconds(options, "warmup", 60);
    Duration measure = BenchArgs.seconds(options, "duration", 20);

    Vertx vertx = Vertx.vertx();
    KafkaClusterTestKit kafka = KafkaBrokerResource.startCluster();
    RedisServerProcess redis = RedisServerProcess.start();
    Map<String, String> common = Map.of("HUBGATE_WEBHOOK_CLIENT_SECRETS", SECRET,
        "HUBGATE_WEBHOOK_NOOP_ENDPOINT_ENABLED", "true", "QUARKUS_LOG_LEVEL", "WARN");
    var kafkaEnv = new HashMap<>(common);
    kafkaEnv.put("QUARKUS_PROFILE", "kafka");
    kafkaEnv.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    if (!"local".equals(options.get("kafka-dedup"))) {
      kafkaEnv.put("QUARKUS_REDIS_HOSTS", redis.uri());
    }
    if (options.containsKey("kafka-linger-ms")) {
      kafkaEnv.put("_KAFKA_MP_MESSAGING_OUTGOING_HUBSPOT_EVENTS_LINGER_MS", options.get("kafka-linger-ms"));
    }
    if (options.containsKey("kafka-batch-size")) {
      kafkaEnv.put("_KAFKA_MP_MESSAGING_OUTGOING_HUBSPOT_EVENTS_BATCH_SIZE", options.get("kafka-batch-size"));
    }
    var inMemoryEnv = new HashMap<>(common);
    if ("redis".equals(options.get("in-memory-dedup"))) {
      inMemoryEnv.put("QUARKUS_REDIS_HOSTS", redis.uri());
    }
    String only = options.getOrDefault("only", "");
    String json;
    try (var inMemory = "kafka".equals(only) ? null : GatewayProcess.start("bench-in-memory", inMemoryEnv, jvmOptions(options, false));
        var withKafka = "in-memory".equals(only) ? null : GatewayProcess.start("bench-kafka", kafkaEnv, jvmOptions(options, true))) {
      var inMemoryPair = inMemory == null ? SKIPPED : measurePair(vertx, inMemory, redis, connections, eventsPerRequest, warmup, measure);
      var kafkaPair = withKafka == null ? SKIPPED : measurePair(vertx, withKafka, redis, connections, eventsPerRequest, warmup, measure);
      json = String.format(Locale.ROOT,
          "{\"benchmark\":\"webhook\",\"connections\":%d,\"eventsPerRequest\":%d,\"seconds\":%d,"
              + "\"inMemory\":{\"noop\":%s,\"webhook\":%s,\"ratio\":%.3f,\"gatewayCpuRatio\":%.3f},"
              + "\"kafka\":{\"noop\":%s,\"webhook\":%s,\"ratio\":%.3f,\"gatewayCpuRatio\":%.3f},\"goalRatio\":0.6}",
          connections, eventsPerRequest, measure.toSeconds(),
          toJson(inMemoryPair[0]), toJson(inMemoryPair[1]), inMemoryPair[1].requestsPerSecond() / inMemoryPair[0].requestsPerSecond(),
          cpuRatio(inMemoryPair),
          toJson(kafkaPair[0]), toJson(kafkaPair[1]), kafkaPair[1].requestsPerSecond() / kafkaPair[0].requestsPerSecond(),
          cpuRatio(kafkaPair));
    } finally {
      kafka.close();
      redis.close();
      vertx.close();
    }
    BenchReport.print("webhook", json);
    System.exit(0);
  }

  /**
   * Measures the no-op endpoint, then the webhook endpoint, each right after its own warm-up. Measured on this machine:
   * after a no-op phase the JIT recompiles shared code for the webhook's profile for 15-20 s, and the Kafka broker in
   * this JVM is compiled for ~30 s once events flow; either would otherwise land in the webhook's figures (hence the
   * 60 s default warm-up).
   */
  private static Result[] measurePair(Vertx vertx, GatewayProcess gateway, RedisServerProcess redis, int connections,
      int eventsPerRequest, Duration warmup, Duration measure) {
    String real = gateway.baseUri() + "/webhooks/hubspot";
    LoadRun.run(vertx, gateway.port(), connections, warmup, () -> shot("/webhooks/noop", real, eventsPerRequest));
    var before = CpuSnapshot.take(gateway, redis);
    Result noop = LoadRun.run(vertx, gateway.port(), connections, measure, () -> shot("/webhooks/noop", real, eventsPerRequest));
    noop = CpuSnapshot.take(gateway, redis).since(before, noop);
    LoadRun.run(vertx, gateway.port(), connections, warmup, () -> shot("/webhooks/hubspot", real, eventsPerRequest));
    before = CpuSnapshot.take(gateway, redis);
    Result webhook = LoadRun.run(vertx, gateway.port(), connections, measure, () -> shot("/webhooks/hubspot", real, eventsPerRequest));
    webhook = CpuSnapshot.take(gateway, redis).since(before, webhook);
    return new Result[] {noop, webhook};
  }

  /** A fresh delivery signed with v3 for the webhook URL (the no-op endpoint gets the very same bytes). */
  static Shot shot(String path, String signedUri, int events) {
    var body = new StringBuilder("[");
    long now = System.currentTimeMillis();
    for (int i = 0; i < events; i++) {
      long id = EVENT_IDS.getAndIncrement();
      body.append(i == 0 ? "" : ",")
          .append("{\"eventId\":").append(id)
          .append(",\"subscriptionId\":12345,\"portalId\":62515,\"appId\":54321,\"occurredAt\":").append(now)
          .append(",\"subscriptionType\":\"contact.propertyChange\",\"attemptNumber\":0,\"objectId\":").append(id % 5000)
          .append(",\"propertyName\":\"lifecyclestage\",\"propertyValue\":\"customer\",\"changeSource\":\"CRM\"}");
    }
    String json = body.append(']').toString();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
    HubSpotSigner.v3Headers(SECRET, "POST", signedUri, json, now).forEach(headers::add);
    return new Shot(path, headers, Buffer.buffer(json));
  }

  /**
   * {@code --jfr FILE} records a Flight Recorder profile of the Kafka gateway (inspect with {@code jfr print});
   * {@code --perf-map true} makes both gateways symbolisable by Linux {@code perf} (frame pointers, a perf map at exit).
   */
  private static String[] jvmOptions(Map<String, String> options, boolean kafka) {
    List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
    if (kafka && options.containsKey("jfr")) {
      jvm.add("-XX:StartFlightRecording=filename=" + options.get("jfr") + ",settings=profile");
    }
    if ("true".equals(options.get("perf-map"))) {
      jvm.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+PreserveFramePointer", "-XX:+DumpPerfMapAtExit"));
    }
    return jvm.toArray(String[]::new);
  }

  /** The no-op's gateway CPU per request over the webhook's: the throughput ratio the gateway alone would allow. */
  private static double cpuRatio(Result[] pair) {
    return pair[0].gatewayCpuMicrosPerRequest() / pair[1].gatewayCpuMicrosPerRequest();
  }

  private static String toJson(Result r) {
    return String.format(Locale.ROOT,
        "{\"rps\":%.1f,\"p50ms\":%.2f,\"p99ms\":%.2f,\"ok\":%d,\"failed\":%d,\"gatewayCpuMicrosPerRequest\":%.1f,"
            + "\"benchJvmCpuMicrosPerRequest\":%.1f,\"redisCpuMicrosPerRequest\":%.1f}",
        r.requestsPerSecond(), r.p50Millis(), r.p99Millis(), r.ok(), r.failed(), r.gatewayCpuMicrosPerRequest(),
        r.benchJvmCpuMicrosPerRequest(), r.redisCpuMicrosPerRequest());
  }
}
