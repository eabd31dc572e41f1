package io.hubgate.dedup;

import io.hubgate.config.SharedRedis;
import java.time.Clock;


import io.hubgate.config.HubgateConfig;
import io.quarkus.logging.Log;
import io.vertx.mutiny.redis.client.Redis;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/**
 * Chooses the store by configuration alone: Redis (shared by all replicas) when {@code quarkus.redis.hosts} is set,
 * else the bounded in-process store. The Redis client is looked up lazily, so it is never created without hosts.
 */
@ApplicationScoped
class DedupStoreProducer {

  @Produces
  @ApplicationScoped
  @Startup // built at start, not by the first delivery on an event loop
  DedupStore dedupStore(HubgateConfig config, Instance<Redis> redis) {
    var dedup = config.webhook().dedup();
    if (SharedRedis.configured()) {
      Log.infof("Webhook deduplication: Redis, remembered for %s", dedup.ttl());
      return new RedisDedupStore(redis.get(), dedup.ttl(), dedup.claimTtl());
    }
    Log.infof("Webhook deduplication: in-process (no quarkus.redis.hosts), at most %d events for %s",
        dedup.localMaxEntries(), dedup.ttl());
    return new LocalDedupStore(dedup.localMaxEntries(), dedup.ttl(), dedup.claimTtl(), Clock.systemUTC());
  }
}
