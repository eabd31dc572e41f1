package io.hubgate.ratelimit;

import java.util.Arrays;

/**
 * An exact rolling log of slot times (µs), kept sorted; the arithmetic of the limiter, shared by the in-process
 * limiter, the property tests' oracle, and (line by line) the Lua script.
 *
 * <p>Why it is exact: L + 1 slots fit in one half-open window (t − w, t] only if their span is below w. So a new slot
 * s breaks the bound exactly when some run of L existing slots e[j] .. e[j+L−1] spans less than w and s would join
 * it, i.e. that run spans less than w and s lies in the open interval (e[j+L−1] − w, e[j] + w). Both ends grow with j, so one pass in j order that
 * jumps s to the end of each interval it lands in yields the earliest admissible slot.
 */
final class SlotLog {

  private long[] slots = new long[16];
  private int size;

  /** Forgets slots at or before {@code t}: with s ≥ t + w they can no longer share a window with any new slot. */
  void dropUpTo(long t) {
    int i = 0;
    while (i < size && slots[i] <= t) {
      i++;
    }
    if (i > 0) {
      System.arraycopy(slots, i, slots, 0, size - i);
      size -= i;
    }
  }

  /** The earliest s ≥ {@code from} such that every window of length {@code window} containing s holds ≤ {@code limit}. */
  long firstFree(int limit, long from, long window) {
    long s = from;
    for (int j = 0; j + limit - 1 < size; j++) {
      long first = slots[j];
      long last = slots[j + limit - 1];
      if (last - first < window && last - window < s && s < first + window) {
        s = first + window;
      }
    }
    return s;
  }

  void insert(long s) {
    if (size == slots.length) {
      slots = Arrays.copyOf(slots, size * 2);
    }
    int i = size;
    while (i > 0 && slots[i - 1] > s) {
      slots[i] = slots[i - 1];
      i--;
    }
    slots[i] = s;
    size++;
  }

  /** Removes up to {@code count} slots equal to {@code s} (a permit given back: slots of one instant are interchangeable). */
  void remove(long s, int count) {
    int kept = 0;
    int removed = 0;
    for (int i = 0; i < size; i++) {
      if (slots[i] == s && removed < count) {
        removed++;
      } else {
        slots[kept++] = slots[i];
      }
    }
    size = kept;
  }

  /** The latest slot, or {@code Long.MIN_VALUE} when empty. */
  long newest() {
    return size == 0 ? Long.MIN_VALUE : slots[size - 1];
  }

  /** Slots in (fromExclusive, toInclusive]. */
  int countIn(long fromExclusive, long toInclusive) {
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (slots[i] > fromExclusive && slots[i] <= toInclusive) {
        n++;
      }
    }
    return n;
  }

  /** Slots after {@code t}, in order. */
  long[] after(long t) {
    return Arrays.stream(slots, 0, size).filter(s -> s > t).toArray();
  }
}
