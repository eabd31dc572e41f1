package io.hubgate.writes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

import org.eclipse.microprofile.config.ConfigProvider;

import io.hubgate.hubspot.HubSpotBatchClient;
import io.hubgate.portals.ConfiguredPortalBudgets;
import io.hubgate.ratelimit.PortalBudgets;
import io.hubgate.tracing.Spans;
import io.hubgate.tracing.Tracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The feature's facade: single-record HubSpot calls in, batches of up to 100 out, each caller answered as HubSpot's
 * single endpoint would have (contract: {@code docs/coalescing.md}). One {@link PortalCoalescer} per portal; batches go
 * through {@link HubSpotBatchClient}, so under the same limiter and retry policy as the pass-through. Interactive
 * callers use {@link io.hubgate.ratelimit.Lane#INTERACTIVE} keys, messaging input {@link io.hubgate.ratelimit.Lane#BULK}.
 */
@ApplicationScoped
public class WriteCoalescer {

  private final Map<Long, PortalCoalescer> portals = new ConcurrentHashMap<>();
  private final PortalBudgets budgets;
  private final CoalescingSettings settings;
  private final BatchSender sender;
  private final CoalescerListener listener;
  /** Set when shutdown begins: no new input is taken (a portal's first one included). */
  private volatile boolean stopping;
  private Uni<Void> stopped; // guarded by this
  private final BatchTracing tracing;

  @Inject
  WriteCoalescer(HubSpotBatchClient client, ConfiguredPortalBudgets budgets, CoalescingConfig config,
      MeterRegistry registry, Tracing traces) {
    this(budgets, CoalescingSettings.of(config), (key, body, watch, trace) -> client.send(trace, key.portalId(),
        key.lane(), key.operation(), key.apiVersion(), key.objectType(), key.toObjectType(), body, watch::mayWrite,
        watch::notActedOn),
        new MicrometerListener(registry, config.queueCapacity()), traces.tracer());
  }

  WriteCoalescer(PortalBudgets budgets, CoalescingSettings settings, BatchSender sender, CoalescerListener listener) {
    this(budgets, settings, sender, listener, Spans.noop());
  }

  WriteCoalescer(PortalBudgets budgets, CoalescingSettings settings, BatchSender sender, CoalescerListener listener,
      Tracer tracer) {
    this.budgets = budgets;
    this.settings = settings;
    this.sender = sender;
    this.listener = listener;
    this.tracing = new BatchTracing(tracer);
  }

  void validate(@Observes StartupEvent start) {
    if (settings.maxLinger().compareTo(settings.linger()) < 0) {
      throw new IllegalStateException("hubgate.coalescing.max-linger (" + settings.maxLinger()
          + ") must be at least hubgate.coalescing.linger (" + settings.linger() + ")");
    }
    if (settings.callerTimeout().compareTo(settings.maxLinger()) <= 0) {
      throw new IllegalStateException("hubgate.coalescing.caller-timeout (" + settings.callerTimeout()
          + ") must exceed hubgate.coalescing.max-linger (" + settings.maxLinger() + ")");
    }
    // the HTTP server waits this long for its requests at shutdown: the coalescer's callers must be answered before
    ConfigProvider.getConfig().getOptionalValue("quarkus.shutdown.timeout", Duration.class)
        .filter(timeout -> timeout.compareTo(settings.shutdownGrace()) <= 0)
        .ifPresent(timeout -> {
          throw new IllegalStateException("quarkus.shutdown.timeout (" + timeout + ") must exceed "
              + "hubgate.coalescing.shutdown-grace (" + settings.shutdownGrace() + ")");
        });
  }

  /**
   * One single-record call: {@code input} as HubSpot's batch endpoint for {@code key} takes one input (see
   * {@link PendingInput#of}). The answer is what the single endpoint would have answered, or a problem.
   */
  public Uni<SingleAnswer> submit(BatchKey key, JsonObject input) {
    return Uni.createFrom().deferred(() -> submit(key, input, Context.current()));
  }

  /**
   * As above, the caller's span a child of {@code caller} rather than of the context current when subscribed: a write
   * message's processing span, whose work resumes on whichever thread answered it (a Redis reply) and there finds no
   * context of its own.
   */
  public Uni<SingleAnswer> submit(BatchKey key, JsonObject input, Context caller) {
    return Uni.createFrom().deferred(() -> stopping
        ? Uni.createFrom().failure(CoalescingProblems.shuttingDown(key.portalId()))
        : portal(key.portalId()).submit(key, input, caller));
  }

  /**
   * A caller's own batch request ({@link CallerBatch}): its inputs queued together and carried in shared batches, each
   * settled on its own, in the order given.
   */
  Uni<List<CallerBatch.Settled>> submitAll(BatchKey key, List<JsonObject> inputs) {
    return Uni.createFrom().deferred(() -> stopping
        ? Uni.createFrom().failure(CoalescingProblems.shuttingDown(key.portalId()))
        : portal(key.portalId()).submitAll(key, inputs));
  }

  /** Sends everything queued now, without waiting for the linger. */
  public void flush() {
    portals.values().forEach(PortalCoalescer::flush);
  }

  /**
   * Stops intake (503 {@code shutting-down}) and sends what is queued within the grace period; then every caller still
   * waiting is answered: 503 if its input was never written to HubSpot, 504 {@code outcome-unknown} if it was. The
   * {@code Uni} completes when every caller has its answer; the work runs whether or not it is subscribed. Idempotent.
   */
  public synchronized Uni<Void> shutdown() {
    if (stopped == null) {
      stopping = true;
      List<Uni<Void>> all = portals.values().stream().map(p -> p.shutdown(settings.shutdownGrace())).toList();
      stopped = all.isEmpty() ? Uni.createFrom().voidItem()
          : Uni.join().all(all).andCollectFailures().replaceWithVoid().memoize().indefinitely();
    }
    return stopped;
  }

  /** Whether intake has stopped (readiness is DOWN from then on). */
  public boolean stopping() {
    return stopping;
  }

  void onShutdownStarts(@Observes ShutdownDelayInitiatedEvent start) {
    // SIGTERM, before the HTTP server stops (quarkus.shutdown.delay-enabled): readiness turns DOWN at the same moment,
    // and the server then waits for its requests (quarkus.shutdown.timeout) while the grace runs, so that every caller
    // waiting here is answered on its open connection
    shutdown();
  }

  void onStop(@Observes ShutdownEvent stop) {
    // the last moment before the process ends (and a stop where the delay event did not come): wait for the answers
    shutdown().await().atMost(settings.shutdownGrace().plusSeconds(1));
  }

  /** Inputs a portal's queue holds at most ({@code hubgate.coalescing.queue-capacity}). */
  public int queueCapacity() {
    return settings.queueCapacity();
  }

  /** For the console: per portal, the inputs waiting per object type and operation. */
  public Map<Long, Map<String, Integer>> queuedByOperation() {
    Map<Long, Map<String, Integer>> out = new TreeMap<>();
    portals.forEach((id, portal) -> out.put(id, portal.queuedByOperation()));
    return out;
  }

  private PortalCoalescer portal(long portalId) {
    PortalCoalescer portal = portals.computeIfAbsent(portalId, id -> {
      var coalescer = new PortalCoalescer(id, budgets.forPortal(Long.toString(id)), settings, sender, listener,
          PortalCoalescer.Timer.MUTINY, System::nanoTime, tracing);
      listener.portalStarted(id, coalescer::queued);
      return coalescer;
    });
    if (stopping) {
      portal.shutdown(settings.shutdownGrace()); // added while shutdown() went through the portals: closed here
    }
    return portal;
  }

  /**
   * {@code hubgate_coalescing_batch_inputs} (inputs per batch request, a histogram), {@code
   * hubgate_coalescing_isolation_requests_total}, {@code hubgate_coalescing_rejected_total} (queue full), {@code
   * hubgate_coalescing_queued{portal}} (inputs waiting) beside {@code hubgate_coalescing_queue_capacity{portal}}.
   */
  static final class MicrometerListener implements CoalescerListener {

    private final MeterRegistry registry;
    private final int queueCapacity;
    private final Counter isolation;
    private final Counter rejected;
    private final DistributionSummary batchInputs;

    MicrometerListener(MeterRegistry registry, int queueCapacity) {
      this.registry = registry;
      this.queueCapacity = queueCapacity;
      // buckets, so that the dashboard can show the distribution (histogram_quantile) and not only the mean
      this.batchInputs = DistributionSummary.builder("hubgate.coalescing.batch.inputs")
          .description("Inputs per batch request sent to HubSpot")
          .serviceLevelObjectives(1, 2, 5, 10, 25, 50, 75, 90, 99, 100)
          .register(registry);
      this.isolation = Counter.builder("hubgate.coalescing.isolation.requests")
          .description("Extra batch requests sent to single out an input HubSpot rejected a whole batch for")
          .register(registry);
      this.rejected = Counter.builder("hubgate.coalescing.rejected")
          .description("Inputs refused because the portal's queue was full").register(registry);
    }

    @Override
    public void batchSent(long portalId, int inputs, boolean isolationRequest) {
      if (isolationRequest) {
        isolation.increment();
      }
      batchInputs.record(inputs);
    }

    @Override
    public void portalStarted(long portalId, IntSupplier depth) {
      Gauge.builder("hubgate.coalescing.queued", depth, IntSupplier::getAsInt)
          .description("Inputs waiting in the portal's coalescing queue")
          .tag("portal", Long.toString(portalId))
          .strongReference(true)
          .register(registry);
      // the same labels as the depth, so that depth / capacity needs no matching clause (the near-full alert)
      Gauge.builder("hubgate.coalescing.queue.capacity", () -> queueCapacity)
          .description("Inputs the portal's coalescing queue holds before it refuses callers")
          .tag("portal", Long.toString(portalId))
          .register(registry);
    }

    @Override
    public void rejected(long portalId) {
      rejected.increment();
    }
  }
}
