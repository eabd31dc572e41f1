package io.hubgate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.hubgate.bench.LoadRun.Shot;
import io.hubgate.testsupport.RedisServerProcess;
import io.hubgate.testsupport.TestTokens;
import io.vertx.core.Vertx;

/**
 * Start-up time and resident memory of the packaged gateway in JVM mode, without and with an AppCDS archive (run by
 * {@code bench/startup.sh}; not a test). One packaging with {@code quarkus.package.jar.appcds.enabled=true}: "plain"
 * runs it without the archive (the JDK's own default class-data archive still applies), "appcds" with
 * {@code -XX:SharedArchiveFile=app-cds.jsa}, so the archive is the only difference. The two alternate for
 * {@code --rounds} rounds (default 5) after one unmeasured start that warms the page cache. Each start: embedded
 * defaults (in-process dedup and broker, no Redis), a webhook secret, free ports; from {@code ProcessBuilder.start()}
 * a signed delivery is sent every 10 ms until one is accepted (that is the start-up time, including JVM start); VmRSS
 * right then; then {@code --load-seconds} (default 15) of fresh signed deliveries on {@code --connections} (default
 * 32) keep-alive connections, VmRSS sampled every 250 ms (the maximum is "under load") and VmHWM (the peak of the
 * process's life, start included) at the end. The heap is capped by {@code --xmx} (default 256m, within the JVM
 * overlay's 512 MiB memory limit): unbounded on a large machine, G1 would grow with the load and say nothing about a
 * container. Prints one line of JSON (also {@code target/bench/startup.json}).
 */
public final class StartupBenchmark {

  private static final Path APP = Path.of("target", "quarkus-app").toAbsolutePath();
  private static final String ARCHIVE = "app-cds.jsa";
  private static final String WEBHOOK_PATH = "/webhooks/hubspot";
  private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

