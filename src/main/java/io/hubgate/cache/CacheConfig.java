package io.hubgate.cache;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The definitions cache, under {@code hubgate.cache}. */
@ConfigMapping(prefix = "hubgate.cache")
public interface CacheConfig {

  /**
   * Whether property definitions, pipelines and association labels are cached; {@code false} forwards every read.
   * Default {@code true}.
   */
  @WithDefault("true")
  boolean enabled();

  /**
   * How long a definition read is served from the cache after it was loaded (also what
   * {@code quarkus.cache.caffeine."hubspot-definitions".expire-after-write} defaults to, and the Redis entries' expiry).
   * Writes through the gateway invalidate earlier; changes made in HubSpot's UI show after at most this long.
   * Default {@code PT5M}.
   */
  @WithDefault("PT5M")
  Duration ttl();
}
