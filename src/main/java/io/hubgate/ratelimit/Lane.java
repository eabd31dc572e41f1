package io.hubgate.ratelimit;

/**
 * Which share of a portal's budget a request draws on.
 *
 * <p>{@link #INTERACTIVE} and {@link #BULK} share the per (app, portal) rolling window; {@link #SEARCH} has its
 * own per-portal budget (HubSpot's CRM search limit) and, unless configured otherwise, also counts in the window.
 */
public enum Lane {
  /** A caller is waiting: may use the whole window and is never queued behind bulk reservations. */
  INTERACTIVE,
  /** Syncs and batch jobs: only up to {@code L·(1 − interactiveReserve)} per window, so interactive work always finds room. */
  BULK,
  /** {@code POST .../search}: its own per-second budget per portal. */
  SEARCH
}
