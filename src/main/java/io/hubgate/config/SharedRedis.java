package io.hubgate.config;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Whether replicas share state through Redis: {@code quarkus.redis.hosts} is set. Dedup, OAuth tokens and the rate
 * limiter each choose Redis or their in-process variant from this one answer, and look the Redis client up only then,
 * so that no client is created without hosts.
 */
public final class SharedRedis {

  private SharedRedis() {
  }

  public static boolean configured() {
    return ConfigProvider.getConfig().getOptionalValue("quarkus.redis.hosts", String.class)
        .filter(h -> !h.isBlank())
        .isPresent();
  }
}
