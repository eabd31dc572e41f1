package io.hubgate.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hubgate.testsupport.RedisServerProcess;
import io.vertx.core.Context;
import io.vertx.core.impl.ContextInternal;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;

/** The coalescer against a real redis-server: what one event-loop turn asks for goes out as one batch per hash tag. */
class RedisBatchCoalescerTest {

  static RedisServerProcess server;
  static Vertx vertx;
  static Redis redis;

  @BeforeAll
  static void start() {
    server = RedisServerProcess.start();
    vertx = Vertx.vertx();
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri()));
  }

  @AfterAll
  static void stop() {
    redis.close();
    vertx.closeAndAwait();
    server.close();
  }

  @BeforeEach
  void flush() {
    server.command("FLUSHALL");
  }

  /** One caller's requests: two increments of its own counter, so its answers are [1, 1 + n]. */
  private static List<Request> increments(String key, int n) {
    return List.of(Request.cmd(Command.INCR).arg(key), Request.cmd(Command.INCRBY).arg(key).arg(n));
  }

  private record Answer(List<Integer> values, Context context) {
  }

  /**
   * Runs every call of {@code calls} in the same turn of one event loop, each on a context of its own (as requests
   * are), and waits for each caller's answer or failure.
   */
  private static List<CompletableFuture<Answer>> inOneTurn(RedisBatchCoalescer coalescer, int calls,
      Function<Integer, String> tagOf, Function<Integer, List<Request>> requestsOf) throws Exception {
    ContextInternal loop = (ContextInternal) vertx.getDelegate().getOrCreateContext();
    List<CompletableFuture<Answer>> answers = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      answers.add(new CompletableFuture<>());
    }
    var scheduled = new CompletableFuture<Void>();
    loop.runOnContext(ignored -> {
      for (int i = 0; i < calls; i++) {
        int caller = i;
        ContextInternal own = loop.duplicate();
        own.runOnContext(alsoIgnored -> coalescer.batch(tagOf.apply(caller), requestsOf.apply(caller)).subscribe().with(
            responses -> answers.get(caller).complete(new Answer(
                responses.stream().map(Response::toInteger).toList(), io.vertx.core.Vertx.currentContext())),
            answers.get(caller)::completeExceptionally));
      }
      scheduled.complete(null);
    });
    scheduled.get(10, TimeUnit.SECONDS);
    CompletableFuture.allOf(answers.stream().map(a -> a.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
        .get(10, TimeUnit.SECONDS);
    return answers;
  }

  @Test
  void sendsWhatOneTurnAsksForAsOneBatchAndGivesEachCallerItsOwnAnswersOnItsOwnContext() throws Exception {
    var coalescer = new RedisBatchCoalescer(redis);
    var answers = inOneTurn(coalescer, 50, caller -> "portal-1", caller -> increments("{portal-1}:n" + caller, caller));

    assertEquals(1, coalescer.batchesSent());
    for (int caller = 0; caller < 50; caller++) {
      Answer answer = answers.get(caller).get();
      assertEquals(List.of(1, 1 + caller), answer.values(), "caller " + caller);
    }
    // each caller continued on its own context, not on the one that happened to flush the batch
    long distinctContexts = answers.stream().map(a -> a.join().context()).distinct().count();
    assertEquals(50, distinctContexts);
  }

  @Test
  void keepsHashTagsInSeparateBatches() throws Exception {
    var coalescer = new RedisBatchCoalescer(redis);
    var answers = inOneTurn(coalescer, 30, caller -> "portal-" + (caller % 3),
        caller -> increments("{portal-" + (caller % 3) + "}:n" + caller, caller));

    assertEquals(3, coalescer.batchesSent());
    for (int caller = 0; caller < 30; caller++) {
      assertEquals(List.of(1, 1 + caller), answers.get(caller).get().values());
    }
  }

  @Test
  void splitsATurnLargerThanOneBatch() throws Exception {
    int perCaller = RedisBatchCoalescer.MAX_BATCH / 2 - 12; // two callers fit in a batch, a third does not
    var coalescer = new RedisBatchCoalescer(redis);
    var answers = inOneTurn(coalescer, 3, caller -> "portal-1", caller -> {
      List<Request> requests = new ArrayList<>();
      for (int i = 0; i < perCaller; i++) {
        requests.add(Request.cmd(Command.INCR).arg("{portal-1}:n" + caller));
      }
      return requests;
    });

    assertEquals(2, coalescer.batchesSent());
    for (int caller = 0; caller < 3; caller++) {
      List<Integer> values = answers.get(caller).get().values();
      assertEquals(perCaller, values.size());
      assertEquals(perCaller, values.get(perCaller - 1), "caller " + caller + " got its own counter's answers");
    }
  }

  @Test
  void sendsAtOnceOffAnEventLoop() {
    var coalescer = new RedisBatchCoalescer(redis);
    List<Response> answers = coalescer.batch("portal-1", increments("{portal-1}:n", 5)).await().atMost(Duration.ofSeconds(10));

    assertEquals(List.of(1, 6), answers.stream().map(Response::toInteger).toList());
    assertEquals(1, coalescer.batchesSent());
  }

  @Test
  void failsEveryCallerOfABatchThatFailed() throws Exception {
    var closed = RedisServerProcess.start();
    String uri = closed.uri();
    closed.close(); // nothing listens there any more
    Redis unreachable = Redis.createClient(vertx, new RedisOptions().setConnectionString(uri));
    try {
      var coalescer = new RedisBatchCoalescer(unreachable);
      var answers = inOneTurn(coalescer, 5, caller -> "portal-1", caller -> increments("{portal-1}:n" + caller, 1));

      assertEquals(1, coalescer.batchesSent());
      for (var answer : answers) {
        assertTrue(answer.isCompletedExceptionally());
      }
    } finally {
      unreachable.close();
    }
  }
}
