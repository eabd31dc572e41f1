package io.hubgate.ratelimit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exports each portal's configured budget the first time the limiter looks it up, so that dashboards and alerts can
 * put {@code hubgate.ratelimit.permits} against the limit:
 * <ul>
 *   <li>{@code hubgate.ratelimit.budget.burst} (gauge; portal): requests per rolling window</li>
 *   <li>{@code hubgate.ratelimit.budget.window} (gauge, seconds; portal): that window (10 s at HubSpot)</li>
 *   <li>{@code hubgate.ratelimit.budget.daily} (gauge; portal): requests per day, 0 when none</li>
 * </ul>
 * Budgets come from configuration, so the values never change and the portal tag stays bounded.
 */
final class BudgetGauges implements PortalBudgets {

  private final PortalBudgets budgets;
  private final MeterRegistry registry;
  private final Map<String, PortalBudget> exported = new ConcurrentHashMap<>();

  private BudgetGauges(PortalBudgets budgets, MeterRegistry registry) {
    this.budgets = budgets;
    this.registry = registry;
  }

  static PortalBudgets exporting(PortalBudgets budgets, MeterRegistry registry) {
    return new BudgetGauges(budgets, registry);
  }

  @Override
  public PortalBudget forPortal(String portalId) {
    return exported.computeIfAbsent(portalId, this::export);
  }

  private PortalBudget export(String portalId) {
    PortalBudget budget = budgets.forPortal(portalId);
    Gauge.builder("hubgate.ratelimit.budget.burst", budget::burstLimit)
        .tag("portal", portalId)
        .description("Requests per rolling window (the portal's burst limit)")
        .register(registry);
    Gauge.builder("hubgate.ratelimit.budget.window", () -> budget.window().toNanos() / 1e9)
        .tag("portal", portalId)
        .baseUnit("seconds")
        .description("The burst limit's rolling window")
        .register(registry);
    Gauge.builder("hubgate.ratelimit.budget.daily", () -> Math.max(0, budget.dailyLimit()))
        .tag("portal", portalId)
        .description("Requests per day (0: no daily limit)")
        .register(registry);
    return budget;
  }
}
