package io.hubgate.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hubgate.hubspot.HubSpotResponse;
import io.hubgate.hubspot.RequestTarget;
import io.hubgate.testsupport.MutableClock;
import io.hubgate.testsupport.RedisServerProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.cache.Cache;
import io.quarkus.cache.runtime.caffeine.CaffeineCacheImpl;
import io.quarkus.cache.runtime.caffeine.CaffeineCacheInfo;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/**
 * {@link DefinitionsCache} without Quarkus: each "replica" has its own Caffeine cache (the Quarkus cache
 * implementation) and, for sharing, its own client to one real {@code redis-server}. HubSpot is a counting stub.
 */
class DefinitionsCacheSharingTest {

  static final Duration TTL = Duration.ofMinutes(5);
  static final RequestTarget PROPERTIES = RequestTarget.of(9, "/crm/v3/properties/contacts?archived=false");
  static final RequestTarget WRITE = RequestTarget.of(9, "/crm/v3/properties/contacts/email");

  static RedisServerProcess server;
  static Vertx vertx;
  static final List<Redis> clients = new ArrayList<>();

  final MutableClock clock = new MutableClock();
  final AtomicInteger sent = new AtomicInteger();

  @BeforeAll
  static void redis() {
    server = RedisServerProcess.start();
    vertx = Vertx.vertx();
  }

  /** The server lives for the class: every test starts from an empty one. */
  @BeforeEach
  void empty() {
    Redis admin = Redis.createClient(vertx, server.uri());
    clients.add(admin);
    admin.send(Request.cmd(io.vertx.mutiny.redis.client.Command.FLUSHALL)).await().atMost(Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    clients.forEach(Redis::close);
    vertx.closeAndAwait();
    server.close();
  }

  static Cache caffeine() {
    var info = new CaffeineCacheInfo();
    info.name = DefinitionsCache.NAME;
    info.expireAfterWrite = TTL;
    info.maximumSize = 1000L;
    return new CaffeineCacheImpl(info, false);
  }

  static CacheConfig config() {
    return config(true, TTL);
  }

  static CacheConfig config(boolean enabled, Duration ttl) {
    return new CacheConfig() {
      @Override
      public boolean enabled() {
        return enabled;
      }

      @Override
      public Duration ttl() {
        return ttl;
      }
    };
  }

  DefinitionsCache local() {
    return new DefinitionsCache(caffeine(), config(), clock, new SimpleMeterRegistry(), new Generations.Local(),
        SharedEntries.NONE);
  }

  DefinitionsCache replica() {
    Redis redis = Redis.createClient(vertx, server.uri());
    clients.add(redis);
    return new DefinitionsCache(caffeine(), config(), clock, new SimpleMeterRegistry(), new Generations.Shared(redis, clock),
        new SharedEntries.InRedis(redis, TTL));
  }

  /** HubSpot: answers each call with its number, so that a hit is told from a new load. */
  Supplier<Uni<HubSpotResponse>> hubspot(int status) {
    return () -> Uni.createFrom().item(() -> answer(status, "{\"call\":" + sent.incrementAndGet() + "}"));
  }

  static HubSpotResponse answer(int status, String json) {
    return new HubSpotResponse(status, List.of(Map.entry("Content-Type", "application/json;charset=utf-8"),
        Map.entry("X-HubSpot-RateLimit-Max", "100")), Buffer.buffer(json));
  }

  static HubSpotResponse get(DefinitionsCache cache, Supplier<Uni<HubSpotResponse>> send) {
    return cache.through("GET", PROPERTIES, send).await().atMost(Duration.ofSeconds(10));
  }

  @Test
  void concurrentMissesOfOneKeyShareOneHubSpotRequest() throws Exception {
    DefinitionsCache cache = local();
    CompletableFuture<HubSpotResponse> hubspotAnswer = new CompletableFuture<>();
    Supplier<Uni<HubSpotResponse>> slow = () -> {
      sent.incrementAndGet();
      return Uni.createFrom().completionStage(hubspotAnswer);
    };
    List<CompletableFuture<HubSpotResponse>> callers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      callers.add(cache.through("GET", PROPERTIES, slow).subscribeAsCompletionStage());
    }
    assertEquals(1, sent.get(), "one request while eight callers wait");

    hubspotAnswer.complete(answer(200, "{\"results\":[]}"));
    List<String> results = new ArrayList<>();
    for (var caller : callers) {
      HubSpotResponse response = caller.get(10, TimeUnit.SECONDS);
      assertEquals("{\"results\":[]}", response.body().toString());
      results.add(response.header("X-Hubgate-Cache"));
    }
    assertEquals(1, results.stream().filter("miss"::equals).count());
    assertEquals(7, results.stream().filter("hit"::equals).count());
  }

  @Test
  void disabledItForwardsEveryRead() {
    DefinitionsCache cache = new DefinitionsCache(caffeine(), config(false, TTL), clock, new SimpleMeterRegistry(),
        new Generations.Local(), SharedEntries.NONE);
    assertNull(get(cache, hubspot(200)).header("X-Hubgate-Cache"));
    assertNull(get(cache, hubspot(200)).header("X-Hubgate-Cache"));
    assertEquals(2, sent.get());
  }

