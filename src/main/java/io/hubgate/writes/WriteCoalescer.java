package io.hubgate.writes;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

import io.hubgate.hubspot.HubSpotBatchClient;
import io.hubgate.portals.ConfiguredPortalBudgets;
import io.hubgate.ratelimit.PortalBudgets;
import io.hubgate.tracing.Spans;
import io.hubgate.tracing.Tracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
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
  private final BatchTracing tracing;

  @Inject
  WriteCoalescer(HubSpotBatchClient client, ConfiguredPortalBudgets budgets, CoalescingConfig config,
      MeterRegistry registry, Tracing traces) {
    this(budgets, CoalescingSettings.of(config), (key, body, trace) -> client.send(trace, key.portalId(), key.lane(),
        key.operation(), key.apiVersion(), key.objectType(), key.toObjectType(), body), new MicrometerListener(registry),
        traces.tracer());
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
  }

  /**
   * One single-record call: {@code input} as HubSpot's batch endpoint for {@code key} takes one input (see
   * {@link PendingInput#of}). The answer is what the single endpoint would have answered, or a problem.
   */
  public Uni<SingleAnswer> submit(BatchKey key, JsonObject input) {
    return portal(key.portalId()).submit(key, input);
  }

  /**
   * A caller's own batch request ({@link CallerBatch}): its inputs queued together and carried in shared batches, each
   * settled on its own, in the order given.
   */
  Uni<List<CallerBatch.Settled>> submitAll(BatchKey key, List<JsonObject> inputs) {
    return portal(key.portalId()).submitAll(key, inputs);
  }

  /** Sends everything queued now, without waiting for the linger. */
  public void flush() {
    portals.values().forEach(PortalCoalescer::flush);
  }

  /** Stops intake, sends what is queued within the grace period; what is left gets 503. */
  public Uni<Void> shutdown() {
    List<Uni<Void>> all = portals.values().stream().map(p -> p.shutdown(settings.shutdownGrace())).toList();
    return all.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(all).andCollectFailures().replaceWithVoid();
  }

  void onStop(@Observes ShutdownEvent stop) {
    // runs on the main thread at shutdown: waiting here is what lets queued inputs leave before the process ends
    shutdown().await().atMost(settings.shutdownGrace().plusSeconds(1));
  }

  private PortalCoalescer portal(long portalId) {
    return portals.computeIfAbsent(portalId, id -> {
      var coalescer = new PortalCoalescer(id, budgets.forPortal(Long.toString(id)), settings, sender, listener,
          PortalCoalescer.Timer.MUTINY, System::nanoTime, tracing);
      listener.portalStarted(id, coalescer::queued);
      return coalescer;
    });
  }

  /**
   * {@code hubgate_coalescing_batch_inputs} (inputs per batch request), {@code hubgate_coalescing_isolation_requests_total},
   * {@code hubgate_coalescing_rejected_total} (queue full), {@code hubgate_coalescing_queued{portal}} (inputs waiting).
   */
  static final class MicrometerListener implements CoalescerListener {

    private final MeterRegistry registry;
    private final Counter isolation;
    private final Counter rejected;

    MicrometerListener(MeterRegistry registry) {
      this.registry = registry;
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
      registry.summary("hubgate.coalescing.batch.inputs").record(inputs);
    }

    @Override
    public void portalStarted(long portalId, IntSupplier depth) {
      Gauge.builder("hubgate.coalescing.queued", depth, IntSupplier::getAsInt)
          .description("Inputs waiting in the portal's coalescing queue")
          .tag("portal", Long.toString(portalId))
          .strongReference(true)
          .register(registry);
    }

    @Override
    public void rejected(long portalId) {
      rejected.increment();
    }
  }
}
