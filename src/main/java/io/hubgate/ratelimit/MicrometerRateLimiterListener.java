package io.hubgate.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The limiter's metrics, tagged by portal (one tag value per configured portal: bounded cardinality as long as
 * portal ids come from configuration, not from callers).
 * <ul>
 *   <li>{@code hubgate.ratelimit.permits} (counter; portal, lane, mode): permits granted</li>
 *   <li>{@code hubgate.ratelimit.wait} (timer with percentile histogram; portal, lane): scheduled waits</li>
 *   <li>{@code hubgate.ratelimit.rejections} (counter; portal, lane, reason, source): acquisitions over the max wait;
 *       source {@code limiter} when the limiter decided (a Redis round trip when shared), {@code horizon} when the
 *       replica refused on its own, from Redis's last answer that the lane is booked beyond the max wait</li>
 *   <li>{@code hubgate.ratelimit.hubspot.429} (counter; portal, policy): 429s HubSpot returned despite the limiter</li>
 *   <li>{@code hubgate.ratelimit.cooldown} (timer; portal, policy): the cool-downs those 429s set</li>
 *   <li>{@code hubgate.ratelimit.external} (counter; portal): phantom slots booked for usage outside the gateway</li>
 *   <li>{@code hubgate.ratelimit.send.lag} (timer with percentile histogram; portal): send time − slot, the part of
 *       δ the replica itself uses up</li>
 *   <li>{@code hubgate.ratelimit.expired.permits} (counter; portal): calls that could not leave within the permit's
 *       validity after their slot, so were not sent on it but renewed</li>
 *   <li>{@code hubgate.ratelimit.waiting} (gauge; portal): callers on this replica granted a permit and waiting for
 *       its slot</li>
 *   <li>{@code hubgate.ratelimit.mode} (gauge; mode): 1 for the current mode, 0 for the others</li>
 *   <li>{@code hubgate.ratelimit.mode.changes} (counter; to)</li>
 * </ul>
 */
public final class MicrometerRateLimiterListener implements RateLimiterListener {

  private final MeterRegistry registry;
  private final AtomicReference<LimiterMode> current;
  private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();

  public MicrometerRateLimiterListener(MeterRegistry registry, LimiterMode initial) {
    this.registry = registry;
    this.current = new AtomicReference<>(initial);
    Map<LimiterMode, Gauge> gauges = new EnumMap<>(LimiterMode.class);
    for (LimiterMode mode : LimiterMode.values()) {
      gauges.put(mode, Gauge.builder("hubgate.ratelimit.mode", current, c -> c.get() == mode ? 1 : 0)
          .tag("mode", mode.name())
          .description("1 for the limiter's current mode")
          .register(registry));
    }
  }

  @Override
  public void granted(String portalId, Lane lane, int permits, Duration wait, LimiterMode mode) {
    Counter.builder("hubgate.ratelimit.permits")
        .tags("portal", portalId, "lane", lane.name(), "mode", mode.name())
        .register(registry)
        .increment(permits);
    Timer.builder("hubgate.ratelimit.wait")
        .tags("portal", portalId, "lane", lane.name())
        .publishPercentileHistogram()
        .register(registry)
        .record(wait);
  }

  @Override
  public void waiting(String portalId, int delta) {
    waiting.computeIfAbsent(portalId, id -> {
      var count = new AtomicInteger();
      Gauge.builder("hubgate.ratelimit.waiting", count, AtomicInteger::get)
          .tag("portal", id)
          .description("Callers granted a permit and waiting for its slot on this replica")
          .register(registry);
      return count;
    }).addAndGet(delta);
  }

  @Override
  public void rejected(String portalId, Lane lane, RejectReason reason) {
    registry.counter("hubgate.ratelimit.rejections", "portal", portalId, "lane", lane.name(), "reason", reason.name(),
        "source", "limiter").increment();
  }

  @Override
  public void refusedFromHorizon(String portalId, Lane lane, RejectReason reason) {
    registry.counter("hubgate.ratelimit.rejections", "portal", portalId, "lane", lane.name(), "reason", reason.name(),
        "source", "horizon").increment();
  }

  @Override
  public void penalized(String portalId, String policyName, Duration coolDown) {
    String policy = policyName == null ? "UNKNOWN" : policyName;
    registry.counter("hubgate.ratelimit.hubspot.429", "portal", portalId, "policy", policy).increment();
    registry.timer("hubgate.ratelimit.cooldown", "portal", portalId, "policy", policy).record(coolDown);
  }

  @Override
  public void externalUsage(String portalId, long phantomSlots) {
    registry.counter("hubgate.ratelimit.external", "portal", portalId).increment(phantomSlots);
  }

  @Override
  public void sent(String portalId, Duration lag, boolean expired) {
    Timer.builder("hubgate.ratelimit.send.lag")
        .tags("portal", portalId)
        .publishPercentileHistogram()
        .register(registry)
        .record(lag);
    if (expired) {
      registry.counter("hubgate.ratelimit.expired.permits", "portal", portalId).increment();
    }
  }

  @Override
  public void modeChanged(LimiterMode from, LimiterMode to) {
    current.set(to);
    registry.counter("hubgate.ratelimit.mode.changes", "to", to.name()).increment();
  }
}
