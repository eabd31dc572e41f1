package io.hubgate.ratelimit;

/**
 * One acquisition's outcome: the reserved slot (µs on the decider's clock, Redis TIME or this replica's) and the
 * wait until it (all permits of a group share it), or why nothing was reserved and when a retry could fit.
 * {@code dayCount} is the portal's daily count afterwards.
 */
record Decision(boolean granted, long slotUs, long waitUs, RejectReason reason, long retryAfterUs, long dayCount) {

  static Decision granted(long slotUs, long waitUs, long dayCount) {
    return new Decision(true, slotUs, waitUs, null, 0, dayCount);
  }

  static Decision rejected(RejectReason reason, long retryAfterUs, long dayCount) {
    return new Decision(false, 0, 0, reason, retryAfterUs, dayCount);
  }
}
