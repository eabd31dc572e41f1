package io.hubgate.ratelimit;

/** Why an acquisition was refused (the wait would have exceeded the bounded max wait, or a cap is exhausted). */
public enum RejectReason {
  /** The per (app, portal) rolling window is booked beyond the max wait. */
  BURST_WINDOW,
  /** The portal's search budget is booked beyond the max wait. */
  SEARCH_WINDOW,
  /** The portal's daily cap is used up (or HubSpot said so with a DAILY 429). */
  DAILY_CAP,
  /** A shared cool-down after a 429 lasts longer than the max wait. */
  COOL_DOWN,
  /**
   * The call could not leave within its permit's validity, renewal after renewal: this replica is too busy to send on
   * time (never returned by the scripts; decided by the caller of {@link RateLimiter#abandon}).
   */
  SEND_LAG;

  /** The numeric code the Lua script returns (index + 1, matching the script). */
  static RejectReason ofCode(long code) {
    return values()[(int) code - 1];
  }

  int code() {
    return ordinal() + 1;
  }
}
