package io.hubgate.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HubSpot's webhook sender (HUBSPOT.md §2): POSTs JSON arrays of at most 100 signed events to a target URL,
 * at most 10 in flight per portal, and retries a failed request (connection failure, no answer within 5 s,
 * any 4xx or 5xx) up to 10 times with increasing, randomised delays spread over about a day, on a
 * compressible time scale. {@code attemptNumber} grows with each attempt.
 */
public final class Webhooks {

  /** HubSpot's exact schedule is unpublished; this one grows and spans about 22 hours, as documented. */
  static final List<Duration> RETRY_DELAYS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2),
      Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1),
      Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(6), Duration.ofHours(8));

  private final Vertx vertx;
  private final HttpClient client;
  private final Map<Long, InFlightLimiter> inFlight = new ConcurrentHashMap<>();
  private volatile WebhookOptions defaults;

  Webhooks(Vertx vertx, long seed) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTrustAll(true)
        .setVerifyHost(false), new PoolOptions().setHttp1MaxSize(64));
    this.defaults = WebhookOptions.defaults().withSeed(seed);
  }

  /** Options for later {@code deliver} calls that do not pass their own. */
  public Webhooks defaults(WebhookOptions options) {
    this.defaults = options;
    return this;
  }

  public CompletableFuture<DeliveryReport> deliver(String targetUrl, List<WebhookEvent> events, SignatureMode mode,
      String clientSecret) {
    return deliver(targetUrl, events, mode, clientSecret, defaults);
  }

  /** Delivers the events, grouped by portal; completes when every batch was delivered or given up. */
  public CompletableFuture<DeliveryReport> deliver(String targetUrl, List<WebhookEvent> events, SignatureMode mode,
      String clientSecret, WebhookOptions options) {
    Random random = new Random(options.seed());
    List<WebhookEvent> ordered = new ArrayList<>(events);
    if (options.shuffleEvents()) {
      Collections.shuffle(ordered, random);
    }
    Map<Long, List<WebhookEvent>> byPortal = new LinkedHashMap<>();
    ordered.forEach(e -> byPortal.computeIfAbsent(e.portalId(), id -> new ArrayList<>()).add(e));
    List<List<WebhookEvent>> batches = new ArrayList<>();
    byPortal.values().forEach(portalEvents -> batches.addAll(split(portalEvents, options, random)));
    List<DeliveryReport.Batch> finished = new CopyOnWriteArrayList<>();
    CompletableFuture<DeliveryReport> done = new CompletableFuture<>();
    if (batches.isEmpty()) {
      done.complete(new DeliveryReport(List.of()));
      return done;
    }
    AtomicInteger pending = new AtomicInteger(batches.size());
    for (List<WebhookEvent> batch : batches) {
      boolean duplicate = random.nextDouble() < options.duplicateShare();
      if (duplicate) {
        pending.incrementAndGet();
      }
      Runnable onFinished = () -> {
        if (pending.decrementAndGet() == 0) {
          done.complete(new DeliveryReport(List.copyOf(finished)));
        }
      };
      Delivery delivery = new Delivery(targetUrl, batch, mode, clientSecret, options, new Random(random.nextLong()),
          finished, onFinished, false);
      delivery.attempt(0);
      if (duplicate) {
        new Delivery(targetUrl, batch, mode, clientSecret, options, new Random(random.nextLong()), finished,
            onFinished, true).attempt(0);
      }
    }
    return done;
  }

  /** The most requests that were in flight at once to one portal's target. */
  public int peakInFlight(long portalId) {
    InFlightLimiter limiter = inFlight.get(portalId);
    return limiter == null ? 0 : limiter.peak();
  }

  private static List<List<WebhookEvent>> split(List<WebhookEvent> events, WebhookOptions options, Random random) {
    List<List<WebhookEvent>> out = new ArrayList<>();
    int i = 0;
    while (i < events.size()) {
      int size = options.splitBatches() ? 1 + random.nextInt(options.batchSize()) : options.batchSize();
      out.add(List.copyOf(events.subList(i, Math.min(events.size(), i + size))));
      i += size;
    }
    return out;
  }

  /** The delay before retry {@code n} (1-based): the schedule's step, ±20 %, scaled. */
  static long retryDelayMillis(int retry, WebhookOptions options, Random random) {
    Duration base = RETRY_DELAYS.get(Math.min(retry, RETRY_DELAYS.size()) - 1);
    double jitter = 0.8 + 0.4 * random.nextDouble();
    return Math.max(1, Math.round(base.toMillis() * jitter * options.timeScale()));
  }

  /** The simulator closes its sender; a test never needs to. */
  void close() {
    client.close();
  }

  /** One batch being delivered, attempt after attempt. */
  private final class Delivery {
    private final String targetUrl;
    private final List<WebhookEvent> events;
    private final SignatureMode mode;
    private final String secret;
    private final WebhookOptions options;
    private final Random random;
    private final List<DeliveryReport.Batch> finished;
    private final Runnable onFinished;
    private final boolean duplicate;
    private final List<DeliveryReport.Attempt> attempts = new CopyOnWriteArrayList<>();
    private final long portalId;

    Delivery(String targetUrl, List<WebhookEvent> events, SignatureMode mode, String secret, WebhookOptions options,
        Random random, List<DeliveryReport.Batch> finished, Runnable onFinished, boolean duplicate) {
      this.targetUrl = targetUrl;
      this.events = events;
      this.mode = mode;
      this.secret = secret;
      this.options = options;
      this.random = random;
      this.finished = finished;
      this.onFinished = onFinished;
      this.duplicate = duplicate;
      this.portalId = events.get(0).portalId();
    }

    void attempt(int attemptNumber) {
      InFlightLimiter limiter = inFlight.computeIfAbsent(portalId,
          id -> new InFlightLimiter(options.maxInFlightPerPortal()));
      limiter.submit(() -> send(attemptNumber, limiter));
    }

    private void send(int attemptNumber, InFlightLimiter limiter) {
      JsonArray body = new JsonArray();
      events.forEach(e -> body.add(e.toJson(attemptNumber)));
      String signedBody = body.encode();
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(targetUrl)
          .setIdleTimeout(options.responseTimeout().toMillis())
          .putHeader("Content-Type", "application/json")
          .putHeader("User-Agent", "HubSpot Connect 2.0 (http://dev.hubspot.com/) (simulator)");
      sign(request, signedBody);
      String sentBody = options.tamper() == WebhookOptions.Tamper.TAMPERED_BODY
          ? signedBody.replaceFirst("\"objectId\":", "\"objectId\":1") : signedBody;
      Instant at = Instant.now();
      client.request(request)
          .compose(req -> req.send(Buffer.buffer(sentBody.getBytes(StandardCharsets.UTF_8))))
          .compose(response -> response.body().map(ignored -> response.statusCode()))
          .onComplete(result -> {
            limiter.release();
            if (result.succeeded()) {
              attempts.add(new DeliveryReport.Attempt(attemptNumber, at, result.result(), null));
            } else {
              attempts.add(new DeliveryReport.Attempt(attemptNumber, at, 0, String.valueOf(result.cause())));
            }
            afterAttempt(attemptNumber, result.succeeded() && result.result() >= 200 && result.result() < 300);
          });
    }

    private void sign(RequestOptions request, String body) {
      String secretUsed = options.tamper() == WebhookOptions.Tamper.WRONG_SECRET ? secret + "-wrong" : secret;
      long now = System.currentTimeMillis();
      String timestamp = Long.toString(options.tamper() == WebhookOptions.Tamper.STALE_TIMESTAMP
          ? now - Duration.ofMinutes(6).toMillis() : now);
      switch (mode) {
        case V1 -> request.putHeader("X-HubSpot-Signature", WebhookSigner.v1(secretUsed, body))
            .putHeader("X-HubSpot-Signature-Version", "v1");
        case V2 -> request.putHeader("X-HubSpot-Signature", WebhookSigner.v2(secretUsed, "POST", targetUrl, body))
            .putHeader("X-HubSpot-Signature-Version", "v2");
        case V3 -> request.putHeader("X-HubSpot-Signature", WebhookSigner.v1(secretUsed, body))
            .putHeader("X-HubSpot-Signature-Version", "v1")
            .putHeader("X-HubSpot-Signature-v3", WebhookSigner.v3(secretUsed, "POST", targetUrl, body, timestamp))
            .putHeader("X-HubSpot-Request-Timestamp", timestamp);
        default -> throw new IllegalStateException();
      }
    }

    private void afterAttempt(int attemptNumber, boolean delivered) {
      if (delivered || attemptNumber >= options.maxRetries()) {
        finished.add(new DeliveryReport.Batch(portalId, events.stream().map(WebhookEvent::eventId).toList(),
            List.copyOf(attempts), delivered, duplicate));
        onFinished.run();
        return;
      }
      int next = attemptNumber + 1;
      vertx.setTimer(retryDelayMillis(next, options, random), id -> attempt(next));
    }
  }
}
