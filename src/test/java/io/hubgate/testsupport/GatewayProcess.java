package io.hubgate.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;

/**
 * The packaged gateway ({@code target/quarkus-app/quarkus-run.jar}, built by {@code ./mvnw package}) as a real JVM
 * process on a free port: several of them make several replicas. Settings go in as environment variables, as on
 * Kubernetes. The test that starts one closes it.
 */
public final class GatewayProcess implements AutoCloseable {

  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

  private final String name;
  private final int port;
  private final int managementPort;
  private final Process process;
  private final Path log;

  private GatewayProcess(String name, int port, int managementPort, Process process, Path log) {
    this.name = name;
    this.port = port;
    this.managementPort = managementPort;
    this.process = process;
    this.log = log;
  }

  /** Starts a gateway with these environment settings (e.g. {@code QUARKUS_REDIS_HOSTS}) and waits until it is ready. */
  public static GatewayProcess start(String name, Map<String, String> environment, String... jvmOptions) {
    return start(name, environment, Duration.ofSeconds(60), jvmOptions);
  }

  /** Starts one gateway per name at once (they start in parallel) and waits until every one is ready. */
  public static List<GatewayProcess> startAll(List<String> names, Map<String, String> environment,
      String... jvmOptions) {
    List<CompletableFuture<GatewayProcess>> starting = new ArrayList<>();
    for (String name : names) {
      starting.add(CompletableFuture.supplyAsync(() -> start(name, environment, jvmOptions)));
    }
    return starting.stream().map(CompletableFuture::join).toList();
  }

  /** Closes each one, going on past failures: every process is still destroyed. */
  public static void closeAll(AutoCloseable... closeables) {
    for (AutoCloseable c : closeables) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // best effort, as its Javadoc says
      }
    }
  }

  /** The same, waiting at most {@code readyWithin} (readiness includes Redis and Kafka: an outage delays it). */
  public static GatewayProcess start(String name, Map<String, String> environment, Duration readyWithin,
      String... jvmOptions) {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " is missing: run ./mvnw package (or verify) first");
    }
    int port = RedisServerProcess.freePort();
    int managementPort = RedisServerProcess.freePort();
    try {
      Path log = Files.createDirectories(Path.of("target", "gateway-logs")).resolve(name + "-" + port + ".log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(List.of(jvmOptions));
      command.add("-jar");
      command.add(JAR.toString());
      var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      Map<String, String> env = new LinkedHashMap<>(environment);
      env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
      env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
      // internal callers authenticate with tokens signed by the test key
      env.putIfAbsent("QUARKUS_OIDC_PUBLIC_KEY", TestTokens.PUBLIC_KEY);
      env.putIfAbsent("QUARKUS_OIDC_TOKEN_ISSUER", TestTokens.ISSUER);
      env.putIfAbsent("QUARKUS_HTTP_HOST", "127.0.0.1");
      builder.environment().putAll(env);
      var gateway = new GatewayProcess(name, port, managementPort, builder.start(), log);
      Runtime.getRuntime().addShutdownHook(new Thread(gateway.process::destroyForcibly));
      gateway.awaitReady(readyWithin);
      return gateway;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start gateway " + name, e);
    }
  }

  public String baseUri() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The process id, for what /proc says of it (resident memory). */
  public long pid() {
    return process.pid();
  }

  /** CPU time (user + system) this gateway process has used so far, from /proc; -1 where /proc is not available. */
  public java.time.Duration cpuTime() {
    return process.info().totalCpuDuration().orElse(java.time.Duration.ofNanos(-1));
  }

  /** Health and metrics live on the management interface. */
  public String managementUri() {
    return "http://127.0.0.1:" + managementPort;
  }

  public Path log() {
    return log;
  }

  private void awaitReady(Duration timeout) {
    var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("gateway " + name + " exited at start; see " + log.toAbsolutePath());
      }
      try {
        var response = client.send(HttpRequest.newBuilder(URI.create(managementUri() + "/q/health/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(100); // polling a process start, bounded by the deadline
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    close();
    throw new IllegalStateException("gateway " + name + " not ready in " + timeout + "; see " + log.toAbsolutePath());
  }

  /**
   * SIGTERM ({@link Process#destroy()} on Linux), as Kubernetes stops a pod: the gateway shuts down gracefully. Returns
   * at once; {@link #awaitExit} waits for the end.
   */
  public void terminate() {
    process.destroy();
  }

  /** Whether the process has ended within {@code timeout}. */
  public boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** A crash: SIGKILL, no shutdown hooks, no flush; in-flight requests lose their answers. */
  public void kill() {
    try {
      process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    Processes.stop(process, 20);
  }
}
