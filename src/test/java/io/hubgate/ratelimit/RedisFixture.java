package io.hubgate.ratelimit;

import io.hubgate.testsupport.RedisServerProcess;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.util.ArrayList;
import java.util.List;

/** A real redis-server, one Vert.x, and any number of clients (each its own pool: one per simulated replica). */
final class RedisFixture implements AutoCloseable {

  final RedisServerProcess server = RedisServerProcess.start();
  final Vertx vertx = Vertx.vertx();
  private final List<Redis> clients = new ArrayList<>();

  Redis client() {
    var options = new RedisOptions()
        .setConnectionString(server.uri())
        .setMaxPoolSize(8)
        .setMaxPoolWaiting(10_000)
        .setMaxWaitingHandlers(10_000);
    options.getNetClientOptions().setConnectTimeout(500);
    Redis redis = Redis.createClient(vertx, options);
    clients.add(redis);
    return redis;
  }

  /** Calls of a command family since the server started, from INFO commandstats (not through the code under test). */
  long calls(String command) {
    return (long) commandStat(command, "calls");
  }

  /** Redis's own CPU time per call of a command family. */
  double usecPerCall(String command) {
    return commandStat(command, "usec_per_call");
  }

  private double commandStat(String command, String field) {
    for (String line : server.command("INFO", "commandstats").split("\n")) {
      if (line.startsWith("cmdstat_" + command + ":")) {
        String value = line.substring(line.indexOf(field + "=") + field.length() + 1);
        return Double.parseDouble(value.substring(0, value.indexOf(',')));
      }
    }
    return 0;
  }

  @Override
  public void close() {
    clients.forEach(Redis::close);
    vertx.closeAndAwait();
    server.close();
  }
}
