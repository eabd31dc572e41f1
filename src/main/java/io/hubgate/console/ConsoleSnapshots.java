package io.hubgate.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.hubgate.config.HubgateConfig;
import io.hubgate.console.ConsoleSnapshot.Bucket;
import io.hubgate.console.ConsoleSnapshot.CoalescingView;
import io.hubgate.console.ConsoleSnapshot.PortalView;
import io.hubgate.console.ConsoleSnapshot.WebhookView;
import io.hubgate.events.RecentEvents;
import io.hubgate.portals.ConfiguredPortalBudgets;
import io.hubgate.portals.PortalAppIds;
import io.hubgate.ratelimit.BudgetUse;
import io.hubgate.ratelimit.PortalBudget;
import io.hubgate.ratelimit.RateLimiter;
import io.hubgate.writes.WriteCoalescer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.search.Search;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads one {@link ConsoleSnapshot}: this replica's meters (the same series Prometheus scrapes, so the console and the
 * dashboard never disagree), the limiter's shared view of each portal's window and day (one Redis call per portal),
 * the coalescer's queues and the last events. Never a token, a header or a record body.
 */
@ApplicationScoped
class ConsoleSnapshots {

  /** A portal whose limiter state cannot be read in this time is shown without it. */
  private static final Duration USAGE_TIMEOUT = Duration.ofSeconds(1);

  private final MeterRegistry registry;
  private final RateLimiter limiter;
  private final PortalAppIds appIds;
  private final ConfiguredPortalBudgets budgets;
  private final WriteCoalescer coalescer;
  private final RecentEvents recent;
  private final HubgateConfig config;
  private final ConsoleConfig console;

  ConsoleSnapshots(MeterRegistry registry, RateLimiter limiter, PortalAppIds appIds, ConfiguredPortalBudgets budgets,
      WriteCoalescer coalescer, RecentEvents recent, HubgateConfig config, ConsoleConfig console) {
    this.registry = registry;
    this.limiter = limiter;
    this.appIds = appIds;
    this.budgets = budgets;
    this.coalescer = coalescer;
    this.recent = recent;
    this.config = config;
    this.console = console;
  }

  Uni<ConsoleSnapshot> read() {
    Map<Long, Map<String, Integer>> queues = coalescer.queuedByOperation();
    List<Uni<PortalView>> portals = portalIds(queues.keySet()).stream()
        .map(id -> portal(id, queues.getOrDefault(id, Map.of())))
        .toList();
    Uni<List<PortalView>> views = portals.isEmpty()
        ? Uni.createFrom().item(List.of())
        : Uni.join().all(portals).andFailFast();
    return views.map(list -> new ConsoleSnapshot(System.currentTimeMillis(), limiter.mode().name(), list,
        coalescing(), webhooks()));
  }

  /** Configured portals first, then those the limiter or the coalescer met (OAuth installs), numeric ids only. */
  private List<Long> portalIds(Collection<Long> coalesced) {
    Set<Long> ids = new LinkedHashSet<>();
    config.portals().keySet().forEach(id -> addNumeric(ids, id));
    registry.find("hubgate.ratelimit.budget.burst").gauges()
        .forEach(g -> addNumeric(ids, g.getId().getTag("portal")));
    ids.addAll(coalesced);
    return ids.stream().limit(console.maxPortals()).toList();
  }

  private static void addNumeric(Set<Long> ids, String id) {
    if (id != null && !id.isEmpty() && id.chars().allMatch(Character::isDigit) && id.length() < 19) {
      ids.add(Long.parseLong(id));
    }
  }

  private Uni<PortalView> portal(long portalId, Map<String, Integer> queued) {
    String portal = Long.toString(portalId);
    PortalBudget budget = budgets.forPortal(portal);
    return appIds.appId(portalId)
        .flatMap(app -> limiter.usage(portal, app))
        .ifNoItem().after(USAGE_TIMEOUT).fail()
        .onFailure().recoverWithNull()
        .map(use -> view(portal, budget, use, queued));
  }

  private PortalView view(String portal, PortalBudget budget, BudgetUse use, Map<String, Integer> queued) {
    return new PortalView(portal, budget.burstLimit(), budget.window().toMillis() / 1000.0,
        Math.max(0, budget.dailyLimit()),
        use == null ? null : use.inWindow(), use == null ? null : use.booked(), use == null ? null : use.day(),
        sum(registry.find("hubgate.ratelimit.waiting").tag("portal", portal).gauges(), Gauge::value),
        sum(registry.find("hubgate.ratelimit.permits").tag("portal", portal).counters(), Counter::count),
        sum(registry.find("hubgate.ratelimit.rejections").tag("portal", portal).counters(), Counter::count),
        sum(registry.find("hubgate.ratelimit.hubspot.429").tag("portal", portal).counters(), Counter::count),
        cache(portal, "hit"), cache(portal, "miss"),
        sum(registry.find("hubgate.coalescing.queued").tag("portal", portal).gauges(), Gauge::value),
        coalescer.queueCapacity(),
        queued);
  }

  private double cache(String portal, String result) {
    return sum(registry.find("hubgate.cache.requests").tags("portal", portal, "result", result).counters(),
        Counter::count);
  }

  private CoalescingView coalescing() {
    DistributionSummary batches = registry.find("hubgate.coalescing.batch.inputs").summary();
    return new CoalescingView(
        byTag(registry.find("hubgate.coalescing.calls"), "operation"),
        batches == null ? 0 : batches.count(),
        batches == null ? 0 : batches.totalAmount(),
        sum(registry.find("hubgate.coalescing.isolation.requests").counters(), Counter::count),
        sum(registry.find("hubgate.coalescing.rejected").counters(), Counter::count),
        batches == null ? List.of() : buckets(batches.takeSnapshot().histogramCounts()));
  }

  /** Micrometer's bucket counts are cumulative (Prometheus' {@code le}): the page wants each bucket's own. */
  static List<Bucket> buckets(CountAtBucket[] cumulative) {
    List<Bucket> out = new ArrayList<>(cumulative.length);
    double below = 0;
    for (CountAtBucket b : cumulative) {
      out.add(new Bucket(b.bucket(), Math.max(0, b.count() - below)));
      below = Math.max(below, b.count());
    }
    return out;
  }

  private WebhookView webhooks() {
    Timer publish = registry.find("hubgate.events.publish").timer();
    return new WebhookView(
        byTag(registry.find("hubgate.webhook.requests"), "outcome"),
        byTag(registry.find("hubgate.webhook.events"), "outcome"),
        publish == null ? 0 : publish.count(),
        publish == null ? 0 : publish.totalTime(TimeUnit.MILLISECONDS),
        publish == null ? 0 : publish.max(TimeUnit.MILLISECONDS),
        recent.latest(console.recentEvents()));
  }

  private static Map<String, Double> byTag(Search search, String tag) {
    Map<String, Double> out = new TreeMap<>();
    search.counters().forEach(c -> out.merge(String.valueOf(c.getId().getTag(tag)), c.count(), Double::sum));
    return out;
  }

  private static <M> double sum(Collection<M> meters, ToDoubleFunction<M> value) {
    return meters.stream().mapToDouble(value).filter(Double::isFinite).sum();
  }
}
