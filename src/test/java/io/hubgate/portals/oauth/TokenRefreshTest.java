package io.hubgate.portals.oauth;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hubgate.portals.PortalNotAuthorizedException;
import io.hubgate.problem.ProblemException;
import io.hubgate.ratelimit.LimiterSettings;
import io.hubgate.ratelimit.PortalBudget;
import io.hubgate.ratelimit.PortalBudgets;
import io.hubgate.ratelimit.RateLimiterListener;
import io.hubgate.ratelimit.RateLimiters;
import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.testsupport.CapturedLogs;
import io.hubgate.testsupport.RedisServerProcess;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpServer;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * OAuth tokens against the simulator's token endpoint and its frozen clock, stored in a real Redis shared by several
 * independent instances of the token classes (each with its own Redis client and HTTP client), as replicas would.
 */
class TokenRefreshTest {

  static final long PORTAL = 62515;
  static final String CLIENT = "hubgate-client";
  static final String SECRET = "client-secret-do-not-log";
  static final Duration WAIT = Duration.ofSeconds(60);

  static RedisServerProcess redis;
  static Vertx vertx;
  HubSpotSimulator sim;
  final List<Redis> clients = new ArrayList<>();
  CapturedLogs logs;

  @BeforeAll
  static void startRedis() {
    redis = RedisServerProcess.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopRedis() {
    vertx.closeAndAwait();
    redis.close();
  }

  @BeforeEach
  void start() {
    redis.command("FLUSHALL");
    sim = HubSpotSimulator.start();
    sim.oauth().registerApp(CLIENT, SECRET, 2002);
    logs = CapturedLogs.start();
  }

  @AfterEach
  void stop() {
    logs.close();
    clients.forEach(Redis::close);
    clients.clear();
    sim.close();
  }

  OAuthSettings settings() {
    return new OAuthSettings(CLIENT, SECRET, URI.create(sim.baseUrl()), "/oauth/2026-03/token",
        "/oauth/2026-03/token/introspect", Duration.ofMinutes(5), Duration.ofSeconds(20), Duration.ofSeconds(15), 3,
        Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5));
  }

