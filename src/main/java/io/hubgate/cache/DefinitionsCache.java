package io.hubgate.cache;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.hubgate.config.SharedRedis;
import io.hubgate.hubspot.HubSpotResponse;
import io.hubgate.hubspot.RequestTarget;
import io.hubgate.tracing.Spans;
import io.hubgate.tracing.Tracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Property definitions, pipelines and association labels ({@link DefinitionScope}) are read often and change rarely:
 * a 200 answer to one of those GETs is kept per portal and full path and query for {@code hubgate.cache.ttl}, and a hit
 * costs no HubSpot request. Answers carry {@code Age} (seconds since HubSpot answered; 0 on a miss) and
 * {@code X-Hubgate-Cache: hit|miss}; {@code hubgate_cache_requests_total{cache,portal,result}} counts them.
 * <p>
 * Each replica's cache is the Quarkus cache {@value #NAME} (Caffeine): concurrent misses of one key share one HubSpot
 * request. With Redis, a replica that misses locally reads the entry another replica stored there before asking
 * HubSpot. A successful write to the same definitions through the gateway bumps the scope's generation, part of every
 * key (in Redis when configured, so every replica stops finding the old entries at once; in memory otherwise, so the
 * other replicas keep theirs until the TTL).
 * <p>
 * The key never holds the caller or a token: the gateway reads with the portal's token, so every caller allowed to
 * read the portal gets the same answer from HubSpot.
 * <p>
 * Traced: a cacheable read is a {@code definitions cache} span ({@code hubgate.cache.result} hit or miss); on a miss,
 * the HubSpot call is its child.
 */
@ApplicationScoped
@Startup // built at start: its settings are checked then, and no Redis client is looked up on an event loop
public class DefinitionsCache {

  public static final String NAME = "hubspot-definitions";

  static final AttributeKey<String> CACHE_NAME = AttributeKey.stringKey("hubgate.cache.name");
  static final AttributeKey<String> CACHE_SCOPE = AttributeKey.stringKey("hubgate.cache.scope");
  static final AttributeKey<String> CACHE_RESULT = AttributeKey.stringKey("hubgate.cache.result");

  private final Cache cache;
  private final CacheConfig config;
  private final Clock clock;
  private final Generations generations;
  private final SharedEntries shared;
  private final MeterRegistry registry;
  private final Map<Long, Counter> hits = new ConcurrentHashMap<>();
  private final Map<Long, Counter> misses = new ConcurrentHashMap<>();
  private Tracer tracer = Spans.noop();

  @Inject
  DefinitionsCache(@CacheName(NAME) Cache cache, CacheConfig config, Clock clock, MeterRegistry registry,
      Instance<Redis> redis, Tracing tracing) {
    this(cache, config, clock, registry, SharedRedis.configured() ? new Generations.Shared(redis.get(), clock)
        : new Generations.Local(), SharedRedis.configured() ? new SharedEntries.InRedis(redis.get(), config.ttl())
        : SharedEntries.NONE);
    this.tracer = tracing.tracer();
    Log.infof("HubSpot definitions cache: %s, entries kept %s", SharedRedis.configured()
        ? "per replica and shared through Redis" : "per replica (no quarkus.redis.hosts)", config.ttl());
  }

  DefinitionsCache(Cache cache, CacheConfig config, Clock clock, MeterRegistry registry, Generations generations,
      SharedEntries shared) {
    if (config.ttl().toMillis() < 1000) {
      throw new IllegalStateException("hubgate.cache.ttl must be at least one second (PT1S); it is " + config.ttl()
          + ". To forward every definitions read, set hubgate.cache.enabled=false.");
    }
    this.cache = cache;
    this.config = config;
    this.clock = clock;
    this.generations = generations;
    this.shared = shared;
    cache.as(CaffeineCache.class).setExpireAfterWrite(config.ttl());
    this.registry = registry;
  }

  /**
   * Sends the call through the cache: a cacheable GET is answered from it or loads it, a successful write to
   * definitions invalidates its scope, anything else is just sent.
   */
  public Uni<HubSpotResponse> through(String method, RequestTarget target, Supplier<Uni<HubSpotResponse>> send) {
    if (!config.enabled()) {
      return send.get();
    }
    Optional<DefinitionScope> read = DefinitionScope.cacheableRead(method, target);
    if (read.isPresent()) {
      return traced(read.get(), target, send);
    }
    Optional<DefinitionScope> written = DefinitionScope.invalidatedBy(method, target);
    if (written.isPresent()) {
      return send.get().call(response -> response.status() / 100 == 2 ? invalidate(written.get())
          : Uni.createFrom().voidItem());
    }
    return send.get();
  }

  /** Drops every entry of the scope: a new generation for every replica, and this replica's entries freed now. */
  public Uni<Void> invalidate(DefinitionScope scope) {
    String prefix = scopePrefix(scope);
    return generations.bump(scope)
        .onFailure().invoke(e -> Log.warnf("Definitions of %s changed but the cache generation was not bumped (%s): "
            + "other replicas may serve the old ones until the TTL", prefix, e.toString()))
        .onFailure().recoverWithNull()
        .call(ignored -> cache.invalidateIf(key -> key instanceof String k && k.startsWith(prefix)));
  }

