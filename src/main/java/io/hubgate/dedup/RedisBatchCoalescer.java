package io.hubgate.dedup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Sends the pipelined batches that one event-loop thread asks for during one turn of its loop as one batch per hash
 * tag. Under load an event loop reads many deliveries per turn; one round trip for all of them (one pool lease, one
 * write, one read, one wake-up) costs a fraction of one each, which is what the webhook path spends most of its time
 * on otherwise (measured: thread hand-offs and syscalls, not Java code). A batch asked for off an event loop is sent
 * at once.
 * <p>
 * Contract: each caller gets exactly the answers to its own requests, in its order, on the Vert.x context it called
 * from; if the combined batch fails (Redis unreachable, or an error answer), every caller in it gets that failure.
 * Requests of different hash tags never share a batch (Redis Cluster keeps a batch within one slot).
 */
final class RedisBatchCoalescer {

  /** Upper bound of one combined batch: a turn that collects more is sent as several. */
  static final int MAX_BATCH = 1024;

  private final Redis redis;
  private final LongAdder sent = new LongAdder();
  /** Batches waiting for the end of this thread's turn, by hash tag; only event-loop threads ever fill it. */
  private final ThreadLocal<Map<String, List<Waiting>>> waiting = ThreadLocal.withInitial(LinkedHashMap::new);

  RedisBatchCoalescer(Redis redis) {
    this.redis = redis;
  }

  private record Waiting(List<Request> requests, Context context, UniEmitter<? super List<Response>> emitter) {
  }

  Uni<List<Response>> batch(String hashTag, List<Request> requests) {
    return Uni.createFrom().emitter(emitter -> {
      Context context = Vertx.currentContext();
      if (context == null || !Context.isOnEventLoopThread()) {
        sent.increment();
        redis.batch(requests).subscribe().with(emitter::complete, emitter::fail);
        return;
      }
      Map<String, List<Waiting>> turn = waiting.get();
      if (turn.isEmpty()) {
        // runs after the I/O and tasks already queued on this loop: every delivery read in this turn joins the batch
        context.runOnContext(ignored -> flush());
      }
      turn.computeIfAbsent(hashTag, tag -> new ArrayList<>()).add(new Waiting(requests, context, emitter));
    });
  }

  private void flush() {
    Map<String, List<Waiting>> turn = waiting.get();
    List<List<Waiting>> groups = new ArrayList<>(turn.values());
    turn.clear();
    for (List<Waiting> group : groups) {
      List<Waiting> chunk = new ArrayList<>();
      int size = 0;
      for (Waiting one : group) {
        if (size > 0 && size + one.requests().size() > MAX_BATCH) {
          send(chunk);
          chunk = new ArrayList<>();
          size = 0;
        }
        chunk.add(one);
        size += one.requests().size();
      }
      send(chunk);
    }
  }

  /** Batches sent to Redis so far (combined ones count once). */
  long batchesSent() {
    return sent.sum();
  }

  private void send(List<Waiting> chunk) {
    sent.increment();
    List<Request> all = new ArrayList<>();
    chunk.forEach(one -> all.addAll(one.requests()));
    redis.batch(all).subscribe().with(answers -> {
      int from = 0;
      for (Waiting one : chunk) {
        int to = from + one.requests().size();
        deliver(one, new ArrayList<>(answers.subList(from, to)), null);
        from = to;
      }
    }, failure -> chunk.forEach(one -> deliver(one, null, failure)));
  }

  /** Completes a caller on its own context (its request scope and ordering), without a hop when already there. */
  private static void deliver(Waiting one, List<Response> answers, Throwable failure) {
    Runnable complete = failure == null ? () -> one.emitter().complete(answers) : () -> one.emitter().fail(failure);
    if (Vertx.currentContext() == one.context()) {
      complete.run();
    } else {
      one.context().runOnContext(ignored -> complete.run());
    }
  }
}
