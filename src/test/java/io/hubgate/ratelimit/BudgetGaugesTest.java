package io.hubgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BudgetGaugesTest {

  @Test
  void exportsEachPortalsBudgetOnceItIsLookedUp() {
    var registry = new SimpleMeterRegistry();
    var lookups = new AtomicInteger();
    PortalBudgets budgets = BudgetGauges.exporting(portal -> {
      lookups.incrementAndGet();
      return "9".equals(portal) ? new PortalBudget(190, Duration.ofMillis(500), 0, 5, ZoneOffset.UTC)
          : PortalBudget.of(100, 250_000);
    }, registry);
    assertNull(registry.find("hubgate.ratelimit.budget.burst").gauge(), "nothing before a lookup");

    budgets.forPortal("101");
    budgets.forPortal("101");
    budgets.forPortal("9");

    assertEquals(2, lookups.get(), "resolved once per portal");
    assertEquals(100, registry.get("hubgate.ratelimit.budget.burst").tag("portal", "101").gauge().value());
    assertEquals(10, registry.get("hubgate.ratelimit.budget.window").tag("portal", "101").gauge().value());
    assertEquals(250_000, registry.get("hubgate.ratelimit.budget.daily").tag("portal", "101").gauge().value());
    assertEquals(190, registry.get("hubgate.ratelimit.budget.burst").tag("portal", "9").gauge().value());
    assertEquals(0.5, registry.get("hubgate.ratelimit.budget.window").tag("portal", "9").gauge().value());
    assertEquals(0, registry.get("hubgate.ratelimit.budget.daily").tag("portal", "9").gauge().value());
  }
}
