package io.hubgate.writes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hubgate.hubspot.HubSpotBatchOperation;
import io.hubgate.problem.ProblemException;
import io.hubgate.ratelimit.Lane;
import io.hubgate.ratelimit.PortalBudget;
import io.hubgate.ratelimit.PortalBudgets;
import io.hubgate.simulator.HubSpotSimulator;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.vertx.core.json.JsonObject;

/**
 * The coalescer against the simulator (which shuffles batch results) through the shared policy and a real local
 * limiter. Batches travel on the pass-through client here (same policy; the REST-client transport has its own test
 * in {@code HubSpotBatchClientTest}), so that this test needs no Quarkus.
 */
class CoalescerSimulatorTest {

  static final long PORTAL = 62515;
  static final String TOKEN = "pat-na1-coalescer";
  static final String CREATE = "/crm/v3/objects/contacts/batch/create";
  static final Duration WAIT = Duration.ofSeconds(30);

  static SimulatedBatchSender hubspot;
  static HubSpotSimulator sim;
  final List<Integer> isolation = new ArrayList<>();

  @BeforeAll
  static void start() {
    hubspot = SimulatedBatchSender.start(PORTAL, TOKEN);
    sim = hubspot.sim;
  }

  @AfterAll
  static void stop() {
    hubspot.close();
  }

  @AfterEach
  void reset() {
    hubspot.reset();
  }

  WriteCoalescer coalescer() {
    return coalescer(Duration.ofMillis(200));
  }

  /** With a linger of hours, nothing leaves before the test's {@code flush()}: every caller in one batch, however slow. */
  WriteCoalescer coalescer(Duration linger) {
    BatchSender sender = hubspot.sender();
    CoalescerListener listener = new CoalescerListener() {
      @Override
      public synchronized void batchSent(long portalId, int inputs, boolean isolationRequest) {
        if (isolationRequest) {
          isolation.add(inputs);
        }
      }
    };
    return new WriteCoalescer(PortalBudgets.uniform(PortalBudget.of(100, 0)),
        CoalescingSettings.defaults().withLinger(linger), sender, listener);
  }

  static final BatchKey CREATES = BatchKey.write(PORTAL, "contacts", HubSpotBatchOperation.CREATE, Lane.INTERACTIVE);

  static JsonObject contact(String email) {
    return new JsonObject().put("properties", new JsonObject().put("email", email));
  }

  @Test
  void concurrentSingleCreatesLeaveAsFewBatchesAndEachCallerGetsItsOwnRecord() {
    var coalescer = coalescer();
    List<UniAssertSubscriber<SingleAnswer>> callers = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      callers.add(coalescer.submit(CREATES, contact("many" + i + "@example.com"))
          .subscribe().withSubscriber(UniAssertSubscriber.create()));
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 150; i++) {
      SingleAnswer answer = callers.get(i).awaitItem(WAIT).getItem();
      assertEquals(201, answer.status());
      assertEquals("many" + i + "@example.com", answer.body().getJsonObject("properties").getString("email"));
      ids.add(answer.body().getString("id"));
    }
    assertEquals(150, ids.size());
    long requests = sim.requestLog().entries(e -> e.path().equals(CREATE)).size();
    assertTrue(requests <= 3, "150 creates in " + requests + " batch requests");
  }

  @Test
  void aWholeBatch409IsIsolatedAndTheOthersAreCreated() {
    sim.crm(PORTAL).seed("contacts", Map.of("email", "taken@example.com"));
    var coalescer = coalescer(Duration.ofHours(1));
    List<UniAssertSubscriber<SingleAnswer>> callers = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      String email = i == 5 ? "taken@example.com" : "iso" + i + "@example.com";
      callers.add(coalescer.submit(CREATES, contact(email)).subscribe().withSubscriber(UniAssertSubscriber.create()));
    }
    coalescer.flush();
    for (int i = 0; i < 16; i++) {
      SingleAnswer answer = callers.get(i).awaitItem(WAIT).getItem();
      assertEquals(i == 5 ? 409 : 201, answer.status(), "caller " + i);
    }
    assertTrue(callers.get(5).getItem().body().getString("message").startsWith("Contact already exists"));
    long requests = sim.requestLog().entries(e -> e.path().equals(CREATE)).size();
    assertEquals(1 + isolation.size(), requests, "every isolation request is counted");
    assertTrue(isolation.size() <= 2 * 4, "bisection of 16: at most two requests per halving");
  }

  @Test
  void aLostAnswerToABatchCreateIsOutcomeUnknownForEveryCallerAndNotResent() {
    sim.faults().on("POST", CREATE).dropConnectionShare(1.0).onlyFirst(1);
    var coalescer = coalescer(Duration.ofHours(1));
    List<UniAssertSubscriber<SingleAnswer>> callers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      callers.add(coalescer.submit(CREATES, contact("lost" + i + "@example.com"))
          .subscribe().withSubscriber(UniAssertSubscriber.create()));
    }
    coalescer.flush();
    for (var caller : callers) {
      ProblemException problem = assertInstanceOf(ProblemException.class, caller.awaitFailure(WAIT).getFailure());
      assertEquals(504, problem.status());
      assertEquals("outcome-unknown", problem.slug());
    }
    assertEquals(1, sim.requestLog().entries(e -> e.path().equals(CREATE)).size());
  }

  @Test
  void twoUpdatesOfOneRecordInOneLingerGoInSeparateBatchesInOrder() {
    String id = sim.crm(PORTAL).seed("contacts", Map.of("email", "order@example.com")).id();
    var coalescer = coalescer();
    BatchKey updates = BatchKey.write(PORTAL, "contacts", HubSpotBatchOperation.UPDATE, Lane.INTERACTIVE);
    var first = coalescer.submit(updates, new JsonObject().put("id", id)
        .put("properties", new JsonObject().put("firstname", "First"))).subscribe().withSubscriber(UniAssertSubscriber.create());
    var second = coalescer.submit(updates, new JsonObject().put("id", id)
        .put("properties", new JsonObject().put("firstname", "Second"))).subscribe().withSubscriber(UniAssertSubscriber.create());
    assertEquals(200, first.awaitItem(WAIT).getItem().status());
    assertEquals(200, second.awaitItem(WAIT).getItem().status());
    assertEquals(2, sim.requestLog().entries(e -> e.path().endsWith("/batch/update")).size());
    assertEquals("Second", sim.crm(PORTAL).record("contacts", id).orElseThrow().property("firstname"));
  }
}
