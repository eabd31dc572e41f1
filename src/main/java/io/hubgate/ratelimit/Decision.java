package io.hubgate.ratelimit;

/**
 * One acquisition's outcome, in µs relative to the decider's clock: the wait until the reserved slot (all permits of
 * a group share it), or why nothing was reserved and when a retry could fit. {@code dayCount} is the portal's daily
 * count afterwards.
 */
record Decision(boolean granted, long waitUs, RejectReason reason, long retryAfterUs, long dayCount) {

  static Decision granted(long waitUs, long dayCount) {
    return new Decision(true, waitUs, null, 0, dayCount);
  }

  static Decision rejected(RejectReason reason, long retryAfterUs, long dayCount) {
    return new Decision(false, 0, reason, retryAfterUs, dayCount);
  }
}