  @Test
  void aTtlUnderOneSecondIsRefusedAtStart() {
    var refused = assertThrows(IllegalStateException.class, () -> new DefinitionsCache(caffeine(),
        config(true, Duration.ofMillis(500)), clock, new SimpleMeterRegistry(), new Generations.Local(),
        SharedEntries.NONE));
    assertTrue(refused.getMessage().contains("hubgate.cache.ttl"));
  }

  @Test
  void ageCountsFromWhenHubSpotAnswered() {
    DefinitionsCache cache = local();
    HubSpotResponse miss = get(cache, hubspot(200));
    assertEquals("0", miss.header("Age"));
    assertEquals("100", miss.header("X-HubSpot-RateLimit-Max"), "the miss is HubSpot's answer as received");
    clock.advance(Duration.ofSeconds(42));
    HubSpotResponse hit = get(cache, hubspot(200));
    assertEquals("42", hit.header("Age"));
    assertEquals("application/json;charset=utf-8", hit.header("Content-Type"));
    assertNull(hit.header("X-HubSpot-RateLimit-Max"), "another call's rate-limit headers are not replayed");
    assertEquals(1, sent.get());
  }

  @Test
  void withoutRedisAWriteInvalidatesOnlyThisReplica() {
    DefinitionsCache a = local();
    DefinitionsCache b = local();
    get(a, hubspot(200));
    get(b, hubspot(200));
    a.through("PATCH", WRITE, hubspot(200)).await().indefinitely();
    assertEquals("miss", get(a, hubspot(200)).header("X-Hubgate-Cache"));
    assertEquals("hit", get(b, hubspot(200)).header("X-Hubgate-Cache"), "per replica without Redis: until the TTL");
  }

  @Test
  void replicasShareEntriesAndInvalidationThroughRedis() {
    DefinitionsCache a = replica();
    DefinitionsCache b = replica();
    HubSpotResponse first = get(a, hubspot(200));
    assertEquals("miss", first.header("X-Hubgate-Cache"));
    clock.advance(Duration.ofSeconds(7));
    HubSpotResponse shared = get(b, hubspot(200));
    assertEquals("hit", shared.header("X-Hubgate-Cache"), "b found what a loaded");
    assertEquals("7", shared.header("Age"));
    assertEquals(first.body().toString(), shared.body().toString());
    assertEquals(1, sent.get());

    // a failed write invalidates nothing; a successful one, through a, invalidates b's entries too
    a.through("PATCH", WRITE, hubspot(404)).await().indefinitely();
    assertEquals("hit", get(b, hubspot(200)).header("X-Hubgate-Cache"));
    a.through("PATCH", WRITE, hubspot(200)).await().indefinitely();
    assertEquals(3, sent.get());
    HubSpotResponse reloaded = get(b, hubspot(200));
    assertEquals("miss", reloaded.header("X-Hubgate-Cache"));
    assertEquals("{\"call\":4}", reloaded.body().toString());
    HubSpotResponse fromB = get(a, hubspot(200));
    assertEquals("hit", fromB.header("X-Hubgate-Cache"), "a found what b loaded after the write");
    assertEquals("{\"call\":4}", fromB.body().toString());
    assertEquals(4, sent.get());
  }

  @Test
  void afterRedisLostItsGenerationsNoOldLocalEntryIsCurrentAgain() {
    DefinitionsCache a = replica();
    get(a, hubspot(200));
    assertEquals("hit", get(a, hubspot(200)).header("X-Hubgate-Cache"));
    empty(); // Redis restarted empty: a write another replica made meanwhile may be unknown to this one
    clock.advance(Duration.ofMillis(1));
    assertEquals("miss", get(a, hubspot(200)).header("X-Hubgate-Cache"));
    assertEquals(2, sent.get());
  }

  @Test
  void whileRedisIsDownReadsAndWritesAreForwardedUncached() {
    DefinitionsCache a = replica();
    server.stop();
    try {
      for (int i = 0; i < 2; i++) {
        HubSpotResponse response = get(a, hubspot(200));
        assertEquals(200, response.status());
        assertNull(response.header("X-Hubgate-Cache"));
      }
      assertEquals(200, a.through("PATCH", WRITE, hubspot(200)).await().atMost(Duration.ofSeconds(10)).status());
      assertEquals(3, sent.get());
    } finally {
      server.restart();
    }
  }

  @Test
  void anEntryLoadedFromRedisLateInItsLifeIsNotKeptBeyondTheTtl() {
    DefinitionsCache a = replica();
    DefinitionsCache b = replica();
    a.through("POST", RequestTarget.of(9, "/crm/v3/properties/contacts"), hubspot(201)).await().indefinitely();
    get(a, hubspot(200));
    clock.advance(TTL);
    // Redis still holds it (its expiry runs on Redis' clock), but it is as old as the TTL: b reloads
    HubSpotResponse response = get(b, hubspot(200));
    assertEquals("miss", response.header("X-Hubgate-Cache"));
    assertEquals(3, sent.get());
  }
}