  /** The read as a span; a miss's HubSpot call is made with the span current, so that its own span is a child. */
  private Uni<HubSpotResponse> traced(DefinitionScope scope, RequestTarget target,
      Supplier<Uni<HubSpotResponse>> send) {
    Context parent = Context.current();
    return Uni.createFrom().deferred(() -> {
      Span span = tracer.spanBuilder("definitions cache").setParent(parent).startSpan();
      if (!span.isRecording()) {
        span.end();
        return read(scope, target, send);
      }
      span.setAttribute(CACHE_NAME, NAME);
      span.setAttribute(CACHE_SCOPE, scope.family());
      span.setAttribute(Spans.PORTAL_ID, scope.portalId());
      Context inside = parent.with(span);
      Supplier<Uni<HubSpotResponse>> sendInside = () -> {
        try (Scope ignored = inside.makeCurrent()) {
          return send.get();
        }
      };
      return Spans.endWith(span, read(scope, target, sendInside)
          .invoke(response -> span.setAttribute(CACHE_RESULT, response.header(CachedAnswer.CACHE_HEADER))));
    });
  }

  private Uni<HubSpotResponse> read(DefinitionScope scope, RequestTarget target,
      Supplier<Uni<HubSpotResponse>> send) {
    return generations.current(scope)
        .onFailure().invoke(e -> Log.debugf("Cache generation unavailable (%s): reading uncached", e.toString()))
        .onFailure().recoverWithNull()
        .flatMap(generation -> generation == null
            ? send.get()
            : lookup(scope.portalId(), scopePrefix(scope) + generation + ":" + target.pathAndQuery(), send, true));
  }

  private Uni<HubSpotResponse> lookup(long portalId, String key, Supplier<Uni<HubSpotResponse>> send,
      boolean mayReload) {
    AtomicReference<HubSpotResponse> fromHubSpot = new AtomicReference<>();
    return cache.<String, CachedAnswer>getAsync(key, k -> load(k, send, fromHubSpot))
        .flatMap(answer -> {
          long now = clock.millis();
          if (fromHubSpot.get() != null) {
            count(misses, portalId, "miss");
            return Uni.createFrom().item(CachedAnswer.miss(fromHubSpot.get()));
          }
          if (mayReload && expired(answer, now)) {
            // loaded from Redis late in its life: this replica's copy would outlive the TTL
            return cache.invalidate(key).flatMap(ignored -> lookup(portalId, key, send, false));
          }
          count(hits, portalId, "hit");
          return Uni.createFrom().item(answer.hit(now));
        })
        .onFailure(NotCacheable.class).recoverWithItem(e -> {
          count(misses, portalId, "miss");
          return CachedAnswer.miss(((NotCacheable) e).response);
        });
  }

  /** A local miss: the entry another replica shared, else HubSpot's answer. */
  private Uni<CachedAnswer> load(String key, Supplier<Uni<HubSpotResponse>> send,
      AtomicReference<HubSpotResponse> fromHubSpot) {
    return shared.get(key)
        .onFailure().recoverWithNull()
        .flatMap(found -> found != null && !expired(found, clock.millis())
            ? Uni.createFrom().item(found)
            : fetch(key, send, fromHubSpot));
  }

  /** HubSpot's answer: a 200 is kept (and shared), anything else goes back to the callers waiting for it. */
  private Uni<CachedAnswer> fetch(String key, Supplier<Uni<HubSpotResponse>> send,
      AtomicReference<HubSpotResponse> fromHubSpot) {
    return send.get().flatMap(response -> {
      if (response.status() != 200) {
        return Uni.createFrom().failure(new NotCacheable(response));
      }
      fromHubSpot.set(response);
      CachedAnswer answer = CachedAnswer.of(response, clock.millis());
      return shared.put(key, answer)
          .onFailure().invoke(e -> Log.debugf("Definition not shared through Redis (%s)", e.toString()))
          .onFailure().recoverWithNull()
          .replaceWith(answer);
    });
  }

  /** Past the TTL by this replica's clock (Redis expires its copy by its own). */
  private boolean expired(CachedAnswer answer, long now) {
    return now - answer.storedAtMillis() >= config.ttl().toMillis();
  }

  private static String scopePrefix(DefinitionScope scope) {
    return scope.portalId() + ":" + scope.family() + ":";
  }

  /**
   * Per portal too, so that the console shows each portal's hit rate (portal ids come from configuration); the
   * counters are kept, not looked up in the registry on every read.
   */
  private void count(Map<Long, Counter> counters, long portalId, String result) {
    counters.computeIfAbsent(portalId, k -> Counter.builder("hubgate.cache.requests")
        .description("Cacheable HubSpot reads, by whether the cache answered them")
        .tag("cache", NAME)
        .tag("portal", Long.toString(portalId))
        .tag("result", result)
        .register(registry))
        .increment();
  }

  /** A non-200 answer: relayed to the callers waiting for it, never kept. */
  private static final class NotCacheable extends RuntimeException {

    private final transient HubSpotResponse response;

    NotCacheable(HubSpotResponse response) {
      super(null, null, false, false);
      this.response = response;
    }
  }
}
