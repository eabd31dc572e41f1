package io.hubgate.webhook;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.hubgate.config.HubgateConfig;
import io.hubgate.dedup.Claim;
import io.hubgate.dedup.DedupStore;
import io.hubgate.events.EventPublisher;
import io.hubgate.events.HubSpotEvent;
import io.hubgate.tracing.Spans;
import io.hubgate.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Receives one delivery: verify the signature, parse, claim each event in the dedup store, publish the new ones, then
 * confirm what was published and release what was not. It answers success only when every event of the delivery is
 * published (now or earlier); otherwise 503, so that HubSpot retries and nothing is lost, and no marker is left for an
 * event that was not published. A send still unanswered at the publish timeout keeps its claim (HubSpot's retry meets
 * an in-flight twin) until its own outcome confirms or releases it. Non-blocking throughout.
 * <p>
 * Traced under the request's server span: {@code webhook verify} (the verdict, never the signature),
 * {@code webhook dedup claim} (how many events were new, duplicates, in flight), and a {@code publish hubspot-events}
 * producer span per new event ({@link EventPublisher}), whose context the published CloudEvent carries.
 */
@ApplicationScoped
@Startup // built at start: built by the first delivery, it blocked both event loops for seconds on a busy machine
class WebhookReceiver {

  private final SignatureVerifier verifier;
  private final WebhookBatchParser parser = new WebhookBatchParser();
  private final DedupStore dedup;
  private final EventPublisher publisher;
  private final WebhookMetrics metrics;
  private final HubgateConfig.Webhook config;
  private final Tracer tracer;

  static final AttributeKey<String> VERDICT = AttributeKey.stringKey("hubgate.webhook.signature_verdict");
  static final AttributeKey<String> VERSION = AttributeKey.stringKey("hubgate.webhook.signature_version");
  static final AttributeKey<Long> BODY_BYTES = AttributeKey.longKey("hubgate.webhook.body_bytes");
  static final AttributeKey<Long> EVENTS = AttributeKey.longKey("hubgate.webhook.events");
  static final AttributeKey<Long> NEW = AttributeKey.longKey("hubgate.dedup.new");
  static final AttributeKey<Long> DUPLICATE = AttributeKey.longKey("hubgate.dedup.duplicate");
  static final AttributeKey<Long> IN_FLIGHT = AttributeKey.longKey("hubgate.dedup.in_flight");

  WebhookReceiver(HubgateConfig config, DedupStore dedup, EventPublisher publisher, WebhookMetrics metrics, Clock clock,
      Tracing tracing) {
    this.tracer = tracing.tracer();
    this.config = config.webhook();
    List<String> secrets = this.config.clientSecrets().orElse(List.of()).stream()
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (secrets.isEmpty()) {
      Log.warn("hubgate.webhook.client-secrets is not set: every webhook delivery will be refused with 401");
    }
    this.verifier = new SignatureVerifier(secrets, this.config.minSignatureVersion(), this.config.maxTimestampAge(),
        clock);
    this.dedup = dedup;
    this.publisher = publisher;
    this.metrics = metrics;
  }

  Uni<WebhookReceipt> receive(SignedRequest request) {
    // the delivery's context (its server span), captured before any hand-off: the claim and publishes are its children
    io.opentelemetry.context.Context delivery = io.opentelemetry.context.Context.current();
    try {
      if (request.body().length > config.maxBodyBytes()) {
        throw WebhookProblems.tooLarge(config.maxBodyBytes());
      }
      checkSignature(request, delivery);
      List<HubSpotEvent> events = parser.parse(request.body());
      return deduplicateAndPublish(events, delivery);
    } catch (WebhookProblems.Refused refused) {
      Log.debugf("Refused a webhook delivery: %s (%s)", refused.outcome(), refused.getMessage());
      metrics.request(refused.outcome());
      return Uni.createFrom().failure(refused);
    }
  }

