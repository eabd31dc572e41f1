package io.hubgate.ratelimit;

/** Looks up a portal's budget (configuration lives elsewhere; tiers, presets and defaults are resolved there). */
@FunctionalInterface
public interface PortalBudgets {

  PortalBudget forPortal(String portalId);

  static PortalBudgets uniform(PortalBudget budget) {
    return portalId -> budget;
  }
}
