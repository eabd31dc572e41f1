package io.hubgate.simulator;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fault injection per endpoint, and phantom apps consuming budget. The first matching rule applies. */
public final class Faults {

  private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
  private final List<PhantomApp> phantoms = new CopyOnWriteArrayList<>();
  private final Vertx vertx;
  private final RateLimits limits;
  private final RequestLog log;
  private final Clock clock;

  Faults(Vertx vertx, RateLimits limits, RequestLog log, Clock clock) {
    this.vertx = vertx;
    this.limits = limits;
    this.log = log;
    this.clock = clock;
  }

  /**
   * A rule for requests whose method ({@code null} or {@code "*"} for any) and path (a regular expression
   * matched against the whole path, without the query) match.
   */
  public FaultRule on(String method, String pathRegex) {
    FaultRule rule = new FaultRule("*".equals(method) ? null : method, pathRegex);
    rules.add(rule);
    return rule;
  }

  /**
   * Starts an app that sends {@code requestsPer10s} evenly spaced requests to {@code portalId}. HubSpot's burst
   * budget is per app: a phantom with the gateway's own app id takes from the gateway's window (as a second
   * process with the same token would); another app id only takes from the shared daily budget.
   */
  public PhantomApp phantomApp(long portalId, long appId, int requestsPer10s) {
    long interval = Math.max(1, 10_000L / requestsPer10s);
    long timer = vertx.setPeriodic(interval, id -> {
      long now = System.nanoTime();
      RateLimits.Verdict verdict = limits.acquire(portalId, appId, Credential.Kind.PRIVATE_APP, now, clock.instant());
      int status = verdict.admitted() ? 200 : 429;
      String policy = verdict.admitted() ? null : verdict.rejectedBy().name();
      log.add(new RequestLogEntry(now, java.time.Instant.now(), portalId, appId, "GET", "(phantom)", 1, status,
          "PHANTOM", policy));
    });
    PhantomApp phantom = new PhantomApp(vertx, timer);
    phantoms.add(phantom);
    return phantom;
  }

  /** Removes every rule and stops every phantom app. */
  public void clear() {
    rules.clear();
    phantoms.forEach(PhantomApp::close);
    phantoms.clear();
  }

  FaultRule match(String method, String path) {
    for (FaultRule rule : rules) {
      if (!rule.exhausted() && rule.matches(method, path)) {
        return rule;
      }
    }
    return null;
  }
}
