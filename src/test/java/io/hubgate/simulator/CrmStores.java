package io.hubgate.simulator;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link PortalCrm} per portal, created on first use. */
final class CrmStores {

  private final Clock clock;
  private final Map<Long, PortalCrm> stores = new ConcurrentHashMap<>();

  CrmStores(Clock clock) {
    this.clock = clock;
  }

  PortalCrm of(long portalId) {
    return stores.computeIfAbsent(portalId, id -> new PortalCrm(id, clock));
  }

  void clear() {
    stores.clear();
  }
}