  private void checkSignature(SignedRequest request, io.opentelemetry.context.Context delivery) {
    Span span = tracer.spanBuilder("webhook verify").setParent(delivery).startSpan();
    var result = verifier.verify(request);
    if (span.isRecording()) {
      span.setAttribute(VERDICT, result.verdict().name());
      span.setAttribute(BODY_BYTES, (long) request.body().length);
      if (result.version() != null) {
        span.setAttribute(VERSION, result.version().name());
      }
      if (result.verdict() != SignatureVerifier.Verdict.VALID) {
        span.setStatus(StatusCode.ERROR);
      }
    }
    span.end();
    switch (result.verdict()) {
      case VALID -> {
      }
      case STALE -> throw WebhookProblems.stale();
      case MISSING -> throw WebhookProblems.badSignature("The request carries no HubSpot signature.");
      case VERSION_TOO_OLD -> throw WebhookProblems.badSignature(
          "Signature version " + result.version().name().toLowerCase() + " is below the accepted minimum.");
      default -> throw WebhookProblems.badSignature("The HubSpot signature does not match.");
    }
  }

  private Uni<WebhookReceipt> deduplicateAndPublish(List<HubSpotEvent> events,
      io.opentelemetry.context.Context delivery) {
    // the same event twice in one delivery is published once
    Map<String, Identified> byKey = new LinkedHashMap<>();
    for (HubSpotEvent event : events) {
      String id = EventIdentity.hash(event);
      String key = EventIdentity.key(config.dedup().keyPrefix(), event, id);
      byKey.putIfAbsent(key, new Identified(event, id));
    }
    List<String> keys = new ArrayList<>(byKey.keySet());
    List<Identified> unique = new ArrayList<>(byKey.values());
    String token = "claim:" + UUID.randomUUID();
    Span span = tracer.spanBuilder("webhook dedup claim").setParent(delivery).startSpan();
    Uni<List<Claim>> claimed = dedup.claim(keys, token);
    if (span.isRecording()) {
      span.setAttribute(EVENTS, (long) events.size());
      claimed = claimed.invoke(claims -> {
        span.setAttribute(NEW, claims.stream().filter(c -> c == Claim.NEW).count());
        span.setAttribute(DUPLICATE, claims.stream().filter(c -> c == Claim.DUPLICATE).count());
        span.setAttribute(IN_FLIGHT, claims.stream().filter(c -> c == Claim.IN_FLIGHT).count());
      });
    }
    return Spans.endWith(span, claimed)
        .onFailure().transform(e -> {
          Log.warnf("Dedup store unavailable (%s): answering 503 so that HubSpot retries", e.toString());
          metrics.request("publish_failed");
          return WebhookProblems.publishFailed("The deduplication store is unavailable; HubSpot will retry.");
        })
        .chain(claims -> publishClaimed(events.size(), keys, unique, claims, token, delivery));
  }

  /** An event of the delivery and its identity (the CloudEvent id). */
  private record Identified(HubSpotEvent event, String id) {
  }

  /** What became of a claimed event's send; {@code null} while the connector has not answered. */
  private enum Outcome {
    PUBLISHED, FAILED,
    /** The delivery was answered (503) before the connector: the send's own outcome settles its claim later. */
    ANSWERED_BEFORE
  }

