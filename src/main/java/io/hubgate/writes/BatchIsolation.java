package io.hubgate.writes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.hubgate.hubspot.HubSpotResponse;
import io.hubgate.tracing.Spans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Sends one batch and settles every caller in it, isolating the input at fault when HubSpot rejects the whole batch
 * (400/409) for one input's sake: first by the error's own pointers ({@code context.objectWriteTraceId},
 * {@code context.ids}, HubSpot's "Duplicate IDs found in batch input: [...]"), which costs one more request; without
 * pointers by bisection (two requests per halving, about 2·log2(n) to single out one bad input of n). A caller alone in
 * a rejected request gets HubSpot's rejection as its own answer. The extra requests per batch are bounded
 * ({@code max-isolation-requests}); callers still unsettled at the bound get a 502 problem, never another's error.
 * The sub-requests go one after another: they are rare, and the count stays deterministic.
 * <p>
 * Traced ({@link BatchTracing}): the batch is one span linked to its callers' spans; each isolation request a child of it.
 */
final class BatchIsolation {

  /** The coalescer's side of {@link BatchSender.WriteWatch}, for a request holding {@code inputs}. */
  interface WriteCheck {
    boolean mayWrite(List<PendingInput> inputs);

    void notActedOn(List<PendingInput> inputs);
  }

  private final BatchSender sender;
  private final CoalescerListener listener;
  private final int maxExtraRequests;
  private final WriteCheck writeCheck;
  private final BatchTracing tracing;

  BatchIsolation(BatchSender sender, CoalescerListener listener, int maxExtraRequests, WriteCheck writeCheck,
      BatchTracing tracing) {
    this.sender = sender;
    this.listener = listener;
    this.maxExtraRequests = maxExtraRequests;
    this.writeCheck = writeCheck;
    this.tracing = tracing;
  }

  /** Sends the batch (inputs share {@code key}) and completes every input's result; never fails itself. */
  Uni<Void> settle(BatchKey key, List<PendingInput> batch) {
    return Uni.createFrom().deferred(() -> {
      Span span = tracing.batch(key, batch);
      int[] extra = {0};
      Uni<Void> settled = settle(key, batch, extra, null, span);
      return Spans.endWith(span, span.isRecording()
          ? settled.invoke(() -> span.setAttribute(BatchTracing.ISOLATION_REQUESTS, (long) extra[0]))
          : settled);
    });
  }

  /**
   * @param isolation null for the batch itself, else why this group is sent on its own ({@code named}, {@code rest},
   *                  {@code bisection})
   */
  private Uni<Void> settle(BatchKey key, List<PendingInput> group, int[] extra, String isolation, Span batch) {
    if (group.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    boolean isolating = isolation != null;
    if (isolating) {
      if (extra[0] >= maxExtraRequests) {
        group.forEach(p -> p.fail(CoalescingProblems.isolationExhausted(key.portalId(), extra[0])));
        return Uni.createFrom().voidItem();
      }
      extra[0]++;
    }
    JsonObject body = BatchRouting.body(key, group);
    listener.batchSent(key.portalId(), group.size(), isolating);
    Span request = isolating ? tracing.isolation(batch, key, group, isolation) : batch;
    BatchSender.WriteWatch watch = new BatchSender.WriteWatch() {
      @Override
      public boolean mayWrite() {
        return writeCheck.mayWrite(group);
      }

      @Override
      public void notActedOn() {
        writeCheck.notActedOn(group);
      }
    };
    Uni<HubSpotResponse> sent = Uni.createFrom().deferred(() -> sender.send(key, body, watch,
        Context.root().with(request)));
    if (request.isRecording()) {
      sent = sent.invoke(response -> request.setAttribute(Spans.STATUS, (long) response.status()));
    }
    return (isolating ? Spans.endWith(request, sent) : sent)
        .onItemOrFailure().transformToUni((response, failure) -> {
          if (failure != null) {
            group.forEach(p -> p.fail(failure));
            return Uni.createFrom().voidItem();
          }
          return settled(key, group, response, extra, batch);
        })
        .onFailure().invoke(unexpected -> {
          Log.errorf(unexpected, "Coalescer: settling a batch of %d for portal %d failed", group.size(), key.portalId());
          group.forEach(p -> p.fail(unexpected));
        })
        .onFailure().recoverWithNull();
  }

  private Uni<Void> settled(BatchKey key, List<PendingInput> group, HubSpotResponse response, int[] extra,
      Span batch) {
    BatchRouting.Routed routed = BatchRouting.route(key, group, response);
    if (routed.rejected() == null) {
      complete(routed.answers());
      return Uni.createFrom().voidItem();
    }
    JsonObject error = BatchRouting.json(response);
    List<PendingInput> pointed = error == null ? List.of() : BatchRouting.pointedAt(error, group);
    if (!pointed.isEmpty() && pointed.size() < group.size()) {
      List<PendingInput> rest = new ArrayList<>(group);
      rest.removeAll(pointed);
      Log.debugf("Portal %d: HubSpot rejected a batch of %d (%d); the error names %d input(s), resending the rest",
          key.portalId(), group.size(), response.status(), pointed.size());
      return settle(key, rest, extra, "rest", batch)
          .flatMap(ignored -> pointed.size() == 1
              ? answerAlone(key, pointed.get(0), response)
              : settle(key, pointed, extra, "named", batch));
    }
    int half = group.size() / 2;
    List<PendingInput> left = List.copyOf(group.subList(0, half));
    List<PendingInput> right = List.copyOf(group.subList(half, group.size()));
    Log.debugf("Portal %d: HubSpot rejected a batch of %d (%d) without naming an input; bisecting", key.portalId(),
        group.size(), response.status());
    return settle(key, left, extra, "bisection", batch)
        .flatMap(ignored -> settle(key, right, extra, "bisection", batch));
  }

  /** A caller the rejection names is answered with it, as HubSpot's single endpoint would have rejected it. */
  private static Uni<Void> answerAlone(BatchKey key, PendingInput p, HubSpotResponse response) {
    complete(BatchRouting.route(key, List.of(p), response).answers());
    return Uni.createFrom().voidItem();
  }

  private static void complete(Map<PendingInput, Object> answers) {
    answers.forEach((p, answer) -> {
      if (answer instanceof SingleAnswer single) {
        p.answer(single);
      } else {
        p.fail((Throwable) answer);
      }
    });
  }
}
