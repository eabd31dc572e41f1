package io.hubgate.ratelimit;

import java.time.Duration;

/**
 * The caller would have had to wait longer than the configured max wait. Nothing was reserved: retrying after
 * {@link #retryAfter()} has a fair chance (without other traffic it would then fit within the max wait).
 */
public final class RateLimitExceededException extends RuntimeException {

  private final transient Duration retryAfter;
  private final RejectReason reason;

  public RateLimitExceededException(Duration retryAfter, RejectReason reason) {
    super("rate limit: " + reason + ", retry after " + retryAfter.toMillis() + " ms", null, false, false);
    this.retryAfter = retryAfter;
    this.reason = reason;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  public RejectReason reason() {
    return reason;
  }
}