  /** Figures of one start. */
  record Sample(long firstAcceptedMs, double quarkusStartedMs, long rssAfterStartMb, long rssUnderLoadMb,
      long peakRssMb, double loadRps, long loadFailed) {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchArgs.parse(args);
    int rounds = BenchArgs.integer(options, "rounds", 5);
    int connections = BenchArgs.integer(options, "connections", 32);
    Duration load = BenchArgs.seconds(options, "load-seconds", 15);
    String xmx = options.getOrDefault("xmx", "256m");
    if (!Files.exists(APP.resolve(ARCHIVE))) {
      throw new IllegalStateException(APP.resolve(ARCHIVE)
          + " is missing: package with -Dquarkus.package.jar.appcds.enabled=true (bench/startup.sh does)");
    }
    Vertx vertx = Vertx.vertx();
    String loadBefore = ProcStatus.loadAverage();
    Map<String, List<Sample>> samples = new LinkedHashMap<>();
    samples.put("plain", new ArrayList<>());
    samples.put("appcds", new ArrayList<>());
    try {
      once(vertx, false, xmx, connections, Duration.ZERO, -1);
      for (int round = 0; round < rounds; round++) {
        // alternate which one goes first, so that neither always follows the other's shutdown
        boolean appCdsFirst = round % 2 == 1;
        for (boolean appCds : new boolean[] {appCdsFirst, !appCdsFirst}) {
          samples.get(appCds ? "appcds" : "plain").add(once(vertx, appCds, xmx, connections, load, round));
        }
      }
    } finally {
      vertx.close();
    }
    var plain = samples.get("plain");
    var appCds = samples.get("appcds");
    String json = String.format(Locale.ROOT,
        "{\"benchmark\":\"startup\",\"mode\":\"jvm\",\"rounds\":%d,\"cores\":%d,\"java\":\"%s\",\"xmx\":\"%s\","
            + "\"connections\":%d,\"loadSeconds\":%d,\"loadAverage\":{\"before\":\"%s\",\"after\":\"%s\"},"
            + "\"plain\":%s,\"appcds\":%s,\"appcdsOverPlain\":{\"firstAcceptedMs\":%.3f,\"quarkusStartedMs\":%.3f,"
            + "\"rssAfterStartMb\":%.3f,\"rssUnderLoadMb\":%.3f,\"peakRssMb\":%.3f}}",
        rounds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), xmx, connections,
        load.toSeconds(), loadBefore, ProcStatus.loadAverage(), toJson(plain), toJson(appCds),
        ratio(appCds, plain, Sample::firstAcceptedMs), ratio(appCds, plain, Sample::quarkusStartedMs),
        ratio(appCds, plain, Sample::rssAfterStartMb), ratio(appCds, plain, Sample::rssUnderLoadMb),
        ratio(appCds, plain, Sample::peakRssMb));
    BenchReport.print("startup", json);
    System.exit(0);
  }

  /** One start of the gateway: time to the first accepted delivery, memory after it and under load; then stopped. */
  private static Sample once(Vertx vertx, boolean appCds, String xmx, int connections, Duration load, int round)
      throws Exception {
    int port = RedisServerProcess.freePort();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + xmx));
    if (appCds) {
      // the archive records the class path relative to target/quarkus-app, hence the working directory below;
      // -Xshare:on makes an unusable archive an error instead of a silently plain start
      command.addAll(List.of("-XX:SharedArchiveFile=" + ARCHIVE, "-Xshare:on"));
    }
    command.addAll(List.of("-jar", "quarkus-run.jar"));
    Path log = Files.createDirectories(Path.of("target", "bench").toAbsolutePath())
        .resolve("startup-" + (appCds ? "appcds" : "plain") + "-" + round + ".log");
    var builder = new ProcessBuilder(command).directory(APP.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(Map.of(
        "QUARKUS_HTTP_PORT", Integer.toString(port),
        "QUARKUS_MANAGEMENT_PORT", Integer.toString(RedisServerProcess.freePort()),
        "QUARKUS_HTTP_HOST", "127.0.0.1",
        "HUBGATE_WEBHOOK_CLIENT_SECRETS", WebhookBenchmark.SECRET,
        // the API needs a token verifier to start; the webhook route does not use it
        "QUARKUS_OIDC_PUBLIC_KEY", TestTokens.PUBLIC_KEY,
        "QUARKUS_OIDC_TOKEN_ISSUER", TestTokens.ISSUER));
    String webhook = "http://127.0.0.1:" + port + WEBHOOK_PATH;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long start = System.nanoTime();
    Process gateway = builder.start();
    try {
      awaitFirstAccepted(http, webhook, gateway, log);
      long firstAcceptedMs = (System.nanoTime() - start) / 1_000_000;
      long rssAfterStart = ProcStatus.megabytes(gateway.pid(), "VmRSS:");
      if (load.isZero()) {
        return null;
      }
      var maxRss = new AtomicLong(rssAfterStart);
      var sampler = Executors.newSingleThreadScheduledExecutor();
      sampler.scheduleAtFixedRate(
          () -> maxRss.accumulateAndGet(ProcStatus.megabytes(gateway.pid(), "VmRSS:"), Math::max),
          250, 250, TimeUnit.MILLISECONDS);
      LoadRun.Result result;
      try {
        result = LoadRun.run(vertx, port, connections, load, () -> WebhookBenchmark.shot(WEBHOOK_PATH, webhook, 1));
      } finally {
        sampler.shutdownNow();
        sampler.awaitTermination(5, TimeUnit.SECONDS);
      }
      long peak = ProcStatus.megabytes(gateway.pid(), "VmHWM:");
      return new Sample(firstAcceptedMs, quarkusStartedMs(log), rssAfterStart, maxRss.get(), peak,
          result.requestsPerSecond(), result.failed());
    } finally {
      gateway.destroy();
      if (!gateway.waitFor(20, TimeUnit.SECONDS)) {
        gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Sends a fresh signed delivery every 10 ms until one is accepted (connection refused until the port opens). */
  private static void awaitFirstAccepted(HttpClient http, String webhook, Process gateway, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!gateway.isAlive()) {
        throw new IllegalStateException("the gateway exited at start: see " + log);
      }
      Shot shot = WebhookBenchmark.shot(WEBHOOK_PATH, webhook, 1); // fresh events: never a duplicate
      var request = HttpRequest.newBuilder(URI.create(webhook)).timeout(Duration.ofSeconds(30))
          .POST(HttpRequest.BodyPublishers.ofByteArray(shot.body().getBytes()));
      shot.headers().forEach(request::header);
      try {
        int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200 || status == 204) {
          return;
        }
        if (status != 503) {
          throw new IllegalStateException("the first delivery answered " + status + ": see " + log);
        }
      } catch (IOException notListeningYet) {
        // connection refused: the HTTP server is not up yet
      }
      Thread.sleep(10); // polling a process start, bounded by the deadline
    }
    throw new IllegalStateException("no delivery accepted within 120 s: see " + log);
  }

  /** Quarkus' own "started in" figure (after the JVM start), from the log; NaN if it is not there. */
  private static double quarkusStartedMs(Path log) throws IOException {
    Matcher m = STARTED.matcher(Files.readString(log));
    return m.find() ? Double.parseDouble(m.group(1)) * 1000 : Double.NaN;
  }

  private static String toJson(List<Sample> samples) {
    return String.format(Locale.ROOT,
        "{\"firstAcceptedMs\":%s,\"quarkusStartedMs\":%s,\"rssAfterStartMb\":%s,\"rssUnderLoadMb\":%s,"
            + "\"peakRssMb\":%s,\"loadRps\":%s,\"loadFailed\":%d}",
        stats(samples, Sample::firstAcceptedMs), stats(samples, Sample::quarkusStartedMs),
        stats(samples, Sample::rssAfterStartMb), stats(samples, Sample::rssUnderLoadMb),
        stats(samples, Sample::peakRssMb), stats(samples, Sample::loadRps),
        samples.stream().mapToLong(Sample::loadFailed).sum());
  }

  private static String stats(List<Sample> samples, ToDoubleFunction<Sample> figure) {
    double[] all = samples.stream().mapToDouble(figure).toArray();
    return String.format(Locale.ROOT, "{\"median\":%.0f,\"all\":%s}", ProcStatus.median(all),
        Arrays.toString(Arrays.stream(all).mapToLong(Math::round).toArray()));
  }

  private static double ratio(List<Sample> over, List<Sample> under, ToDoubleFunction<Sample> figure) {
    return ProcStatus.median(over.stream().mapToDouble(figure).toArray())
        / ProcStatus.median(under.stream().mapToDouble(figure).toArray());
  }
}
