package io.hubgate.ratelimit;

import java.util.List;

/**
 * One acquisition's outcome, in µs relative to the decider's clock: the waits until each reserved slot, or why
 * nothing was reserved and when a retry could fit. {@code dayCount} is the portal's daily count afterwards.
 */
record Decision(boolean granted, List<Long> waitsUs, RejectReason reason, long retryAfterUs, long dayCount) {

  static Decision granted(List<Long> waitsUs, long dayCount) {
    return new Decision(true, List.copyOf(waitsUs), null, 0, dayCount);
  }

  static Decision rejected(RejectReason reason, long retryAfterUs, long dayCount) {
    return new Decision(false, List.of(), reason, retryAfterUs, dayCount);
  }

  long lastWaitUs() {
    return waitsUs.get(waitsUs.size() - 1);
  }
}
