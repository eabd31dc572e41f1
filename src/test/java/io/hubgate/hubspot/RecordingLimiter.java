package io.hubgate.hubspot;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.hubgate.ratelimit.BudgetUse;
import io.hubgate.ratelimit.Lane;
import io.hubgate.ratelimit.LimiterMode;
import io.hubgate.ratelimit.Permit;
import io.hubgate.ratelimit.RateLimitHeaders;
import io.hubgate.ratelimit.RateLimiter;
import io.smallrye.mutiny.Uni;

/** A real limiter that also records what the client asked of it. */
final class RecordingLimiter implements RateLimiter {

  record Penalty(String portalId, String appId, String policyName, Optional<Duration> retryAfter) {
  }

  final AtomicInteger acquisitions = new AtomicInteger();
  final AtomicInteger sends = new AtomicInteger();
  final AtomicInteger renewals = new AtomicInteger();
  final AtomicInteger abandoned = new AtomicInteger();
  /** How many of the next {@link #sending} calls find their permit expired (as a replica far behind would). */
  final AtomicInteger expireNext = new AtomicInteger();
  final List<Lane> lanes = new CopyOnWriteArrayList<>();
  final List<Penalty> penalties = new CopyOnWriteArrayList<>();
  final List<RateLimitHeaders> observed = new CopyOnWriteArrayList<>();
  private final RateLimiter delegate;

  RecordingLimiter(RateLimiter delegate) {
    this.delegate = delegate;
  }

  @Override
  public Uni<Permit> acquire(String portalId, String appId, Lane lane, int permits) {
    return delegate.acquire(portalId, appId, lane, permits)
        .invoke(permit -> {
          acquisitions.incrementAndGet();
          lanes.add(lane);
        });
  }

  @Override
  public Uni<Void> penalize(String portalId, String appId, String policyName, Optional<Duration> retryAfter) {
    penalties.add(new Penalty(portalId, appId, policyName, retryAfter));
    return delegate.penalize(portalId, appId, policyName, retryAfter);
  }

  @Override
  public Uni<Void> observe(String portalId, String appId, RateLimitHeaders headers) {
    observed.add(headers);
    return delegate.observe(portalId, appId, headers);
  }

  @Override
  public Uni<BudgetUse> usage(String portalId, String appId) {
    return delegate.usage(portalId, appId);
  }

  @Override
  public boolean sending(Permit permit) {
    sends.incrementAndGet();
    if (expireNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return false;
    }
    return delegate.sending(permit);
  }

  @Override
  public Uni<Permit> renew(Permit expired) {
    renewals.incrementAndGet();
    return delegate.renew(expired);
  }

  @Override
  public void abandon(Permit expired) {
    abandoned.incrementAndGet();
    delegate.abandon(expired);
  }

  @Override
  public LimiterMode mode() {
    return delegate.mode();
  }
}
