package io.hubgate.dedup;

/** What a claim on an event found. */
public enum Claim {
  /** Never seen (or its earlier claim expired): this caller now owns it and must confirm or release it. */
  NEW,
  /** Already published: acknowledge, do not publish again. */
  DUPLICATE,
  /** Another delivery is publishing it right now: it may still fail, so this one must not be acknowledged as done. */
  IN_FLIGHT
}
