package io.hubgate.ratelimit;

import java.util.ArrayList;
import java.util.List;

/**
 * Brute-force checks written independently of {@link SlotLog#firstFree}: they count windows directly, so a shared
 * mistake in the model and the script cannot hide.
 */
final class SlotOracle {

  private final List<Long> slots = new ArrayList<>();

  void add(long s) {
    slots.add(s);
  }

  List<Long> slots() {
    return slots;
  }

  /** Whether adding s keeps every window (t − w, t] that contains s at ≤ limit. */
  boolean feasible(long s, int limit, long w) {
    if (countIn(s - w, s) + 1 > limit) {
      return false;
    }
    for (long e : slots) {
      if (e > s && e < s + w && countIn(e - w, e) + 1 > limit) {
        return false;
      }
    }
    return true;
  }

  int countIn(long fromExclusive, long toInclusive) {
    int n = 0;
    for (long e : slots) {
      if (e > fromExclusive && e <= toInclusive) {
        n++;
      }
    }
    return n;
  }

  /** The most slots in any window (t − w, t]: the maximum is reached at some slot t. */
  static int maxInAnyWindow(List<Long> slots, long w) {
    int max = 0;
    for (long t : slots) {
      int n = 0;
      for (long e : slots) {
        if (e > t - w && e <= t) {
          n++;
        }
      }
      max = Math.max(max, n);
    }
    return max;
  }
}