  private Uni<WebhookReceipt> publishClaimed(int received, List<String> keys, List<Identified> events,
      List<Claim> claims, String token, io.opentelemetry.context.Context delivery) {
    var outcomes = new AtomicReferenceArray<Outcome>(keys.size());
    List<Integer> claimed = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (claims.get(i) == Claim.NEW) {
        claimed.add(i);
      }
    }
    Context context = Vertx.currentContext();
    Uni<Void> published = claimed.isEmpty()
        ? Uni.createFrom().voidItem()
        : Uni.createFrom().<Void>emitter(allAnswered -> {
              var unanswered = new AtomicInteger(claimed.size());
              for (int index : claimed) {
                Identified event = events.get(index);
                // subscribed on its own: the publish timeout below must not cancel the only observer of a late outcome
                publisher.publish(event.event(), event.id(), delivery).subscribe().with(
                    ok -> answered(index, Outcome.PUBLISHED, null, outcomes, keys, token, unanswered, allAnswered),
                    failure -> answered(index, Outcome.FAILED, failure, outcomes, keys, token, unanswered, allAnswered));
              }
            })
            .ifNoItem().after(config.publishTimeout()).recoverWithItem(() -> null)
            .chain(() -> resumeOn(context));
    return published.chain(() -> settle(received, keys, claims, outcomes, token));
  }

  private void answered(int index, Outcome outcome, Throwable failure, AtomicReferenceArray<Outcome> outcomes,
      List<String> keys, String token, AtomicInteger unanswered, UniEmitter<? super Void> allAnswered) {
    if (failure != null) {
      Log.debugf("Event not published: %s", failure.toString());
    }
    if (outcomes.compareAndSet(index, null, outcome)) {
      if (unanswered.decrementAndGet() == 0) {
        allAnswered.complete(null);
      }
      return;
    }
    // the delivery was answered 503 without this send: its claim is still held (the claim TTL outlives the producer's
    // verdict, see DeliveryTimeouts), so settle it now; a published event confirmed here is a duplicate for HubSpot's retry
    String key = keys.get(index);
    if (outcome == Outcome.PUBLISHED) {
      metrics.events("published_late", 1);
      Log.infof("An event was acknowledged after its delivery was answered 503: remembered as published");
      dedup.confirm(List.of(key)).subscribe().with(ignored -> {
      }, e -> Log.warnf("Could not confirm a late-published event: %s", e.toString()));
    } else {
      dedup.release(List.of(key), token).subscribe().with(ignored -> {
      }, e -> Log.warnf("Could not release a claim: %s", e.toString()));
    }
  }

  /**
   * Continues on the delivery's own event loop when the connector acknowledged on another thread (Kafka's network
   * thread): the bookkeeping then joins that loop's Redis batch and the answer is written without another hand-off.
   */
  private static Uni<Void> resumeOn(Context context) {
    if (context == null || Vertx.currentContext() == context) {
      return Uni.createFrom().voidItem();
    }
    return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored -> emitter.complete(null)));
  }

  private Uni<WebhookReceipt> settle(int received, List<String> keys, List<Claim> claims,
      AtomicReferenceArray<Outcome> outcomes, String token) {
    List<String> done = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    int unanswered = 0;
    int duplicates = 0;
    int inFlight = 0;
    for (int i = 0; i < keys.size(); i++) {
      switch (claims.get(i)) {
        case NEW -> {
          if (outcomes.compareAndSet(i, null, Outcome.ANSWERED_BEFORE)) {
            unanswered++;
          } else {
            (outcomes.get(i) == Outcome.PUBLISHED ? done : failed).add(keys.get(i));
          }
        }
        case DUPLICATE -> duplicates++;
        case IN_FLIGHT -> inFlight++;
      }
    }
    // redeliveries seen now, plus copies of an event within this delivery
    int duplicatesInReceipt = duplicates + (received - keys.size());
    metrics.events("published", done.size());
    metrics.events("duplicate", duplicatesInReceipt);
    metrics.events("in_flight", inFlight);
    metrics.events("not_published", failed.size() + unanswered);
    Uni<Void> bookkeeping = Uni.combine().all()
        .unis(dedup.confirm(done).onFailure().invoke(e -> Log.warnf("Could not confirm %d published events: %s", done.size(), e)),
            dedup.release(failed, token).onFailure().invoke(e -> Log.warnf("Could not release %d claims: %s", failed.size(), e)))
        .discardItems()
        .onFailure().recoverWithNull();
    int busy = inFlight;
    int notPublished = failed.size() + unanswered;
    return bookkeeping.map(ignored -> {
      if (notPublished > 0 || busy > 0) {
        metrics.request("publish_failed");
        throw WebhookProblems.publishFailed(notPublished == 0
            ? busy + " event(s) are being published by another delivery; HubSpot will retry."
            : notPublished + " event(s) could not be published in time; HubSpot will retry.");
      }
      metrics.request("accepted");
      return new WebhookReceipt(received, done.size(), duplicatesInReceipt);
    });
  }
}
