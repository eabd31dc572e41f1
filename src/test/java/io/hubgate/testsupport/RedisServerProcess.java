package io.hubgate.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real {@code redis-server} process that a test starts on a free port, and that the test alone may stop,
 * restart (on the same port, to simulate an outage) and close. It never touches a server it did not start
 * (a machine may run its own Redis on 6379). Nothing is persisted: every start begins empty.
 */
public final class RedisServerProcess implements AutoCloseable {

  private final int port;
  private final Path workDir;
  private final List<String> extraArgs;
  private Process process;

  private RedisServerProcess(int port, Path workDir, List<String> extraArgs) {
    this.port = port;
    this.workDir = workDir;
    this.extraArgs = extraArgs;
  }

  /** Starts a fresh server on a free port and waits until it answers PING. */
  public static RedisServerProcess start() {
    return start(List.of());
  }

  /** The same with more {@code redis-server} arguments (for example a Redis Cluster node's). */
  public static RedisServerProcess start(List<String> extraArgs) {
    try {
      var server = new RedisServerProcess(freePort(), Files.createTempDirectory("hubgate-redis"), List.copyOf(extraArgs));
      server.startProcess();
      Runtime.getRuntime().addShutdownHook(new Thread(server::destroyQuietly));
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start redis-server", e);
    }
  }

  public int port() {
    return port;
  }

  /** The URI for {@code quarkus.redis.hosts}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Stops the server (an outage); {@link #restart()} brings it back on the same port, empty. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    Processes.stop(process, 10);
    process = null;
  }

  public synchronized void restart() {
    stop();
    startProcess();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Sends one command over RESP and returns the raw reply (for assertions that must not go through the code under test). */
  public String command(String... args) {
    try (var socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      var sb = new StringBuilder("*").append(args.length).append("\r\n");
      for (String a : args) {
        byte[] b = a.getBytes(StandardCharsets.UTF_8);
        sb.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
      }
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return readReply(socket.getInputStream());
    } catch (IOException e) {
      throw new IllegalStateException("redis command failed: " + args[0], e);
    }
  }

  @Override
  public synchronized void close() {
    stop();
    try (var files = Files.walk(workDir)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder left behind is harmless
    }
  }

  private void destroyQuietly() {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
    }
  }

  private void startProcess() {
    try {
      List<String> command = new java.util.ArrayList<>(List.of("redis-server",
          "--port", Integer.toString(port),
          "--bind", "127.0.0.1",
          "--save", "",
          "--appendonly", "no",
          "--dir", workDir.toString(),
          "--protected-mode", "no"));
      command.addAll(extraArgs);
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(workDir.resolve("redis.log").toFile())
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("redis-server is not on PATH (install the Debian package redis-server)", e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited at start; see " + workDir.resolve("redis.log"));
      }
      try {
        if ("+PONG".equals(command("PING"))) {
          return;
        }
      } catch (IllegalStateException notYet) {
        // not listening yet: poll again
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("redis-server did not answer PING on port " + port);
  }

  private static String readReply(InputStream in) throws IOException {
    var line = readLine(in);
    if (line.startsWith("$")) {
      int len = Integer.parseInt(line.substring(1));
      if (len < 0) {
        return null;
      }
      byte[] data = in.readNBytes(len + 2);
      return new String(data, 0, len, StandardCharsets.UTF_8);
    }
    if (line.startsWith("*")) {
      int n = Integer.parseInt(line.substring(1));
      var sb = new StringBuilder();
      for (int i = 0; i < n; i++) {
        sb.append(i == 0 ? "" : "\n").append(readReply(in));
      }
      return sb.toString();
    }
    return line.startsWith(":") ? line.substring(1) : line; // integers bare; "+OK" / "-ERR ..." as sent
  }

  private static String readLine(InputStream in) throws IOException {
    var sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read();
        break;
      }
      sb.append((char) c);
    }
    return sb.toString();
  }

  public static int freePort() {
    try (var s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
