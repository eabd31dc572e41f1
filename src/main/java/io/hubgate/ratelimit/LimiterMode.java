package io.hubgate.ratelimit;

/** How this replica currently decides admissions; for readiness details and metrics. */
public enum LimiterMode {
  /** Shared budget in Redis: every replica sees every admission. */
  REDIS,
  /** Redis is configured but unreachable: this replica admits only its share (budget ÷ max replicas). */
  LOCAL_FALLBACK,
  /** Redis answers again; admissions go through Redis AND stay within this replica's share until no unrecorded admission can remain in a window. */
  RECOVERING,
  /** No Redis configured (embedded default): in-process limiter with the full budget. */
  LOCAL
}
