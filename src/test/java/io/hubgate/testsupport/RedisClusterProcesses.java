package io.hubgate.testsupport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;

/**
 * A real three-node Redis Cluster (masters only) of {@code redis-server} processes on free ports, each owning a third
 * of the 16,384 hash slots, and a client on it; started and stopped by the test alone.
 */
public final class RedisClusterProcesses implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  private final List<RedisServerProcess> nodes = new ArrayList<>();
  private Vertx vertx;
  private Redis client;

  /** Started before the test class's tests and stopped after them: {@code @RegisterExtension static final}. */
  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private void start() {
    try {
      for (int i = 0; i < 3; i++) {
        nodes.add(RedisServerProcess.start(List.of("--cluster-enabled", "yes",
            "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000")));
      }
      int[][] ranges = {{0, 5460}, {5461, 10922}, {10923, 16383}};
      for (int i = 0; i < 3; i++) {
        String ok = nodes.get(i).command("CLUSTER", "ADDSLOTSRANGE",
            Integer.toString(ranges[i][0]), Integer.toString(ranges[i][1]));
        if (!"+OK".equals(ok)) {
          throw new IllegalStateException("CLUSTER ADDSLOTSRANGE: " + ok);
        }
      }
      for (int i = 1; i < 3; i++) {
        nodes.get(0).command("CLUSTER", "MEET", "127.0.0.1", Integer.toString(nodes.get(i).port()));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> nodes.stream()
          .allMatch(n -> n.command("CLUSTER", "INFO").contains("cluster_state:ok")
              && n.command("CLUSTER", "INFO").contains("cluster_known_nodes:3")));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public List<RedisServerProcess> nodes() {
    return nodes;
  }

  /** The node owning the hash slot of {@code key}. */
  public RedisServerProcess owner(String key) {
    int slot = Integer.parseInt(nodes.get(0).command("CLUSTER", "KEYSLOT", key).trim());
    return nodes.get(slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2);
  }

  /** The Vert.x instance of {@link #client()}, closed with the cluster. */
  public synchronized Vertx vertx() {
    if (vertx == null) {
      vertx = Vertx.vertx();
    }
    return vertx;
  }

  /** A Vert.x cluster client on every node (primaries only), closed with the cluster. */
  public synchronized Redis client() {
    if (client == null) {
      var options = new RedisOptions().setType(RedisClientType.CLUSTER).setUseReplicas(RedisReplicas.NEVER)
          .setMaxPoolSize(8).setMaxPoolWaiting(1_000);
      nodes.forEach(node -> options.addConnectionString(node.uri()));
      client = Redis.createClient(vertx(), options);
    }
    return client;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
    }
    if (vertx != null) {
      vertx.closeAndAwait();
    }
    nodes.forEach(RedisServerProcess::close);
    nodes.clear();
    client = null;
    vertx = null;
  }
}
