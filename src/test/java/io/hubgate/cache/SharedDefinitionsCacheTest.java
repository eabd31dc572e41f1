package io.hubgate.cache;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hubgate.hubspot.HubSpotResponse;
import io.hubgate.hubspot.RequestTarget;
import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.testsupport.HubSpotSimulatorResource;
import io.hubgate.testsupport.RedisResource;
import io.hubgate.testsupport.RedisServerProcess;
import io.hubgate.testsupport.TestTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;

/**
 * The gateway with {@code quarkus.redis.hosts} set: its definitions cache stores entries and generations in a real
 * redis-server, and a second replica (a {@link DefinitionsCache} built here with its own local cache and Redis
 * client) finds the gateway's entries and its invalidations, and the gateway finds the replica's.
 */
@QuarkusTest
@TestProfile(SharedDefinitionsCacheTest.WithRedis.class)
class SharedDefinitionsCacheTest {

  static final long PORTAL = 301;
  static final String GENERATION = "hubgate:definitions:gen:301:properties/companies";

  public static class WithRedis implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("hubgate.portals.\"301\".access-token", "pat-na1-301");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(HubSpotSimulatorResource.class), new TestResourceEntry(RedisResource.class));
    }
  }

  @TestHTTPResource("/")
  String base;

  @Inject
  Vertx vertx;

  @Inject
  Clock clock;

  HubSpotSimulator sim;
  RedisServerProcess redis;
  Redis client;
  DefinitionsCache otherReplica;
  final AtomicInteger otherReplicaSent = new AtomicInteger();

  @BeforeEach
  void setUp() {
    sim = HubSpotSimulatorResource.simulator();
    if (sim.portals().find(PORTAL).isEmpty()) {
      sim.portals().add(PORTAL).burstLimit(100);
      sim.portals().privateAppToken(PORTAL, "pat-na1-301", 1301);
    }
    sim.requestLog().clear();
    redis = RedisResource.server();
    redis.command("FLUSHALL");
    client = Redis.createClient(vertx, redis.uri());
    otherReplica = new DefinitionsCache(DefinitionsCacheSharingTest.caffeine(), DefinitionsCacheSharingTest.config(),
        clock, new SimpleMeterRegistry(), new Generations.Shared(client, clock),
        new SharedEntries.InRedis(client, DefinitionsCacheSharingTest.TTL));
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  private RequestSpecification caller() {
    return given().baseUri(base)
        .header("Authorization", "Bearer " + TestTokens.token("hubspot.read hubspot.write", PORTAL));
  }

  private HubSpotResponse readThroughOtherReplica(String pathAndQuery, int status) {
    Supplier<Uni<HubSpotResponse>> hubspot = () -> Uni.createFrom().item(() -> {
      otherReplicaSent.incrementAndGet();
      return new HubSpotResponse(status, List.of(Map.entry("Content-Type", "application/json")),
          Buffer.buffer("{\"results\":[]}"));
    });
    String method = pathAndQuery.startsWith("PATCH ") ? "PATCH" : "GET";
    String target = pathAndQuery.substring(pathAndQuery.indexOf('/'));
    return otherReplica.through(method, RequestTarget.of(PORTAL, target), hubspot).await()
        .atMost(Duration.ofSeconds(10));
  }

  private long reached(String target) {
    return sim.requestLog().entries().stream().filter(e -> "GET".equals(e.method()) && target.equals(e.target()))
        .count();
  }

  @Test
  void replicasShareEntriesAndInvalidationsThroughRedis() {
    String target = "/crm/v3/properties/companies";
    caller().get("/hubspot/301" + target).then().statusCode(200).header("X-Hubgate-Cache", "miss");
    long generation = Long.parseLong(redis.command("GET", GENERATION));
    assertEquals("1", redis.command("EXISTS", "hubgate:definitions:entry:301:properties/companies:" + generation + ":"
        + target));

    // the other replica finds the gateway's entry: no HubSpot request of its own
    HubSpotResponse shared = readThroughOtherReplica("GET " + target, 200);
    assertEquals("hit", shared.header("X-Hubgate-Cache"));
    assertEquals(0, otherReplicaSent.get());

    // a write through the other replica invalidates the gateway's entries
    readThroughOtherReplica("PATCH " + target + "/name", 200);
    assertEquals(Long.toString(generation + 1), redis.command("GET", GENERATION));
    caller().get("/hubspot/301" + target).then().statusCode(200).header("X-Hubgate-Cache", "miss");
    assertEquals(2, reached(target));

    // a write through the gateway invalidates the other replica's
    caller().contentType("application/json").body("{\"name\":\"tier\",\"label\":\"Tier\"}")
        .post("/hubspot/301/crm/v3/properties/companies").then().statusCode(201);
    assertEquals(Long.toString(generation + 2), redis.command("GET", GENERATION));
    assertEquals("miss", readThroughOtherReplica("GET " + target, 200).header("X-Hubgate-Cache"));
    assertEquals(2, otherReplicaSent.get(), "its PATCH and this read");
    // ... and what it loaded serves the gateway
    caller().get("/hubspot/301" + target).then().statusCode(200).header("X-Hubgate-Cache", "hit");
    assertEquals(2, reached(target));
  }

  @Test
  void theGatewayReadsWhatIsNewAfterItsOwnWrite() {
    String target = "/crm/v3/properties/companies";
    caller().get("/hubspot/301" + target).then().header("X-Hubgate-Cache", "miss");
    caller().get("/hubspot/301" + target).then().header("X-Hubgate-Cache", "hit");
    caller().contentType("application/json").body("{\"name\":\"segment\",\"label\":\"Segment\"}")
        .post("/hubspot/301/crm/v3/properties/companies").then().statusCode(201);
    caller().get("/hubspot/301" + target).then().header("X-Hubgate-Cache", "miss")
        .body("results.name", hasItem("segment"));
    assertEquals(2, reached(target));
  }
}
