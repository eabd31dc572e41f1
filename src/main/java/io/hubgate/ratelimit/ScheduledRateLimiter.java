package io.hubgate.ratelimit;

/**
 * What every limiter that hands out permits through a {@link PermitScheduler} decides the same way: whether a permit is
 * still good at the moment its call is written, and counting a call given up after its permit kept expiring.
 */
abstract class ScheduledRateLimiter implements RateLimiter {

  protected final LimiterSettings settings;
  protected final PermitScheduler scheduler;

  ScheduledRateLimiter(LimiterSettings settings, PermitScheduler scheduler) {
    this.settings = settings;
    this.scheduler = scheduler;
  }

  @Override
  public boolean sending(Permit permit) {
    return scheduler.onTime(permit, settings.permitValidity().toNanos());
  }

  @Override
  public void abandon(Permit expired) {
    scheduler.listener().rejected(expired.portalId(), expired.lane(), RejectReason.SEND_LAG);
  }
}
