package io.hubgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
 * Redis), {@code --in-memory-dedup redis}, {@code --kafka-linger-ms}. Each result also carries the gateway process's own
 * CPU time per request, which separates the gateway's cost from the broker and Redis sharing the same cores.
 */
public final class WebhookBenchmark {

  private static final String SECRET = "bench-secret";
  private static final AtomicLong EVENT_IDS = new AtomicLong(1);

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    int connections = Integer.parseInt(options.getOrDefault("connections", "32"));
    int eventsPerRequest = Integer.parseInt(options.getOrDefault("events-per-request", "1"));
    Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "10")));
    Duration measure = Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", "20")));

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
    var inMemoryEnv = new HashMap<>(common);
    if ("redis".equals(options.get("in-memory-dedup"))) {
      inMemoryEnv.put("QUARKUS_REDIS_HOSTS", redis.uri());
    }
    String json;
    try (var inMemory = GatewayProcess.start("bench-in-memory", inMemoryEnv, "-Xmx1g");
        var withKafka = GatewayProcess.start("bench-kafka", kafkaEnv, kafkaJvmOptions(options))) {
      var inMemoryPair = measurePair(vertx, inMemory, connections, eventsPerRequest, warmup, measure);
      var kafkaPair = measurePair(vertx, withKafka, connections, eventsPerRequest, warmup, measure);
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
    Files.createDirectories(Path.of("target", "bench"));
    Files.writeString(Path.of("target", "bench", "webhook.json"), json + "\n");
    System.out.println(json);
    System.exit(0);
  }

  /** Warms both endpoints up, then measures the no-op endpoint and the webhook endpoint back to back. */
  private static Result[] measurePair(Vertx vertx, GatewayProcess gateway, int connections, int eventsPerRequest,
      Duration warmup, Duration measure) {
    String real = gateway.baseUri() + "/webhooks/hubspot";
    LoadRun.run(vertx, gateway.port(), connections, warmup, () -> shot("/webhooks/noop", real, eventsPerRequest));
    LoadRun.run(vertx, gateway.port(), connections, warmup, () -> shot("/webhooks/hubspot", real, eventsPerRequest));
    Duration cpu0 = gateway.cpuTime();
    Result noop = LoadRun.run(vertx, gateway.port(), connections, measure, () -> shot("/webhooks/noop", real, eventsPerRequest));
    Duration cpu1 = gateway.cpuTime();
    Result webhook = LoadRun.run(vertx, gateway.port(), connections, measure, () -> shot("/webhooks/hubspot", real, eventsPerRequest));
    Duration cpu2 = gateway.cpuTime();
    return new Result[] {noop.withGatewayCpu(cpu1.minus(cpu0)), webhook.withGatewayCpu(cpu2.minus(cpu1))};
  }

  /** A fresh delivery signed with v3 for the webhook URL (the no-op endpoint gets the very same bytes). */
  private static Shot shot(String path, String signedUri, int events) {
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

  /** {@code --jfr FILE} records a Flight Recorder profile of the Kafka gateway (inspect with {@code jfr print}). */
  private static String[] kafkaJvmOptions(Map<String, String> options) {
    return options.containsKey("jfr")
        ? new String[] {"-Xmx1g", "-XX:StartFlightRecording=filename=" + options.get("jfr") + ",settings=profile"}
        : new String[] {"-Xmx1g"};
  }

  /** The no-op's gateway CPU per request over the webhook's: the throughput ratio the gateway alone would allow. */
  private static double cpuRatio(Result[] pair) {
    return pair[0].gatewayCpuMicrosPerRequest() / pair[1].gatewayCpuMicrosPerRequest();
  }

  private static String toJson(Result r) {
    return String.format(Locale.ROOT,
        "{\"rps\":%.1f,\"p50ms\":%.2f,\"p99ms\":%.2f,\"ok\":%d,\"failed\":%d,\"gatewayCpuMicrosPerRequest\":%.1f}",
        r.requestsPerSecond(), r.p50Millis(), r.p99Millis(), r.ok(), r.failed(), r.gatewayCpuMicrosPerRequest());
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    return options;
  }
}
