package io.hubgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.common.test.KafkaClusterTestKit;

import io.hubgate.simulator.DeliveryReport;
import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.simulator.SignatureMode;
import io.hubgate.simulator.WebhookEvent;
import io.hubgate.simulator.WebhookOptions;
import io.hubgate.testsupport.GatewayProcess;
import io.hubgate.testsupport.KafkaBrokerResource;
import io.hubgate.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;

/**
 * Reliability under failures (run by {@code bench/soak.sh}; a soak, not a test): packaged gateway replicas with the
 * {@code kafka} profile, one shared Redis and one Kafka broker (KRaft, in this JVM), behind a round-robin balancer,
 * receive the simulator's webhook deliveries (several portals, HubSpot's retry schedule compressed in time, some
 * duplicate deliveries) while one replica is killed with SIGKILL and started again, Redis is stopped and started on
 * the same port, and the Kafka broker is stopped and started on the same port and log directories. After the load, the
 * sender's retries drain (bounded), the replicas stop, and the whole topic is read from the beginning. Events are counted
 * by their identity (portal, eventId, subscription, object, occurredAt: the fields the gateway's dedup hashes, which
 * here are all the event's fields but {@code attemptNumber}), not by CloudEvent id. Prints one line of JSON (also
 * {@code target/bench/soak.json}); every duplicate and lost event with its publications and delivery attempts goes to
 * {@code target/bench/soak-details.txt}. Every moment of a disruption is an option (seconds after the load starts;
 * negative: skipped). Bounded: a watchdog ends the run, and a shutdown hook stops every process it started.
 */
public final class ReliabilitySoak {

  private static final String SECRET = "soak-secret";
  private static final String TOPIC = "hubspot-events";
  private static final long FIRST_PORTAL = 70_001;
  private static final long APP_ID = 54_321;

  private final Options options;
  private final List<Moment> timeline = new CopyOnWriteArrayList<>();
  private final Map<String, Long> sent = new ConcurrentHashMap<>();
  private final Map<Long, String> identityOfEventId = new ConcurrentHashMap<>();
  /** Every request the balancer forwarded, per eventId it carried: which replica, when, what it answered. */
  private final Map<Long, List<RoundRobinProxy.Routed>> routes = new ConcurrentHashMap<>();
  private final List<CompletableFuture<DeliveryReport>> deliveries = new ArrayList<>();
  private final GatewayProcess[] replicas;
  private Vertx vertx;
  private KafkaClusterTestKit kafka;
  private RedisServerProcess redis;
  private HubSpotSimulator sender;
  private RoundRobinProxy balancer;
  private Map<String, String> gatewayEnv;
  private long loadStartMillis;

