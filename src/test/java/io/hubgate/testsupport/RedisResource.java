package io.hubgate.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A redis-server of the test's own on a free port, configured as the gateway's {@code quarkus.redis.hosts}. */
public class RedisResource implements QuarkusTestResourceLifecycleManager {

  private static volatile RedisServerProcess server;

  @Override
  public Map<String, String> start() {
    server = RedisServerProcess.start();
    return Map.of("quarkus.redis.hosts", server.uri());
  }

  @Override
  public void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  public static RedisServerProcess server() {
    return server;
  }
}
