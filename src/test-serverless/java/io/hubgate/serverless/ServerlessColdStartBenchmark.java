package io.hubgate.serverless;

import java.io.File;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.hubgate.testsupport.Deliveries;
import io.hubgate.testsupport.HubSpotSigner;
import io.hubgate.testsupport.RedisServerProcess;
import io.quarkus.amazon.lambda.runtime.MockHttpEventServer;

/**
 * The serverless build's cold start in JVM mode (run by {@code bench/serverless-coldstart.sh}; not a test): a fresh
 * JVM on the function's class path ({@code target/*-runner.jar} and {@code target/lib}, what {@code function.zip}
 * holds) loads the handler as AWS's runtime does ({@link ServerlessColdStartRuntime}) and takes its invocations from
 * Quarkus' mock event server. One signed webhook delivery is posted to the mock event server as the JVM is launched;
 * the cold start is launch to its answer (JVM start, Quarkus start, first invocation with Redis dedup and the
 * embedded broker). Then a second delivery (warm) and the process's resident memory. Without SnapStart: what a
 * function pays on its first start and whenever SnapStart is off; a SnapStart restore skips the JVM and Quarkus start.
 * Prints one line of JSON (also {@code target/bench/serverless-coldstart.json}).
 */
public final class ServerlessColdStartBenchmark {

  private static final String SECRET = "bench-secret";
  private static final String PUBLIC_BASE_URL = "https://hooks.example.com";

  public static void main(String[] args) throws Exception {
    int runs = args.length > 1 && args[0].equals("--runs") ? Integer.parseInt(args[1]) : 5;
    Path runner;
    try (var files = Files.list(Path.of("target"))) {
      runner = files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no target/*-runner.jar: run ./mvnw package -Pserverless"));
    }
    Path runtimeClasses = copyRuntime();
    List<Long> coldMs = new ArrayList<>();
    List<Long> warmMs = new ArrayList<>();
    List<Long> rssMb = new ArrayList<>();
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      for (int i = 0; i < runs; i++) {
        long[] one = once(runner, runtimeClasses, redis, i);
        coldMs.add(one[0]);
        warmMs.add(one[1]);
        rssMb.add(one[2]);
      }
    }
    String json = String.format(Locale.ROOT,
        "{\"benchmark\":\"serverless-coldstart\",\"mode\":\"jvm\",\"snapStart\":false,\"runs\":%d,\"cores\":%d,"
            + "\"java\":\"%s\",\"coldStartMs\":%s,\"warmInvocationMs\":%s,\"rssMb\":%s}",
        runs, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), stats(coldMs),
        stats(warmMs), stats(rssMb));
    Files.createDirectories(Path.of("target", "bench"));
    Files.writeString(Path.of("target", "bench", "serverless-coldstart.json"), json + "\n");
    System.out.println(json);
    System.exit(0);
  }

  /** {@code [cold ms, warm ms, RSS MiB]} of one fresh function JVM. */
  private static long[] once(Path runner, Path runtimeClasses, RedisServerProcess redis, int run) throws Exception {
    int port = RedisServerProcess.freePort();
    MockHttpEventServer events = new MockHttpEventServer();
    events.start(port);
    Path log = Files.createDirectories(Path.of("target", "bench")).resolve("serverless-coldstart-" + run + ".log");
    String classPath = String.join(File.pathSeparator, runtimeClasses.toString(), runner.toString(),
        Path.of("target", "lib").toString() + File.separator + "*");
    var builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classPath, ServerlessColdStartRuntime.class.getName())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("AWS_LAMBDA_RUNTIME_API", "localhost:" + port + "/_lambda_");
    builder.environment().put("QUARKUS_REDIS_HOSTS", redis.uri());
    builder.environment().put("HUBGATE_WEBHOOK_CLIENT_SECRETS", SECRET);
    builder.environment().put("HUBGATE_WEBHOOK_PUBLIC_BASE_URL", PUBLIC_BASE_URL);
    // as in deploy/serverless/template.yaml: only the webhook route reaches the function
    builder.environment().put("QUARKUS_OIDC_TENANT_ENABLED", "false");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long start = System.nanoTime();
    Process function = builder.start();
    try {
      // queued by the mock event server until the new function asks for its first invocation
      deliver(http, port, function, log);
      long cold = (System.nanoTime() - start) / 1_000_000;
      long warmStart = System.nanoTime();
      deliver(http, port, function, log);
      long warm = (System.nanoTime() - warmStart) / 1_000_000;
      return new long[] {cold, warm, rssMb(function.pid())};
    } finally {
      function.destroy();
      if (!function.waitFor(10, TimeUnit.SECONDS)) {
        function.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      events.close();
    }
  }

  private static void deliver(HttpClient http, int port, Process function, Path log) throws Exception {
    String body = Deliveries.body(Deliveries.event(62515));
    var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/hubspot"))
        .timeout(Duration.ofSeconds(120))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    HubSpotSigner.v3Headers(SECRET, "POST", PUBLIC_BASE_URL + "/webhooks/hubspot", body, System.currentTimeMillis())
        .forEach(request::header);
    CompletableFuture<HttpResponse<String>> sent = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    CompletableFuture.anyOf(sent, function.onExit()).get(120, TimeUnit.SECONDS);
    if (!sent.isDone()) {
      throw new IllegalStateException("the function exited before answering: see " + log);
    }
    HttpResponse<String> answer = sent.get();
    if (answer.statusCode() != 200 || !answer.body().contains("\"published\":1")) {
      throw new IllegalStateException("delivery answered " + answer.statusCode() + ": " + answer.body());
    }
  }

  private static long rssMb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    return -1;
  }

  /** The runtime stand-in alone, apart from the other test classes. */
  private static Path copyRuntime() throws IOException {
    Path target = Path.of("target", "bench", "coldstart-runtime");
    Path from = Path.of("target", "test-classes");
    String dir = ServerlessColdStartRuntime.class.getPackageName().replace('.', '/');
    Files.createDirectories(target.resolve(dir));
    try (var files = Files.list(from.resolve(dir))) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith("ServerlessColdStartRuntime")).toList()) {
        Files.copy(p, target.resolve(dir).resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return target;
  }

  private static String stats(List<Long> values) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return String.format(Locale.ROOT, "{\"median\":%d,\"min\":%d,\"max\":%d,\"all\":%s}", sorted[sorted.length / 2],
        sorted[0], sorted[sorted.length - 1], Arrays.toString(values.stream().mapToLong(Long::longValue).toArray()));
  }
}