  private ReliabilitySoak(Options options) {
    this.options = options;
    this.replicas = new GatewayProcess[options.replicas];
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    ReliabilitySoak soak = new ReliabilitySoak(options);
    Runtime.getRuntime().addShutdownHook(new Thread(soak::stopEverything));
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(options.bound().toMillis()); // the whole run's bound, not synchronisation
        progress("bound of " + options.bound().toSeconds() + " s reached: stopping everything");
        System.exit(2);
      } catch (InterruptedException finished) {
        Thread.currentThread().interrupt();
      }
    }, "soak-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    String json = soak.run();
    BenchReport.print("soak", json);
    System.exit(0);
  }

  private String run() throws Exception {
    start();
    loadStartMillis = System.currentTimeMillis();
    List<Thread> disruptions = List.of(
        disruption("replica", options.killAt, this::killAndRestartReplica),
        disruption("redis", options.redisAt, this::restartRedis),
        disruption("kafka", options.kafkaAt, this::restartKafka));
    progress("load: " + options.eventsPerSecond + " events/s for " + options.seconds + " s over "
        + options.portals + " portals");
    sendLoad();
    for (Thread disruption : disruptions) {
      disruption.join(Duration.ofMinutes(2).toMillis());
    }
    int undrained = drain();
    progress("stopping the replicas (the producers flush)");
    for (GatewayProcess replica : replicas) {
      replica.close();
    }
    progress("reading topic " + TOPIC + " from the beginning");
    List<TopicAudit.Publication> publications = TopicAudit.read(kafka.bootstrapServers(), TOPIC,
        Duration.ofSeconds(60));
    return report(publications, undrained);
  }

  private void start() {
    progress("starting Kafka, Redis, the webhook sender and " + options.replicas + " replicas");
    vertx = Vertx.vertx();
    kafka = KafkaBrokerResource.startCluster();
    // production creates the topic beforehand; auto-creation under load stalls the first publishes for seconds
    TopicAudit.create(kafka.bootstrapServers(), TOPIC, 3);
    redis = RedisServerProcess.start(options.redisArgs());
    sender = HubSpotSimulator.start();
    int[] placeholder = new int[options.replicas];
    balancer = RoundRobinProxy.start(vertx, placeholder, Duration.ofSeconds(options.ejectSeconds), this::routed);
    gatewayEnv = new HashMap<>();
    gatewayEnv.put("QUARKUS_PROFILE", "kafka");
    gatewayEnv.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    gatewayEnv.put("QUARKUS_REDIS_HOSTS", redis.uri());
    gatewayEnv.put("HUBGATE_WEBHOOK_CLIENT_SECRETS", SECRET);
    // HubSpot signs the balancer's URL, not a replica's
    gatewayEnv.put("HUBGATE_WEBHOOK_PUBLIC_BASE_URL", balancer.baseUri());
    List<CompletableFuture<GatewayProcess>> starting = new ArrayList<>();
    for (int i = 0; i < options.replicas; i++) {
      String name = "soak-" + (char) ('a' + i);
      starting.add(CompletableFuture.supplyAsync(() -> GatewayProcess.start(name, gatewayEnv, "-Xmx384m")));
    }
    for (int i = 0; i < options.replicas; i++) {
      replicas[i] = starting.get(i).join();
      balancer.route(i, replicas[i].port());
    }
  }

  /** Fresh events every 100 ms, spread over the portals, handed to HubSpot's sender aimed at the balancer. */
  private void sendLoad() {
    Random random = new Random(options.seed);
    String target = balancer.baseUri() + "/webhooks/hubspot";
    long eventId = 1;
    double due = 0;
    long start = System.nanoTime();
    long end = start + Duration.ofSeconds(options.seconds).toNanos();
    for (long tick = 1; System.nanoTime() < end; tick++) {
      sleepUntil(start + tick * 100_000_000L);
      due += options.eventsPerSecond / 10.0;
      List<WebhookEvent> events = new ArrayList<>();
      long now = System.currentTimeMillis();
      for (; due >= 1; due--) {
        long portal = FIRST_PORTAL + random.nextInt(options.portals);
        long objectId = 1 + random.nextInt(1000);
        WebhookEvent event = random.nextBoolean()
            ? WebhookEvent.of(eventId, portal, APP_ID, "contact.propertyChange", objectId, now)
                .with("propertyName", "lifecyclestage").with("propertyValue", "customer").with("changeSource", "CRM")
            : WebhookEvent.of(eventId, portal, APP_ID, "deal.creation", objectId, now).with("changeSource", "CRM");
        String identity = identity(portal, eventId, event.subscriptionType(), objectId, now);
        sent.put(identity, now);
        identityOfEventId.put(eventId, identity);
        events.add(event);
        eventId++;
      }
      WebhookOptions sending = WebhookOptions.compressed(options.timeScale)
          .withBatchSize(options.maxBatch).withSplitBatches(true)
          .withDuplicateShare(options.duplicateShare).withSeed(random.nextLong());
      deliveries.add(sender.webhooks().deliver(target, events, SignatureMode.V3, SECRET, sending));
    }
    progress("load done: " + sent.size() + " events handed to the sender");
  }

  /** Waits for every delivery to succeed or exhaust its retries, at most {@code drain-seconds}; returns those left. */
  private int drain() {
    progress("draining the sender's retries (at most " + options.drainSeconds + " s)");
    try {
      CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new))
          .get(options.drainSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException bounded) {
      progress("drain bound reached");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return (int) deliveries.stream().filter(f -> !f.isDone()).count();
  }

  private void routed(io.vertx.core.buffer.Buffer body, RoundRobinProxy.Routed route) {
    try {
      for (Object event : new io.vertx.core.json.JsonArray(body)) {
        long eventId = ((io.vertx.core.json.JsonObject) event).getLong("eventId");
        routes.computeIfAbsent(eventId, id -> new CopyOnWriteArrayList<>()).add(route);
      }
    } catch (RuntimeException notOurs) {
      // not a delivery of ours: nothing to note
    }
  }

  private Thread disruption(String name, int atSeconds, Runnable action) {
    Thread thread = new Thread(() -> {
      if (atSeconds < 0) {
        return;
      }
      sleepUntilMillis(loadStartMillis + atSeconds * 1000L);
      try {
        action.run();
      } catch (RuntimeException e) {
        progress(name + " disruption failed: " + e);
        mark(name + "DisruptionFailed");
      }
    }, "soak-" + name);
    thread.start();
    return thread;
  }

  private void killAndRestartReplica() {
    int slot = options.killReplica;
    mark("replicaKilling");
    replicas[slot].kill();
    mark("replicaKilled");
    sleepUntilMillis(System.currentTimeMillis() + options.replicaDown * 1000L);
    // readiness includes Redis and Kafka: a restart that overlaps their outage waits for them, as Kubernetes would
    replicas[slot] = GatewayProcess.start("soak-" + (char) ('a' + slot) + "-restarted", gatewayEnv,
        Duration.ofSeconds(240), "-Xmx384m");
    balancer.route(slot, replicas[slot].port());
    mark("replicaRestarted");
  }

  private void restartRedis() {
    mark("redisStopping");
    redis.stop();
    mark("redisStopped");
    sleepUntilMillis(System.currentTimeMillis() + options.redisDown * 1000L);
    redis.restart();
    mark("redisStarted");
  }

  private void restartKafka() {
    mark("kafkaStopping");
    kafka.brokers().values().forEach(broker -> broker.shutdown());
    mark("kafkaStopped");
    sleepUntilMillis(System.currentTimeMillis() + options.kafkaDown * 1000L);
    kafka.brokers().values().forEach(broker -> broker.startup());
    try {
      kafka.waitForReadyBrokers();
    } catch (Exception e) {
      throw new IllegalStateException("Kafka broker not ready after its restart", e);
    }
    mark("kafkaStarted");
  }

  private String report(List<TopicAudit.Publication> publications, int undrained) throws Exception {
    Map<String, List<Long>> published = new HashMap<>();
    for (TopicAudit.Publication p : publications) {
      published.computeIfAbsent(p.identity(), id -> new ArrayList<>()).add(p.timestampMillis());
    }
    published.values().forEach(Collections::sort);
    // the sender's view: every attempt's answer, and when each event was first sent
    Map<String, Long> answers = new java.util.TreeMap<>();
    long connectionErrors = 0;
    long timeouts = 0;
    long attempts = 0;
    Map<String, Long> firstSent = new HashMap<>();
    Map<String, List<Tried>> attemptsOf = new HashMap<>();
    java.util.Set<String> acknowledged = new java.util.HashSet<>();
    for (var delivery : deliveries) {
      if (!delivery.isDone()) {
        continue;
      }
      for (DeliveryReport.Batch batch : delivery.join().batches()) {
        for (DeliveryReport.Attempt attempt : batch.attempts()) {
          attempts++;
          if (attempt.status() == 0) {
            if (attempt.failure() != null && attempt.failure().toLowerCase(Locale.ROOT).contains("timeout")) {
              timeouts++;
            } else {
              connectionErrors++;
            }
          } else {
            answers.merge(Integer.toString(attempt.status()), 1L, Long::sum);
          }
        }
        for (long eventId : batch.eventIds()) {
          String identity = identityOfEventId.get(eventId);
          if (batch.delivered()) {
            acknowledged.add(identity);
          }
          if (!batch.attempts().isEmpty()) {
            firstSent.merge(identity, batch.attempts().get(0).at().toEpochMilli(), Math::min);
          }
          attemptsOf.computeIfAbsent(identity, id -> new ArrayList<>()).addAll(batch.attempts().stream()
              .map(a -> new Tried(a, batch.duplicate())).toList());
        }
      }
    }
    List<String> lost = sent.keySet().stream().filter(id -> !published.containsKey(id)).sorted().toList();
    long unknown = published.keySet().stream().filter(id -> !sent.containsKey(id)).count();
    long duplicateRecords = 0;
    Map<String, Long> duplicatesBecause = new java.util.TreeMap<>();
    List<String> duplicated = new ArrayList<>();
    List<Long> waits = new ArrayList<>();
    for (var entry : published.entrySet()) {
      List<Long> times = entry.getValue();
      if (times.size() > 1) {
        duplicated.add(entry.getKey());
        duplicateRecords += times.size() - 1;
        for (int i = 1; i < times.size(); i++) {
          duplicatesBecause.merge(cause(times.get(i - 1), times.get(i), entry.getKey()), 1L, Long::sum);
        }
      }
      Long first = firstSent.getOrDefault(entry.getKey(), sent.get(entry.getKey()));
      if (first != null) {
        waits.add(times.get(0) - first);
      }
    }
    Collections.sort(waits);
    writeDetails(lost, duplicated, published, attemptsOf);
    long notAcknowledged = sent.keySet().stream().filter(id -> !acknowledged.contains(id)).count();
    return String.format(Locale.ROOT,
        "{\"benchmark\":\"soak\",\"eventsSent\":%d,\"eventsPublished\":%d,\"eventsLost\":%d,"
            + "\"duplicatesPublished\":%d,\"eventsPublishedMoreThanOnce\":%d,\"duplicatesBecause\":%s,"
            + "\"publishedButNeverSent\":%d,\"deliveryAttempts\":%d,\"answers\":%s,\"answered503\":%d,"
            + "\"unanswered\":{\"connectionErrors\":%d,\"timeouts\":%d},\"balancerUpstreamFailures\":%d,"
            + "\"eventsNeverAcknowledged\":%d,\"deliveriesUndrained\":%d,"
            + "\"waitFromFirstSendToPublicationMs\":{\"p50\":%d,\"p99\":%d,\"max\":%d},\"timeline\":%s,"
            + "\"parameters\":%s}",
        sent.size(), sent.size() - lost.size(), lost.size(), duplicateRecords, duplicated.size(),
        jsonCounts(duplicatesBecause), unknown, attempts, jsonCounts(answers), answers.getOrDefault("503", 0L),
        connectionErrors, timeouts, balancer.upstreamFailures(), notAcknowledged, undrained,
        percentile(waits, 0.5), percentile(waits, 0.99), waits.isEmpty() ? 0 : waits.get(waits.size() - 1),
        timeline.stream().map(m -> "{\"" + m.what() + "\":" + m.atMillis() + "}")
            .collect(Collectors.joining(",", "[", "]")),
        options.json());
  }

  private void writeDetails(List<String> lost, List<String> duplicated, Map<String, List<Long>> published,
      Map<String, List<Tried>> attemptsOf) throws Exception {
    StringBuilder out = new StringBuilder("times in ms since the load started; timeline: ").append(timeline)
        .append("\n\nlost (never published):\n");
    lost.forEach(id -> out.append(id).append("  attempts ").append(describe(attemptsOf.get(id)))
        .append("  via ").append(describeRoutes(id)).append('\n'));
    out.append("\npublished more than once:\n");
    duplicated.stream().sorted().forEach(id -> out.append(id).append("  published at ")
        .append(published.get(id).stream().map(t -> t - loadStartMillis).toList())
        .append("  attempts ").append(describe(attemptsOf.get(id)))
        .append("  via ").append(describeRoutes(id)).append('\n'));
    Files.createDirectories(Path.of("target", "bench"));
    Files.writeString(Path.of("target", "bench", "soak-details.txt"), out);
  }

  /**
   * Why an event was published again at {@code again} after {@code before}, from what the balancer saw:
   * <ul>
   *   <li>the request behind the earlier record got no answer (its replica died or dropped the connection): the claim
   *       it left expired and a retry published again;</li>
   *   <li>else Redis restarted between the two (a marker forgotten, or never written while Redis was away);</li>
   *   <li>else a request with the event was answered 503 before the earlier record: the replica gave up the
   *       publication and released its claim, but the record was written anyway (before or after the retry's).</li>
   * </ul>
   */
  private String cause(long before, long again, String identity) {
    RoundRobinProxy.Routed latest = null;
    RoundRobinProxy.Routed failed = null;
    for (RoundRobinProxy.Routed route : routesOf(identity)) {
      if (route.atMillis() > before) {
        continue;
      }
      if (latest == null || route.atMillis() > latest.atMillis()) {
        latest = route;
      }
      boolean ok = route.status() >= 200 && route.status() < 300;
      if (!ok && (failed == null || route.atMillis() > failed.atMillis())) {
        failed = route;
      }
    }
    if (latest != null && latest.status() == 0) {
      return "writtenThoughReplicaGaveNoAnswer";
    }
    for (Moment moment : timeline) {
      long at = loadStartMillis + moment.atMillis();
      if (moment.what().equals("redisStarted") && before < at && at < again) {
        return "redisRestartedBetween";
      }
    }
    return failed == null ? "other" : "writtenThoughAnswered" + failed.status();
  }

  private List<RoundRobinProxy.Routed> routesOf(String identity) {
    long eventId = Long.parseLong(identity.split("/")[1]);
    return routes.getOrDefault(eventId, List.of());
  }

  private String describe(List<Tried> attempts) {
    if (attempts == null) {
      return "[none reported]";
    }
    return attempts.stream().sorted(java.util.Comparator.comparing(t -> t.attempt().at()))
        .map(t -> "#" + t.attempt().attemptNumber() + "@" + (t.attempt().at().toEpochMilli() - loadStartMillis)
            + "ms:" + (t.attempt().status() == 0 ? "no answer (" + t.attempt().failure() + ")" : t.attempt().status())
            + (t.duplicateDelivery() ? " (duplicate delivery)" : ""))
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /** The requests the balancer forwarded with this event: replica (a, b, ...), ms since the load started, status. */
  private String describeRoutes(String identity) {
    return routesOf(identity).stream().sorted(java.util.Comparator.comparingLong(RoundRobinProxy.Routed::atMillis))
        .map(r -> (char) ('a' + r.slot()) + "@" + (r.atMillis() - loadStartMillis) + "ms:"
            + (r.status() == 0 ? "no answer" : Integer.toString(r.status())))
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /** One delivery attempt of an event, and whether it belonged to one of HubSpot's duplicate deliveries. */
  private record Tried(DeliveryReport.Attempt attempt, boolean duplicateDelivery) {
  }

  /** An event's identity as the gateway's dedup sees it (every field but attemptNumber), from the fields we vary. */
  static String identity(long portal, long eventId, String subscriptionType, long objectId, long occurredAt) {
    return portal + "/" + eventId + "/" + subscriptionType + "/" + objectId + "/" + occurredAt;
  }

  private void mark(String what) {
    long at = System.currentTimeMillis() - loadStartMillis;
    timeline.add(new Moment(what, at));
    progress(what + " at " + at + " ms");
  }

  private record Moment(String what, long atMillis) {
  }

  /** Stops every process and server this run started; safe to call twice (also from the shutdown hook). */
  private synchronized void stopEverything() {
    for (GatewayProcess replica : replicas) {
      quietly(replica);
    }
    quietly(balancer);
    quietly(sender);
    quietly(redis);
    quietly(kafka);
    if (vertx != null) {
      vertx.close();
    }
  }

  private static void quietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception ignored) {
      // best effort: the next one is still stopped
    }
  }

  private static long percentile(List<Long> sorted, double p) {
    return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
  }

  private static String jsonCounts(Map<String, Long> counts) {
    return counts.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }

  static void progress(String message) {
    System.err.println("[soak] " + java.time.LocalTime.now().withNano(0) + " " + message);
  }

  private static void sleepUntil(long nanos) {
    long left = nanos - System.nanoTime();
    if (left > 0) {
      sleepMillis(left / 1_000_000 + 1);
    }
  }

  private static void sleepUntilMillis(long epochMillis) {
    long left = epochMillis - System.currentTimeMillis();
    if (left > 0) {
      sleepMillis(left);
    }
  }

  /** The soak's schedule (load ticks, the moments of disruptions), not synchronisation. */
  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The run's parameters, from {@code --name value} pairs. */
  private record Options(int seconds, int replicas, int portals, int eventsPerSecond, int maxBatch,
      double duplicateShare, double timeScale, int killAt, int killReplica, int replicaDown, int redisAt,
      int redisDown, boolean redisAof, int kafkaAt, int kafkaDown, int drainSeconds, int ejectSeconds, long seed) {

    static Options parse(String[] args) {
      Map<String, String> given = new HashMap<>();
      for (int i = 0; i + 1 < args.length; i += 2) {
        given.put(args[i].replaceFirst("^--", ""), args[i + 1]);
      }
      var options = new Options(
          Integer.parseInt(given.getOrDefault("seconds", "120")),
          Integer.parseInt(given.getOrDefault("replicas", "3")),
          Integer.parseInt(given.getOrDefault("portals", "5")),
          Integer.parseInt(given.getOrDefault("events-per-second", "200")),
          Integer.parseInt(given.getOrDefault("max-batch", "5")),
          Double.parseDouble(given.getOrDefault("duplicate-share", "0.05")),
          Double.parseDouble(given.getOrDefault("time-scale", "0.001")),
          Integer.parseInt(given.getOrDefault("kill-at", "20")),
          Integer.parseInt(given.getOrDefault("kill-replica", "0")),
          Integer.parseInt(given.getOrDefault("replica-down", "10")),
          Integer.parseInt(given.getOrDefault("redis-at", "50")),
          Integer.parseInt(given.getOrDefault("redis-down", "5")),
          Boolean.parseBoolean(given.getOrDefault("redis-aof", "false")),
          Integer.parseInt(given.getOrDefault("kafka-at", "80")),
          Integer.parseInt(given.getOrDefault("kafka-down", "8")),
          Integer.parseInt(given.getOrDefault("drain-seconds", "150")),
          Integer.parseInt(given.getOrDefault("eject-seconds", "5")),
          Long.parseLong(given.getOrDefault("seed", "42")));
      if (options.replicas < 1 || options.killReplica >= options.replicas || options.portals < 1
          || options.eventsPerSecond < 1 || options.eventsPerSecond > 2000 || options.maxBatch < 1
          || options.maxBatch > 100 || options.seconds < 1 || options.timeScale <= 0) {
        throw new IllegalArgumentException("bad soak options: " + given);
      }
      return options;
    }

    /** Everything may take: start-up, the load, the drain, stopping and reading the topic. */
    Duration bound() {
      return Duration.ofSeconds(180L + seconds + drainSeconds + 120L);
    }

    /** With {@code --redis-aof true} Redis keeps its data across the restart (appendonly, fsync always). */
    List<String> redisArgs() {
      return redisAof ? List.of("--appendonly", "yes", "--appendfsync", "always") : List.of();
    }

    String json() {
      return String.format(Locale.ROOT,
          "{\"seconds\":%d,\"replicas\":%d,\"portals\":%d,\"eventsPerSecond\":%d,\"maxBatch\":%d,"
              + "\"duplicateShare\":%s,\"retryTimeScale\":%s,\"killAt\":%d,\"killReplica\":%d,\"replicaDown\":%d,"
              + "\"redisAt\":%d,\"redisDown\":%d,\"redisAof\":%b,\"kafkaAt\":%d,\"kafkaDown\":%d,"
              + "\"drainSeconds\":%d,\"ejectSeconds\":%d,\"seed\":%d,\"cores\":%d}",
          seconds, replicas, portals, eventsPerSecond, maxBatch, duplicateShare, timeScale, killAt, killReplica,
          replicaDown, redisAt, redisDown, redisAof, kafkaAt, kafkaDown, drainSeconds, ejectSeconds, seed,
          Runtime.getRuntime().availableProcessors());
    }
  }
}