  TokenStore redisStore() {
    Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redis.uri()).setMaxPoolSize(8)
        .setMaxPoolWaiting(10_000).setMaxWaitingHandlers(10_000));
    clients.add(client);
    return new RedisTokenStore(client, "hubgate:oauth");
  }

  OAuthTokens replica(OAuthSettings settings, TokenStore store, String... keys) {
    return new OAuthTokens(store, TokenCipher.of(List.of(keys.length == 0 ? new String[] {TokenCipherTest.K0} : keys)),
        new TokenEndpoint(WebClient.create(vertx), settings), sim.clock(), settings);
  }

  OAuthTokens replica(String... keys) {
    return replica(settings(), redisStore(), keys);
  }

  OAuthTokens.Installed install(OAuthTokens tokens) {
    return tokens.install(sim.oauth().authorizationCode(CLIENT, PORTAL, "oauth", "crm.objects.contacts.read"),
        "https://gateway.example.com/oauth/callback").await().atMost(WAIT);
  }

  String raw() {
    return redis.command("GET", "hubgate:oauth:{" + PORTAL + "}:tokens");
  }

  String storedRefreshToken() {
    return TokenCipher.of(List.of(TokenCipherTest.K0)).open(PORTAL, "refresh", TokenRecord.fromJson(raw()).sealedRefresh())
        .plaintext();
  }

  static List<String> concurrently(List<Uni<String>> calls) {
    return Uni.join().all(calls).andCollectFailures().await().atMost(WAIT);
  }

  static Throwable failureOf(Uni<String> call) {
    return assertThrows(RuntimeException.class, () -> call.await().atMost(WAIT));
  }

  void assertNoSecretsLogged(String... secrets) {
    for (String secret : secrets) {
      assertFalse(logs.contains(secret), "a secret reached the logs");
    }
  }

  @Test
  void installStoresEncryptedTokensAndLearnsThePortalAndAppFromHubSpot() {
    OAuthTokens tokens = replica();
    OAuthTokens.Installed installed = install(tokens);
    assertEquals(PORTAL, installed.portalId());
    assertEquals("2002", installed.appId());
    assertTrue(installed.scopes().contains("oauth"));
    String access = tokens.accessToken(PORTAL).await().atMost(WAIT);
    String refresh = storedRefreshToken();
    String stored = raw();
    assertTrue(stored.contains("gcm1:k0:"));
    assertFalse(stored.contains(access), "the access token is encrypted at rest");
    assertFalse(stored.contains(refresh), "the refresh token is encrypted at rest");
    assertEquals("2002", tokens.appId(PORTAL).await().atMost(WAIT));
    assertNoSecretsLogged(access, refresh, SECRET);
  }

  @Test
  void refreshesAheadOfExpiryOnTheSimulatorClock() {
    OAuthTokens tokens = replica();
    install(tokens);
    String first = tokens.accessToken(PORTAL).await().atMost(WAIT);
    sim.clock().advance(Duration.ofMinutes(24));
    assertEquals(first, tokens.accessToken(PORTAL).await().atMost(WAIT), "still 6 minutes to go: no refresh");
    assertEquals(0, sim.oauth().refreshCount(PORTAL));
    sim.clock().advance(Duration.ofMinutes(2));
    String second = tokens.accessToken(PORTAL).await().atMost(WAIT);
    assertNotEquals(first, second, "within the 5-minute margin: refreshed before HubSpot expires it");
    assertEquals(1, sim.oauth().refreshCount(PORTAL));
    sim.clock().advance(Duration.ofMinutes(20));
    assertEquals(second, tokens.accessToken(PORTAL).await().atMost(WAIT), "the new token lives 30 minutes from its refresh");
    assertEquals(1, sim.oauth().refreshCount(PORTAL));
  }

  @Test
  void threeReplicasWithAHundredConcurrentCallsEachRefreshOnce() {
    List<OAuthTokens> replicas = List.of(replica(), replica(), replica());
    install(replicas.get(0));
    String previous = replicas.get(0).accessToken(PORTAL).await().atMost(WAIT);
    for (int round = 1; round <= 3; round++) {
      sim.clock().advance(Duration.ofMinutes(26));
      List<Uni<String>> calls = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        for (OAuthTokens replica : replicas) {
          calls.add(replica.accessToken(PORTAL));
        }
      }
      Set<String> seen = new HashSet<>(concurrently(calls));
      assertEquals(1, seen.size(), "every caller got the one new token");
      assertFalse(seen.contains(previous));
      assertEquals(round, sim.oauth().refreshCount(PORTAL), "exactly one refresh per expiry across three replicas");
      previous = seen.iterator().next();
    }
  }

  @Test
  void aRefusedRefreshTokenNeedsReauthorisationWithoutARefreshLoop() {
    List<OAuthTokens> replicas = List.of(replica(), replica(), replica());
    install(replicas.get(0));
    String refresh = storedRefreshToken();
    sim.oauth().revokeRefreshToken(refresh);
    sim.clock().advance(Duration.ofMinutes(31));
    int before = sim.oauth().tokenRequestCount();
    List<Uni<String>> calls = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      for (OAuthTokens replica : replicas) {
        calls.add(replica.accessToken(PORTAL));
      }
    }
    CompositeException all = assertThrows(CompositeException.class, () -> concurrently(calls));
    assertEquals(300, all.getCauses().size(), "every caller failed");
    all.getCauses().forEach(TokenRefreshTest::assertInstanceOfReauth);
    assertEquals(1, sim.oauth().tokenRequestCount() - before, "one refused refresh, not retried, not repeated");
    Throwable failure = failureOf(replicas.get(1).accessToken(PORTAL));
    PortalNotAuthorizedException refused = assertInstanceOfReauth(failure);
    assertEquals(409, refused.status());
    assertTrue(failureOf(replicas.get(2).afterUnauthorized(PORTAL, "CNwhatever")) instanceof PortalNotAuthorizedException);
    assertEquals(1, sim.oauth().tokenRequestCount() - before, "later callers do not ask HubSpot again");
    assertTrue(TokenRecord.fromJson(raw()).reauthorizationNeeded(), "persisted for every replica");
    assertFalse(raw().contains("gcm1:"), "the dead tokens are dropped");

    install(replicas.get(2));
    assertFalse(replicas.get(1).accessToken(PORTAL).await().atMost(WAIT).isBlank(), "a new install clears it");
    assertNoSecretsLogged(refresh, SECRET);
  }

  static PortalNotAuthorizedException assertInstanceOfReauth(Throwable failure) {
    assertTrue(failure instanceof PortalNotAuthorizedException, String.valueOf(failure));
    assertTrue(failure.getMessage().contains("re-authorisation"), failure.getMessage());
    return (PortalNotAuthorizedException) failure;
  }

  @Test
  void afterUnauthorizedRefreshesAtMostOnceForTheSameRejectedToken() {
    List<OAuthTokens> replicas = List.of(replica(), replica(), replica());
    install(replicas.get(0));
    String rejected = replicas.get(0).accessToken(PORTAL).await().atMost(WAIT);
    List<Uni<String>> calls = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      for (OAuthTokens replica : replicas) {
        calls.add(replica.afterUnauthorized(PORTAL, rejected));
      }
    }
    Set<String> seen = new HashSet<>(concurrently(calls));
    assertEquals(1, seen.size());
    String fresh = seen.iterator().next();
    assertNotEquals(rejected, fresh);
    assertEquals(1, sim.oauth().refreshCount(PORTAL));
    assertEquals(fresh, replicas.get(1).afterUnauthorized(PORTAL, rejected).await().atMost(WAIT),
        "an old token refused again: the current one, no refresh");
    assertEquals(1, sim.oauth().refreshCount(PORTAL));
    assertNotEquals(fresh, replicas.get(2).afterUnauthorized(PORTAL, fresh).await().atMost(WAIT));
    assertEquals(2, sim.oauth().refreshCount(PORTAL), "one call, at most one refresh");
  }

  @Test
  void aLockLeftByADeadReplicaExpiresAndTheNextOneRefreshes() {
    OAuthTokens tokens = replica();
    install(tokens);
    String first = tokens.accessToken(PORTAL).await().atMost(WAIT);
    assertEquals("+OK", redis.command("SET", "hubgate:oauth:{" + PORTAL + "}:lock", "a-replica-that-died", "NX", "PX", "300"));
    sim.clock().advance(Duration.ofMinutes(29));
    String second = tokens.accessToken(PORTAL).await().atMost(WAIT);
    assertNotEquals(first, second, "waited for the lock to expire, then refreshed");
    assertEquals(1, sim.oauth().refreshCount(PORTAL));
    assertEquals(null, redis.command("GET", "hubgate:oauth:{" + PORTAL + "}:lock"), "and released its own lock");
  }

  @Test
  void retriesTheTokenEndpointAfter429() {
    OAuthSettings patient = new OAuthSettings(CLIENT, SECRET, URI.create(sim.baseUrl()), "/oauth/2026-03/token",
        "/oauth/2026-03/token/introspect", Duration.ofMinutes(5), Duration.ofSeconds(20), Duration.ofSeconds(15), 4,
        Duration.ofMillis(10), Duration.ofSeconds(2), Duration.ofSeconds(5));
    AtomicInteger throttled = new AtomicInteger();
    var budget = new TokenEndpointBudget() {
      @Override
      public Uni<Void> admit() {
        return Uni.createFrom().voidItem();
      }

      @Override
      public Uni<Void> throttled(java.util.Optional<Duration> retryAfter) {
        throttled.incrementAndGet();
        return Uni.createFrom().voidItem();
      }
    };
    OAuthTokens tokens = new OAuthTokens(redisStore(), TokenCipher.of(List.of(TokenCipherTest.K0)),
        new TokenEndpoint(WebClient.create(vertx), patient, budget), sim.clock(), patient);
    install(tokens);
    String first = tokens.accessToken(PORTAL).await().atMost(WAIT);
    sim.oauth().tokenEndpointLimit(1, Duration.ofSeconds(1));
    // another client takes the endpoint's only slot of the second
    WebClient.create(vertx).postAbs(sim.baseUrl() + "/oauth/2026-03/token").sendAndAwait();
    int before = sim.oauth().tokenRequestCount();
    sim.clock().advance(Duration.ofMinutes(31));
    String second = tokens.accessToken(PORTAL).await().atMost(WAIT);
    assertNotEquals(first, second);
    assertEquals(1, sim.oauth().refreshCount(PORTAL));
    int attempts = sim.oauth().tokenRequestCount() - before;
    assertTrue(attempts >= 2 && attempts <= 4, "429, then a retry after Retry-After; bounded: " + attempts);
    assertEquals(attempts - 1, throttled.get(), "each of HubSpot's 429s paused the token endpoint's shared budget");
  }

  @Test
  void tokenEndpointCallsOfAllReplicasShareOneBudget() {
    // HubSpot's token endpoint here: 3 a rolling second; the gateway's budget for it the same, shared through Redis
    sim.oauth().tokenEndpointLimit(3, Duration.ofSeconds(1));
    var budget = new PortalBudget(3, Duration.ofSeconds(1), 0, 5, ZoneOffset.UTC);
    var limits = LimiterSettings.defaults().withSafetyMargin(Duration.ofMillis(500))
        .withMaxWait(Duration.ofSeconds(30), Duration.ofSeconds(30)).withKeyPrefix("token-budget:");
    List<OAuthTokens> replicas = new ArrayList<>();
    TokenStore store = redisStore();
    for (int r = 0; r < 2; r++) {
      Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redis.uri())
          .setMaxPoolWaiting(10_000).setMaxWaitingHandlers(10_000));
      clients.add(client);
      var limiter = RateLimiters.redis(vertx, client, PortalBudgets.uniform(budget), limits, RateLimiterListener.NONE);
      replicas.add(new OAuthTokens(store, TokenCipher.of(List.of(TokenCipherTest.K0)),
          new TokenEndpoint(WebClient.create(vertx), settings(), TokenEndpointBudget.of(limiter, CLIENT)), sim.clock(),
          settings()));
    }
    List<Long> portals = List.of(101L, 102L, 103L, 104L, 105L);
    for (long portal : portals) {
      replicas.get((int) (portal % 2)).install(sim.oauth().authorizationCode(CLIENT, portal, "oauth"),
          "https://gateway.example.com/oauth/callback").await().atMost(WAIT);
    }
    sim.clock().advance(Duration.ofMinutes(31));
    List<Uni<String>> calls = new ArrayList<>();
    for (long portal : portals) {
      replicas.forEach(replica -> calls.add(replica.accessToken(portal)));
    }
    concurrently(calls);
    for (long portal : portals) {
      assertEquals(1, sim.oauth().refreshCount(portal), "one refresh for portal " + portal);
    }
    // five code exchanges in a row and five refreshes at once (without the budget HubSpot refuses several of them)
    assertEquals(10, sim.oauth().tokenRequestCount(), "every grant went out once");
    assertEquals(0, sim.oauth().tokenEndpointRefusals(), "HubSpot's token endpoint answered no 429");
  }

  @Test
  void serverErrorsAreRetriedABoundedNumberOfTimesAndAStillValidTokenServes() {
    AtomicInteger requests = new AtomicInteger();
    HttpServer broken = vertx.createHttpServer()
        .requestHandler(request -> {
          requests.incrementAndGet();
          request.response().setStatusCode(503).endAndForget("{\"status\":\"error\"}");
        })
        .listenAndAwait(0, "127.0.0.1");
    try {
      TokenStore store = redisStore();
      install(replica(settings(), store));
      String first = replica(settings(), store).accessToken(PORTAL).await().atMost(WAIT);
      OAuthSettings down = new OAuthSettings(CLIENT, SECRET, URI.create("http://127.0.0.1:" + broken.actualPort()),
          "/oauth/2026-03/token", "/oauth/2026-03/token/introspect", Duration.ofMinutes(5), Duration.ofSeconds(20),
          Duration.ofSeconds(15), 3, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5));
      OAuthTokens tokens = replica(down, store);
      sim.clock().advance(Duration.ofMinutes(27));
      assertEquals(first, tokens.accessToken(PORTAL).await().atMost(WAIT), "not expired yet: the current token serves");
      assertEquals(3, requests.get(), "three attempts, then no more");
      sim.clock().advance(Duration.ofMinutes(4));
      Throwable failure = failureOf(tokens.accessToken(PORTAL));
      assertTrue(failure instanceof ProblemException p && p.status() == 503, String.valueOf(failure));
      assertEquals(6, requests.get());
    } finally {
      broken.closeAndAwait();
    }
  }

  @Test
  void keyRotationReadsOldCiphertextAndReEncryptsItUnderTheNewKey() {
    OAuthTokens before = replica(TokenCipherTest.K0);
    install(before);
    String access = before.accessToken(PORTAL).await().atMost(WAIT);
    assertTrue(raw().contains("gcm1:k0:"));
    OAuthTokens rotated = replica(TokenCipherTest.K1, TokenCipherTest.K0);
    assertEquals(access, rotated.accessToken(PORTAL).await().atMost(WAIT));
    assertFalse(raw().contains("gcm1:k0:"), "re-encrypted on read");
    assertTrue(raw().contains("gcm1:k1:"));
    OAuthTokens newKeyOnly = replica(TokenCipherTest.K1);
    assertEquals(access, newKeyOnly.accessToken(PORTAL).await().atMost(WAIT), "the old key can now be dropped");
    assertTrue(failureOf(replica(TokenCipherTest.K0).accessToken(PORTAL)) instanceof PortalNotAuthorizedException);
    assertEquals(0, sim.oauth().refreshCount(PORTAL));
  }

  /** A refresh held at the token endpoint long enough for its lock to expire (100 ms) and a new install to complete. */
  String newerInstallSurvivesASlowRefresh(TokenStore slowStore, TokenStore otherStore, boolean refreshTokenRevoked,
      Runnable lockExpired) throws Exception {
    OAuthSettings slow = new OAuthSettings(CLIENT, SECRET, URI.create(sim.baseUrl()), "/oauth/2026-03/token",
        "/oauth/2026-03/token/introspect", Duration.ofMinutes(5), Duration.ofSeconds(20), Duration.ofMillis(100), 3,
        Duration.ofMillis(10), Duration.ofMillis(100), WAIT);
    OAuthTokens slowReplica = replica(slow, slowStore);
    OAuthTokens otherReplica = replica(settings(), otherStore);
    install(slowReplica);
    String oldRefresh = TokenCipher.of(List.of(TokenCipherTest.K0)).open(PORTAL, "refresh",
        TokenRecord.fromJson(slowStore.read(PORTAL).await().atMost(WAIT)).sealedRefresh()).plaintext();
    sim.clock().advance(Duration.ofMinutes(26));
    sim.oauth().holdRefreshes();
    var refreshing = slowReplica.accessToken(PORTAL).subscribeAsCompletionStage();
    await().atMost(WAIT).until(() -> sim.oauth().heldRefreshes() == 1);
    lockExpired.run();
    if (refreshTokenRevoked) {
      sim.oauth().revokeRefreshToken(oldRefresh);
    }
    install(otherReplica);
    String installed = otherStore.read(PORTAL).await().atMost(WAIT);
    String newAccess = otherReplica.accessToken(PORTAL).await().atMost(WAIT);
    sim.oauth().releaseRefreshes();

    assertEquals(newAccess, refreshing.get(WAIT.toSeconds(), TimeUnit.SECONDS), "the late refresh serves the newer install");
    assertEquals(installed, otherStore.read(PORTAL).await().atMost(WAIT), "the newer install's record is untouched");
    assertFalse(TokenRecord.fromJson(installed).reauthorizationNeeded());
    assertEquals(newAccess, slowReplica.accessToken(PORTAL).await().atMost(WAIT));
    assertEquals(refreshTokenRevoked ? 0 : 1, sim.oauth().refreshCount(PORTAL), "the held refresh did reach HubSpot");
    return newAccess;
  }

  void redisLockExpired() {
    await().atMost(WAIT).until(() -> redis.command("GET", "hubgate:oauth:{" + PORTAL + "}:lock") == null);
  }

  @Test
  void aRefreshThatOutlivesItsLockDoesNotOverwriteANewerInstall() throws Exception {
    newerInstallSurvivesASlowRefresh(redisStore(), redisStore(), false, this::redisLockExpired);
    assertTrue(logs.contains("got newer tokens while its refresh was under way"));
  }

  @Test
  void aLateInvalidGrantDoesNotMarkANewerInstallForReauthorisation() throws Exception {
    newerInstallSurvivesASlowRefresh(redisStore(), redisStore(), true, this::redisLockExpired);
    assertTrue(logs.contains("got newer tokens while its refused refresh was under way"));
  }

  @Test
  void withoutRedisALateRefreshOrInvalidGrantDoesNotOverwriteANewerInstallEither() throws Exception {
    TokenStore memory = new MemoryTokenStore();
    newerInstallSurvivesASlowRefresh(memory, memory, false, () -> { });
    sim.oauth().resetCounters();
    newerInstallSurvivesASlowRefresh(memory, memory, true, () -> { });
  }

  @Test
  void anInstallStateIsUsedOnceAcrossReplicasAndWithoutRedis() {
    Duration ttl = Duration.ofMinutes(10);
    TokenStore one = redisStore();
    TokenStore other = redisStore();
    List<Boolean> firsts = Uni.join().all(List.of(one.consumeState("nonce-a", ttl), other.consumeState("nonce-a", ttl)))
        .andFailFast().await().atMost(WAIT);
    assertEquals(1, firsts.stream().filter(Boolean::booleanValue).count(), "one replica wins: " + firsts);
    assertTrue(other.consumeState("nonce-b", ttl).await().atMost(WAIT));
    long pttl = Long.parseLong(redis.command("PTTL", "hubgate:oauth:state:nonce-b"));
    assertTrue(pttl > 0 && pttl <= ttl.toMillis(), "kept for the state's remaining validity: " + pttl);
    TokenStore memory = new MemoryTokenStore();
    assertTrue(memory.consumeState("nonce-a", ttl).await().atMost(WAIT));
    assertFalse(memory.consumeState("nonce-a", ttl).await().atMost(WAIT));
  }

  @Test
  void withoutRedisAHundredConcurrentCallsRefreshOnce() {
    OAuthTokens tokens = replica(settings(), new MemoryTokenStore());
    install(tokens);
    sim.clock().advance(Duration.ofMinutes(29));
    List<Uni<String>> calls = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      calls.add(tokens.accessToken(PORTAL));
    }
    assertEquals(1, new HashSet<>(concurrently(calls)).size());
    assertEquals(1, sim.oauth().refreshCount(PORTAL));
    assertTrue(failureOf(tokens.accessToken(99)) instanceof PortalNotAuthorizedException, "an unknown portal");
  }
}
