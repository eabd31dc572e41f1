package io.hubgate.simulator;

import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * HubSpot does not return batch results in input order; a client that correlates by position must fail
 * here too. The order is drawn from the simulator's seed, so a failing test repeats.
 */
final class Shuffler {

  private final Random random;

  Shuffler(long seed) {
    this.random = new Random(seed);
  }

  synchronized <T> void shuffle(List<T> items) {
    if (items.size() > 1) {
      Collections.shuffle(items, random);
    }
  }

  synchronized double nextDouble() {
    return random.nextDouble();
  }
}
